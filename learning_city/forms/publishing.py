"""Before an editor publishes a changed form that people are using, the admin says what changes.

Wagtail's ``before_edit_page`` hook sees the publish before it happens. When the posted steps
change questions of a form that has drafts in progress or submissions on the live version, the
editor gets a page that says how many entries use it and which questions change, and either
confirms the publish or keeps the changes as a draft — both post the same edits again, so
nothing typed in the editor is lost.
"""

from django.template.response import TemplateResponse

from learning_city.forms import versions
from learning_city.forms.definitions import Definition
from learning_city.forms.models import MultiStepFormPage

CONFIRMED = "confirm_form_change"


def _posted_definition(request, page):
    """The steps as posted, validated by the page's own edit form; None when the form is invalid
    (the editor then sees the usual errors)."""
    live = MultiStepFormPage.objects.get(pk=page.pk)
    form_class = MultiStepFormPage.get_edit_handler().get_form_class()
    form = form_class(request.POST, request.FILES, instance=live, parent_page=live.get_parent(), for_user=request.user)
    if not form.is_valid():
        return None
    return Definition([child.value for child in form.cleaned_data["steps"]])


def confirm_changed_form(request, page):
    if request.method != "POST" or "action-publish" not in request.POST or request.POST.get(CONFIRMED):
        return None
    if not isinstance(page.specific, MultiStepFormPage) or not page.live:
        return None
    live = MultiStepFormPage.objects.get(pk=page.pk)
    usage = versions.usage(live)
    if not usage["drafts"] and not usage["submissions"]:
        return None
    posted = _posted_definition(request, page)
    if posted is None:
        return None
    changes = versions.question_changes(live.definition, posted)
    if not changes:
        return None
    return TemplateResponse(
        request,
        "forms/admin/confirm_publish.html",
        {
            "page": live,
            "usage": usage,
            "changes": changes,
            "posted": [
                (name, value) for name, values in request.POST.lists() for value in values if name != "action-publish"
            ],
            "confirm_name": CONFIRMED,
        },
    )
