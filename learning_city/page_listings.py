"""A base for the sidebar's flat listings of one page type (Wagtail's ``PageListingViewSet``): its menu
entry is shown only to those who may work on pages, as the listing itself requires, and each title
links to the page's editor."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import TitleColumn
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


def edit_title_column():
    """The page's title linking to its editor. Not Wagtail's ``PageTitleColumn``: its menu of actions
    asks the database, for each row, whether a page may be deleted."""
    return TitleColumn(
        "title",
        label=_("Title"),
        sort_key="title",
        get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk]),
    )
