"""Comparing two submissions of an application in Wagtail's revision comparison, question by question.

The application's content is the applicant's answers (one JSON field), so Wagtail's field-by-field
comparison would show one blob; here each question that changed is one row, labelled as the form
asks it and shown as the applicant sees it.
"""

from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.admin.compare import TextDiff


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


def _shown_rows(application):
    """``{key: (label, shown answer)}`` in the form's order, as the application's version asks."""
    found = {}
    for step in application.answer_definition().rows(application.answers):
        for row in step["rows"]:
            found[row["key"]] = (f"{step['title']} · {row['label']}", str(row["value"] or ""))
    return found


def answer_changes(page, application_a, application_b):
    """The changed answers of two submissions, each read through the version of the form it was
    given on, in the later one's order, and the changed file list."""
    rows_a, rows_b = _shown_rows(application_a), _shown_rows(application_b)
    changes = []
    for key in [*rows_b, *(key for key in rows_a if key not in rows_b)]:
        label = (rows_b.get(key) or rows_a[key])[0]
        changes.append(AnswerComparison(label, rows_a.get(key, ("", ""))[1], rows_b.get(key, ("", ""))[1]))
    changes.append(AnswerComparison(_("Attached files"), _files(application_a), _files(application_b)))
    return [change for change in changes if change.has_changed()]
