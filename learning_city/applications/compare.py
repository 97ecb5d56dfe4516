"""Comparing two submissions of an application in Wagtail's revision comparison, question by question.

The application's content is the applicant's answers (one JSON field), so Wagtail's field-by-field
comparison would show one blob; here each question that changed is one row, labelled as the form
asks it and shown as the applicant sees it.
"""

from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.admin.compare import TextDiff

from learning_city.forms.blocks import field_key, questions


class AnswerComparison:
    is_field = True
    is_child_relation = False

    def __init__(self, label, val_a, val_b):
        self.label, self.val_a, self.val_b = label, val_a, val_b

    def field_label(self):
        return self.label

    def has_changed(self):
        return self.val_a != self.val_b

    def htmldiff(self):
        if not self.has_changed():
            return escape(self.val_a)
        return TextDiff([("deletion", self.val_a), ("addition", self.val_b)]).to_html()


def _files(application):
    return "\n".join(f"{item['name']}（{item['size']} 字节）" for item in application.file_manifest)


def answer_changes(page, application_a, application_b):
    """The changed answers of two versions, in the form's order, and the changed file list."""
    changes = []
    for step in page.step_list:
        for child in questions(step):
            key = field_key(child)
            shown = [
                str(child.block.display(child.value, version.answers.get(key)) or "")
                for version in (application_a, application_b)
            ]
            changes.append(AnswerComparison(f"{step['title']} · {child.value['label']}", *shown))
    changes.append(AnswerComparison(_("Attached files"), _files(application_a), _files(application_b)))
    return [change for change in changes if change.has_changed()]
