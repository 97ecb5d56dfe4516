"""A form's questions as one version of it asks them, and answers read through them.

A ``Definition`` is built from a form page's steps (the live page, or a ``FormVersion`` kept
from when an entry was answered). Everything that shows answers away from the wizard (check
page, printout, PDF, admin, exports, JSON) reads them through the definition the entry was
answered on, so an editor's later change to the form does not change how it reads.
"""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from learning_city.forms.blocks import questions

EARLIER_STEP_TITLE = _("Questions from an earlier version of the form")
EMPTY = (None, "", [], {})


class Definition:
    def __init__(self, steps):
        self.steps = list(steps)

    @cached_property
    def questions(self):
        """Every question in the form's order, as ``(step number, Question)``."""
        return [(number, question) for number, step in enumerate(self.steps, start=1) for question in questions(step)]

    @cached_property
    def by_key(self):
        return {question.key: question for _number, question in self.questions}

    def keys(self):
        return [question.key for _number, question in self.questions]

    def step_keys(self, number):
        return [question.key for question in questions(self.steps[number - 1])]

    def rows(self, answers, *, earlier=list):
        """The answers step by step: ``[{"number", "title", "rows": [row…]}]`` where a row has the
        question's ``key``, its ``label`` as read away from its step ("工作联系人 · 姓名"), its
        ``section`` and bare ``question``, the ``value`` as shown, and ``earlier`` (False).

        Answers under keys this definition does not ask are not dropped: they come last, in a
        step of their own, labelled as the ``earlier`` definitions (newest first) asked them."""
        summary = [
            {"number": number, "title": step["title"], "rows": [row(question, answers) for question in questions(step)]}
            for number, step in enumerate(self.steps, start=1)
        ]
        others = [key for key, answer in answers.items() if key not in self.by_key and answer not in EMPTY]
        if others:
            earlier = earlier()
            summary.append(
                {
                    "number": None,
                    "title": str(EARLIER_STEP_TITLE),
                    "rows": [earlier_row(key, answers, earlier) for key in others],
                }
            )
        return summary


def row(question, answers, *, earlier=False):
    return {
        "key": question.key,
        "label": question.full_label,
        "section": question.section,
        "question": question.label,
        "value": shown(question, answers.get(question.key), answers),
        "earlier": earlier,
    }


def earlier_row(key, answers, earlier):
    for definition in earlier:
        if key in definition.by_key:
            return row(definition.by_key[key], answers, earlier=True)
    return {"key": key, "label": key, "section": "", "question": key, "value": plain(answers[key]), "earlier": True}


def shown(question, answer, answers):
    """The answer as its question shows it; an answer stored in a shape the question no longer
    reads (a changed question type) is shown plainly rather than lost."""
    try:
        return question.display(answer, answers)
    except (KeyError, TypeError, AttributeError, ValueError):
        return plain(answer)


def plain(value):
    if isinstance(value, dict):
        return "；".join(f"{key}：{plain(item)}" for key, item in value.items())
    if isinstance(value, list):
        return "\n".join(plain(item) for item in value)
    return "" if value is None else str(value)
