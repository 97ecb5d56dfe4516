from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from search.models import HiddenSearchTerm


class HiddenSearchTermViewSet(ModelViewSet):
    """Settings → 隐藏的搜索词, beside Wagtail's promoted search results; shown to those with its permissions."""

    model = HiddenSearchTerm
    icon = "search"
    menu_label = _("Hidden search terms")
    menu_order = 910
    add_to_settings_menu = True
    form_fields = ["term", "note"]
    list_display = ["term", "note", "created_at"]
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def hidden_search_terms_viewset():
    return HiddenSearchTermViewSet("hidden_search_terms")
