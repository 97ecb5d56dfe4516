"""The form builder as a newcomer meets it: a new form starts from its purpose's template, and the
questions a purpose needs are named by their labels, never by their keys.

A purpose's template (``Purpose.template``) holds its required questions already keyed. The editor
may relabel and move them; deleting one is refused when the page is validated, with the labels the
template gave them (the editor may have relabelled others, but never sees a key).
"""

import uuid

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from learning_city.forms import purposes
from learning_city.forms.blocks import questions

PURPOSE_HELP = _(
    "What happens to each submission. A purpose other than “Store submissions only” needs some questions: "
    "start a new form from the purpose's template and they are there already."
)


def _purpose_help():
    lines = [f"{purpose.label}：{purpose.description}" for purpose in purposes.registered() if purpose.description]
    return " ".join([str(PURPOSE_HELP), *lines])


# The purpose field's help: what each purpose does, in plain words. Lazy: purposes register at start-up.
purpose_help = lazy(_purpose_help, str)()


def template_labels(purpose):
    """``{key: label}`` of the questions in the purpose's template."""
    labels = {}
    for step in purpose.template():
        for child in _template_questions(step["value"]["fields"]):
            if child["value"].get("key"):
                labels[child["value"]["key"]] = child["value"]["label"]
    return labels


def _template_questions(fields):
    for child in fields:
        if child["type"] == "section":
            yield from _template_questions(child["value"]["fields"])
        elif isinstance(child.get("value"), dict) and "label" in child["value"]:
            yield child


def required_questions(page):
    """The questions of ``page`` its purpose needs, as ``(step title, label)`` in the form's order."""
    required = set(purposes.get(page.purpose).required_keys)
    return [
        (step["title"], question.full_label)
        for step in page.step_list
        for question in questions(step)
        if question.key in required
    ]


def missing_questions_error(page, keys):
    """The message for a form whose purpose lacks questions: their labels, and what to do."""
    purpose = purposes.get(page.purpose)
    missing = [key for key in purpose.required_keys if key not in keys]
    if not missing:
        return None
    labels = template_labels(purpose)
    names = "、".join(f"“{labels.get(key, key)}”" for key in missing)
    return gettext(
        "The purpose “%(purpose)s” needs these questions, which the form no longer has: %(questions)s. "
        "Questions a purpose needs can be relabelled and moved, not deleted: undo the deletion, start a new "
        "form from the purpose's template, or choose “Store submissions only”."
    ) % {"purpose": purpose.label, "questions": names}


def with_new_ids(data):
    """StreamField JSON with a new id for every block (a block is a dict with a type and a value):
    a template's questions get ids, and so stable keys, before the editor first sees them; a copy's
    get new ones."""
    if isinstance(data, list):
        return [with_new_ids(item) for item in data]
    if not isinstance(data, dict):
        return data
    renewed = {name: with_new_ids(value) for name, value in data.items() if name != "id"}
    if "type" in data and "value" in data:
        renewed["id"] = str(uuid.uuid4())
    return renewed
