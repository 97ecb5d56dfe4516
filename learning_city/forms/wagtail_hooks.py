from django.contrib.admin import SimpleListFilter
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import InspectView

from learning_city.forms import access, admin_views, copying, entries, publishing, tasks
from learning_city.forms.models import FormEntry, MultiStepFormPage
from learning_city.forms.template_views import NewFormFromTemplate


class ReadOnlyPermissionHelper(PermissionHelper):
    """Submissions are the applicants' words: reviewers read and export them, never edit. Only the view
    permission opens the listing (add, change or delete alone open nothing), and a draft is never shown."""

    def user_can_list(self, user):
        return access.may_review(user)

    def user_can_inspect_obj(self, user, obj):
        return access.may_review(user) and obj.status in entries.SUBMITTED_STATUSES

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class SubmittedStatusFilter(SimpleListFilter):
    """The statuses a submission can have: submitted, or returned to its applicant for changes."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(status, FormEntry.Status(status).label) for status in entries.SUBMITTED_STATUSES]

    def queryset(self, request, queryset):
        if self.value() in entries.SUBMITTED_STATUSES:
            return queryset.filter(status=self.value())
        return queryset


class EntryInspectView(InspectView):
    """Answers by step, as the applicant saw them, with the attached files. A draft is the
    applicant's own until submitted: reviewers cannot open it."""

    def __init__(self, model_admin, instance_pk):
        super().__init__(model_admin, instance_pk)
        if self.instance.status not in entries.SUBMITTED_STATUSES:
            raise Http404

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.instance
        context.update(summary=entries.summary_of(entry), files=list(entry.files.all()))
        return context


@modeladmin_register
class FormEntryAdmin(ModelAdmin):
    """Submissions, including those returned for changes; drafts do not belong here."""

    model = FormEntry
    menu_label = _("Form submissions")
    menu_icon = "form"
    menu_order = 250
    list_display = ("reference", "page", "user", "status", "submitted_at", "last_saved_at")
    list_filter = ("page", SubmittedStatusFilter, "submitted_at")
    search_fields = ("reference", "user__email", "user__username")
    list_select_related = ("page", "user")
    inspect_view_enabled = True
    inspect_template_name = "forms/admin/inspect_entry.html"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_class = EntryInspectView

    def get_queryset(self, request):
        return access.reviewable(super().get_queryset(request))


@hooks.register("register_admin_urls")
def submission_export_urls():
    return [
        path(
            "form-submissions/<int:page_id>/export.<str:file_format>",
            admin_views.export_submissions,
            name="form_submissions_export",
        ),
        path(
            "form-submissions/entry/<int:entry_id>/attachments.zip",
            admin_views.entry_attachments,
            name="form_entry_attachments",
        ),
        path("forms/new/<int:parent_page_id>/", NewFormFromTemplate.as_view(), name="form_from_template"),
    ]


@hooks.register("before_create_page")
def choose_template_first(request, parent_page, page_class):
    """A new form starts from its purpose's template: Wagtail's "add page" asks for the purpose first.
    Only the GET of Wagtail's own add view: the editor's form posts there, and is let through."""
    match = request.resolver_match
    if page_class is MultiStepFormPage and request.method == "GET" and match and match.url_name == "add":
        return redirect("form_from_template", parent_page.pk)
    return None


hooks.register("after_copy_page", copying.after_copy)


hooks.register("before_edit_page", publishing.confirm_changed_form)


@hooks.register("register_log_actions")
def confirmation_log_actions(actions):
    """How the site history shows a submission's confirmation e-mail (recorded by ``tasks``)."""

    @actions.register_action(tasks.CONFIRMATION_SENT)
    class ConfirmationSent(LogFormatter):
        label = _("Confirmation e-mail sent")

        def format_message(self, log_entry):
            return _("Confirmation e-mail sent to %(recipient)s") % {"recipient": log_entry.data.get("recipient", "")}

    @actions.register_action(tasks.CONFIRMATION_FAILED)
    class ConfirmationFailed(LogFormatter):
        label = _("Confirmation e-mail not sent")

        def format_message(self, log_entry):
            return _("Confirmation e-mail to %(recipient)s not sent after %(attempts)s attempt(s): %(error)s") % {
                "recipient": log_entry.data.get("recipient", ""),
                "attempts": log_entry.data.get("attempts", ""),
                "error": log_entry.data.get("error", ""),
            }
