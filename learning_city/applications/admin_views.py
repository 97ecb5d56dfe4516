"""The review desk: each reviewer's scoped queue and an application's whole file."""

import tempfile

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import TaskState

from learning_city.applications import documents, exports, history, review, summaries
from learning_city.applications.models import ProvincialRecommendation
from learning_city.applications.models.application import PublicStatus
from learning_city.applications.models.reviewers import reviewed_province_ids
from learning_city.applications.scoping import sees_all, visible_applications
from learning_city.forms import entries

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_reviewer(user):
    return user.is_authenticated and user.is_active and (sees_all(user) or bool(reviewed_province_ids(user)))


class ReviewerOnly:
    """The desk's pages: reviewers only, with the page's own title in the breadcrumbs."""

    parent_crumb = None  # (url name, label) of the page above this one, if any

    def dispatch(self, request, *args, **kwargs):
        if not is_reviewer(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        crumbs = list(self.breadcrumbs_items)
        if self.parent_crumb:
            crumbs.append({"url": reverse(self.parent_crumb[0]), "label": self.parent_crumb[1]})
        return [*crumbs, {"url": "", "label": self.get_page_title()}]


class QueueView(ReviewerOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "applications/admin/queue.html"
    page_title = _("Application review desk")
    header_icon = "doc-full-inverse"

    def get_context_data(self, **kwargs):
        applications = (
            visible_applications(self.request.user).with_status().with_stamped_scan().select_related("decision")
        )
        query = self.request.GET.get("q", "").strip()[:50]
        if query:
            applications = applications.filter(Q(reference__icontains=query) | Q(city__name__icontains=query))
        status = self.request.GET.get("status", "")
        rows = [(application, application.public_status()) for application in applications[:500]]
        if status in PublicStatus.values:
            rows = [row for row in rows if row[1] == status]
        return super().get_context_data(
            rows=rows,
            query=query,
            status=status,
            statuses=PublicStatus.choices,
            workflow_problem=sees_all(self.request.user) and not review.workflow_is_sound(),
            **kwargs,
        )


class ApplicationView(ReviewerOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "applications/admin/application.html"
    header_icon = "doc-full-inverse"
    parent_crumb = ("applications_desk", _("Application review desk"))

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
            summary=entries.answers_by_step(page, application.answers, application.form_version),
            files=list(application.entry.files.all()),
            scans=documents.scans(application),
            submitted_for=documents.submission_time(application),
            manifest=application.file_manifest,
            events=history.events(application),
            notifications=application.notifications.all()[:50],
            current_task=task,
            edit_url=reverse("wagtailsnippets_applications_cityapplication:edit", args=[application.pk])
            if can_act
            else None,
            history_url=reverse("wagtailsnippets_applications_cityapplication:history", args=[application.pk])
            if sees_all(user)
            else None,
            compare_url=reverse(
                "wagtailsnippets_applications_cityapplication:revisions_compare",
                kwargs={"pk": application.pk, "revision_id_a": "earliest", "revision_id_b": "latest"},
            )
            if application.revisions.count() > 1
            else None,
            **kwargs,
        )


class SummaryForm(forms.ModelForm):
    class Meta:
        model = ProvincialRecommendation
        fields = ["department", "filled_in_by", "contact"]


class SummaryListView(ReviewerOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "applications/admin/summaries.html"
    page_title = _("Provincial summaries (attachment 2)")
    header_icon = "list-ol"
    parent_crumb = ("applications_desk", _("Application review desk"))

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        listed = [
            (
                summary,
                bool(
                    summary.round.provincial_deadline
                    and not summary.is_submitted
                    and summary.round.provincial_deadline < today
                ),
            )
            for summary in summaries.visible_summaries(self.request.user)
        ]
        return super().get_context_data(summaries=listed, **kwargs)


class SummaryView(ReviewerOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "applications/admin/summary.html"
    header_icon = "list-ol"
    parent_crumb = ("applications_summaries", _("Provincial summaries (attachment 2)"))

    def get_page_title(self):
        return str(self.summary)

    def dispatch(self, request, *args, pk, **kwargs):
        if not is_reviewer(request.user):
            raise PermissionDenied
        self.summary = get_object_or_404(summaries.visible_summaries(request.user), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        summary, user = self.summary, request.user
        if not summaries.may_edit(user, summary):
            raise PermissionDenied
        if "move" in request.POST:
            item_id, _sep, direction = request.POST["move"].partition(":")
            if item_id.isdigit():
                summaries.move(user, summary, int(item_id), -1 if direction == "up" else 1)
            return redirect(request.path)
        form = SummaryForm(request.POST, instance=summary)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        form.save()
        if "submit" in request.POST:
            try:
                summaries.submit(user, summary)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect(request.path)
            messages.success(request, _("The summary was sent to the ministry."))
        else:
            messages.success(request, _("Saved."))
        return redirect(request.path)

    def get_context_data(self, **kwargs):
        summary = self.summary
        kwargs.setdefault("form", SummaryForm(instance=summary))
        return super().get_context_data(
            summary=summary,
            rows=summaries.rows(summary),
            editable=summaries.may_edit(self.request.user, summary),
            **kwargs,
        )


class ReviewQueuePanel(Component):
    """On the dashboard, beside Wagtail's "awaiting your review": the reviewer's counts and overdue work."""

    name = "review_queue"
    order = 90
    template_name = "applications/admin/queue_panel.html"

    def __init__(self, user):
        self.user = user

    shown = 10  # the oldest waiting applications listed by name; the count says how many in all

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        waiting = TaskState.objects.reviewable_by(self.user).filter(
            workflow_state__base_content_type__app_label="applications"
        )
        oldest = list(waiting.select_related("task", "workflow_state").order_by("started_at", "pk")[: self.shown])
        applications = visible_applications(self.user).in_bulk(
            [int(state.workflow_state.object_id) for state in oldest]
        )
        unsent = [
            summary
            for summary in summaries.visible_summaries(self.user).filter(items__sent_at__isnull=True).distinct()
            if summaries.may_edit(self.user, summary)
        ]
        return {
            "waiting": waiting.count(),
            "awaiting": [
                (applications[int(state.workflow_state.object_id)], state)
                for state in oldest
                if int(state.workflow_state.object_id) in applications
            ],
            "unsent": unsent,
            "overdue": [s for s in unsent if s.round.provincial_deadline and s.round.provincial_deadline < today],
        }


def _download(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
def summary_export(request, pk, file_format):
    """Attachment 2 as the provinces file it: XLSX, a PDF laid out like the official table, or a ZIP of
    every recommended application's PDF and attachments with a manifest."""
    if not is_reviewer(request.user):
        raise PermissionDenied
    summary = get_object_or_404(summaries.visible_summaries(request.user), pk=pk)
    name = f"{summary.province.name}-{summary.round.year}-推荐汇总表"
    if file_format == "xlsx":
        return _download(exports.summary_xlsx(summary), f"{name}.xlsx", XLSX)
    if file_format == "pdf":
        return _download(exports.summary_pdf(summary), f"{name}.pdf", "application/pdf")
    if file_format == "zip":
        spooled = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it after streaming
        exports.summary_zip(summary, spooled)
        spooled.seek(0)
        return FileResponse(spooled, as_attachment=True, filename=f"{name}.zip", content_type="application/zip")
    raise Http404


@never_cache
def application_pdf(request, pk):
    if not is_reviewer(request.user):
        raise PermissionDenied
    application = get_object_or_404(visible_applications(request.user), pk=pk)
    return _download(
        exports.application_pdf(application), f"{application.reference}-{application.city.name}.pdf", "application/pdf"
    )
