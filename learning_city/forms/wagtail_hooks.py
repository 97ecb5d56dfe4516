from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.log_actions import LogFormatter

from learning_city.forms import admin_views, copying, dashboard, publishing, tasks
from learning_city.forms.forms_admin import FormListingViewSet
from learning_city.forms.models import MultiStepFormPage
from learning_city.forms.submissions_admin import SubmissionViewSet
from learning_city.forms.template_views import NewFormFromTemplate


class FormsGroup(ViewSetGroup):
    """ "表单" in the sidebar: every form page, and the submissions of those the user manages."""

    menu_label = _("Forms")
    menu_icon = "form"
    menu_order = 220
    items = (FormListingViewSet, SubmissionViewSet)


@hooks.register("register_admin_viewset")
def forms_viewsets():
    return FormsGroup()


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


hooks.register("construct_homepage_panels", dashboard.add_panel)
