"""A new form page starts from its purpose's template.

Wagtail's "add page" for a form page leads here (``wagtail_hooks.choose_template_first``): the editor
picks what the form is for, in plain words, and gets Wagtail's own page editor with the purpose set
and the template's questions in place. Nothing is saved until the editor saves, and the editor's
form posts to Wagtail's own add view, as any new page does.
"""

from django.template.response import TemplateResponse
from wagtail.admin.views.pages.create import CreateView

from learning_city.forms import purposes
from learning_city.forms.builder import with_new_ids
from learning_city.forms.models import MultiStepFormPage

FORM_MODEL = MultiStepFormPage._meta


class NewFormFromTemplate(CreateView):
    """Wagtail's create view with the purpose's template filled in; without a purpose chosen
    yet, the page that offers them. Wagtail's checks (may the user add a form here?) come first."""

    http_method_names = ["get"]

    def dispatch(self, request, parent_page_id):
        return super().dispatch(request, FORM_MODEL.app_label, FORM_MODEL.model_name, parent_page_id)

    def get(self, request):
        name = request.GET.get("purpose")
        if name not in dict(purposes.choices()):
            return self.choose(request)
        purpose = purposes.get(name)
        self.page.purpose = purpose.name
        self.page.steps = with_new_ids(purpose.template())
        return super().get(request)

    def choose(self, request):
        return TemplateResponse(
            request,
            "forms/admin/choose_template.html",
            {"parent_page": self.parent_page, "purposes": purposes.registered(), "url": request.path},
        )
