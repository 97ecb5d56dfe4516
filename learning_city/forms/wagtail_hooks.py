from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register
from wagtail_modeladmin.views import InspectView

from learning_city.forms import admin_views, entries
from learning_city.forms.models import FormEntry


class ReadOnlyPermissionHelper(PermissionHelper):
    """Submissions are the applicants' words: reviewers read and export them, never edit."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class EntryInspectView(InspectView):
    """Answers by step, as the applicant saw them, with the attached files."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.instance
        context.update(
            summary=entries.answers_by_step(entry.page.specific, entry.answers), files=list(entry.files.all())
        )
        return context


@modeladmin_register
class FormEntryAdmin(ModelAdmin):
    model = FormEntry
    menu_label = _("Form submissions")
    menu_icon = "form"
    menu_order = 250
    list_display = ("reference", "page", "user", "status", "submitted_at", "last_saved_at")
    list_filter = ("page", "status", "submitted_at")
    search_fields = ("reference", "user__email", "user__username")
    list_select_related = ("page", "user")
    inspect_view_enabled = True
    inspect_template_name = "forms/admin/inspect_entry.html"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_class = EntryInspectView


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
    ]
