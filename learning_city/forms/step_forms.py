from django import forms
from django.utils.translation import gettext_lazy as _

from learning_city.forms.blocks import field_key, questions

# Questions of several inputs, shown as a fieldset with a legend rather than one label.
FIELDSET_WIDGETS = {"radioselect", "checkboxselectmultiple", "repeatablegroup", "upload"}
LOCKED_HELP = _("This answer cannot be changed while the entry is returned for changes.")


class StepForm(forms.Form):
    """The questions of one step; field names are the questions' stable keys."""

    template_name = "forms/step_form.html"

    def __init__(self, *args, step=None, entry=None, locked=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        self.locked = frozenset(locked).intersection(self.fields)
        for name, field in self.fields.items():
            if hasattr(field, "bind_entry"):
                field.bind_entry(entry, name)
            if name in self.locked:
                # Shown, not posted: the stored answer stands (see entries.save_step).
                field.widget.attrs["disabled"] = True
                field.help_text = f"{field.help_text}\n{LOCKED_HELP}" if field.help_text else LOCKED_HELP

    def apply_uploads(self):
        """Store, remove and caption files before validation; refused files become field errors."""
        problems = {}
        for name, field in self.fields.items():
            if hasattr(field, "apply") and name not in self.locked:
                value = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
                found = field.apply(value)
                if found:
                    problems[name] = found
        return problems

    def items(self):
        """Headings, help, sections and questions in the editor's order, for the template."""
        for child in self.step["fields"]:
            if getattr(child.block, "is_section", False):
                yield {"section": child.value, "items": [self._item(inner) for inner in child.value["fields"]]}
            else:
                yield self._item(child)

    def _item(self, child):
        if getattr(child.block, "is_question", False):
            field = self[field_key(child)]
            return {"field": field, "fieldset": field.widget_type in FIELDSET_WIDGETS}
        return {"block": child}

    def answers(self):
        """Cleaned values of the fields that passed, JSON-safe, by key."""
        found = {}
        for child in questions(self.step):
            key = field_key(child)
            if key in getattr(self, "cleaned_data", {}):
                found[key] = child.block.to_answer(child.value, self.cleaned_data[key])
        return found


def step_form_class(step):
    fields = {field_key(child): child.block.form_field(child.value) for child in questions(step)}
    form_class = type("StepForm", (StepForm,), fields)

    def init(self, *args, **kwargs):
        StepForm.__init__(self, *args, step=step, **kwargs)

    form_class.__init__ = init
    return form_class
