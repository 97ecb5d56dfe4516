"""The review desk: each reviewer's scoped queue and an application's whole file."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from learning_city.applications import history
from learning_city.applications.models.application import PublicStatus
from learning_city.applications.models.reviewers import reviewed_province_ids
from learning_city.applications.scoping import sees_all, visible_applications
from learning_city.forms import entries


def is_reviewer(user):
    return user.is_authenticated and user.is_active and (sees_all(user) or bool(reviewed_province_ids(user)))


class ReviewerOnly:
    def dispatch(self, request, *args, **kwargs):
        if not is_reviewer(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class QueueView(ReviewerOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "applications/admin/queue.html"
    page_title = _("Application review desk")
    header_icon = "doc-full-inverse"

    def get_context_data(self, **kwargs):
        applications = visible_applications(self.request.user).with_status().select_related("decision")
        query = self.request.GET.get("q", "").strip()[:50]
        if query:
            applications = applications.filter(Q(reference__icontains=query) | Q(city__name__icontains=query))
        status = self.request.GET.get("status", "")
        rows = [(application, application.public_status()) for application in applications[:500]]
        if status in PublicStatus.values:
            rows = [row for row in rows if row[1] == status]
        return super().get_context_data(rows=rows, query=query, status=status, statuses=PublicStatus.choices, **kwargs)


class ApplicationView(ReviewerOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "applications/admin/application.html"
    header_icon = "doc-full-inverse"

    def get_page_title(self):
        return str(self.application)

    def dispatch(self, request, *args, pk, **kwargs):
        if not is_reviewer(request.user):
            raise PermissionDenied
        self.application = get_object_or_404(visible_applications(request.user), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        application = self.application
        page = application.entry.page.specific
        task = application.current_workflow_task
        user = self.request.user
        can_act = bool(task and task.specific.get_actions(application, user))
        return super().get_context_data(
            application=application,
            status=application.public_status(),
            summary=entries.answers_by_step(page, application.answers),
            files=list(application.entry.files.all()),
            manifest=application.file_manifest,
            events=history.events(application),
            notifications=application.notifications.all()[:50],
            current_task=task,
            edit_url=reverse("wagtailsnippets_applications_cityapplication:edit", args=[application.pk])
            if can_act
            else None,
            compare_url=reverse("wagtailsnippets_applications_cityapplication:history", args=[application.pk])
            if sees_all(user)
            else None,
            **kwargs,
        )
