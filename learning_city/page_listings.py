"""A base for the sidebar's flat listings of one page type (Wagtail's ``PageListingViewSet``): its menu
entry is shown only to those who may work on pages, as the listing itself requires."""

from django.utils.functional import cached_property
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.permissions import page_permission_policy


class PermittedPageListingViewSet(PageListingViewSet):
    @cached_property
    def menu_item_class(self):
        actions = self.index_view_class.any_permission_required

        class PageListingMenuItem(MenuItem):
            def is_shown(self, request):
                return page_permission_policy.user_has_any_permission(request.user, actions)

        return PageListingMenuItem
