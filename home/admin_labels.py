"""Labels Wagtail 8.0.1 leaves untranslatable: three form fields declared without a label, which Django then
names after the field ("Page", "Content types"). Screen readers read them aloud on the group and workflow
editors. Given here once, at start-up, in the site's language (through the catalogue)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.workflows import WorkflowContentTypeForm, WorkflowPageForm
from wagtail.users.forms import PagePermissionsForm


def label_wagtail_fields():
    for form, field, label in (
        (WorkflowPageForm, "page", _("Page")),
        (PagePermissionsForm, "page", _("Page")),
        (WorkflowContentTypeForm, "content_types", _("Content types")),
    ):
        form.base_fields[field].label = label
