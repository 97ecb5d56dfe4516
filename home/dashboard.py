"""The dashboard's "草稿": pages the user may edit whose latest changes are not published yet (never
published, or live with a newer draft), most recently edited first."""

from wagtail.admin.ui.components import Component
from wagtail.permissions import page_permission_policy


class DraftsPanel(Component):
    name = "drafts"
    order = 97
    template_name = "home/admin/drafts_panel.html"
    shown = 10

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        drafts = (
            page_permission_policy.instances_user_has_permission_for(self.user, "change")
            .filter(has_unpublished_changes=True, depth__gt=1)
            .select_related("latest_revision__user")
            .order_by("-latest_revision_created_at", "-pk")
        )
        return {"count": drafts.count(), "drafts": list(drafts[: self.shown])}


def add_panel(request, panels):
    if page_permission_policy.user_has_permission(request.user, "change"):
        panels.append(DraftsPanel(request.user))
