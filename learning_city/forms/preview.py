"""The page editor's preview of a form page: what applicants see, one screen per preview mode.

Wagtail's preview panel offers a page's ``preview_modes`` as a switcher; a form page has one mode
for its first page (the steps as a task list) and one per step. A step is its real step form,
unbound and tied to no entry, so nothing is saved and no draft is made; the buttons do nothing.
"""

from csp.decorators import csp_replace
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from learning_city.forms.step_forms import step_form_class

STEP_MODE = "step-"


def modes(page):
    steps = [
        (f"{STEP_MODE}{number}", gettext("Step %(number)d: %(title)s") % {"number": number, "title": step["title"]})
        for number, step in enumerate(page.step_list, start=1)
    ]
    return [("", gettext("First page and steps")), *steps]


def step_number(mode_name, page):
    """The step a mode shows, or None for the first page (and for a mode the page no longer has)."""
    if mode_name.startswith(STEP_MODE) and mode_name[len(STEP_MODE) :].isdigit():
        number = int(mode_name[len(STEP_MODE) :])
        if 1 <= number <= len(page.step_list):
            return number
    return None


def framed_by_the_editor(response):
    """Wagtail renders a preview through the middleware with the page's own path, so it gets the public
    pages' ``frame-ancestors 'none'``: the editor's preview panel, on this site, must frame it."""
    return csp_replace({"frame-ancestors": ["'self'"]})(lambda: response)()


def serve(page, request, mode_name):
    return framed_by_the_editor(_render(page, request, mode_name))


def _render(page, request, mode_name):
    number = step_number(mode_name, page)
    context = {
        "page": page,
        "self": page,
        "modes": modes(page),
        "mode": mode_name if number else "",
        "step_count": len(page.step_list),
    }
    if number is None:
        return TemplateResponse(request, "forms/preview.html", context)
    step = page.step_list[number - 1]
    context.update(step=step, step_number=number, form=step_form_class(step)(entry=None))
    return TemplateResponse(request, "forms/preview.html", context)
