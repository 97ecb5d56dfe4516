"""The dashboard's "最近的表单提交": for each form the user manages, how many submissions it has,
how many arrived this week and when the last one came, linking to them in "表单提交"."""

from datetime import timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from learning_city.forms import access, entries


class RecentSubmissionsPanel(Component):
    name = "recent_submissions"
    order = 95
    template_name = "forms/admin/recent_submissions_panel.html"
    shown = 10
    recent_days = 7

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        submitted = Q(entries__status__in=entries.SUBMITTED_STATUSES)
        since = timezone.now() - timedelta(days=self.recent_days)
        forms = (
            access.managed_forms(self.user)
            .annotate(
                submissions=Count("entries", filter=submitted),
                recent=Count("entries", filter=submitted & Q(entries__submitted_at__gte=since)),
                latest=Max("entries__submitted_at", filter=submitted),
            )
            .filter(submissions__gt=0)
            .only("pk", "title")
            .order_by("-latest")
        )
        return {"forms": list(forms[: self.shown]), "recent_days": self.recent_days}


def add_panel(request, panels):
    if access.may_review(request.user):
        panels.append(RecentSubmissionsPanel(request.user))
