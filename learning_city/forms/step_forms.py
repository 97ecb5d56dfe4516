from django import forms

from learning_city.forms.blocks import field_key, questions


class StepForm(forms.Form):
    """The questions of one step; field names are the questions' stable keys."""

    template_name = "forms/step_form.html"

    def __init__(self, *args, step=None, entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        for name, field in self.fields.items():
            if hasattr(field, "bind_entry"):
                field.bind_entry(entry, name)

    def apply_uploads(self):
        """Store, remove and caption files before validation; refused files become field errors."""
        problems = {}
        for name, field in self.fields.items():
            if hasattr(field, "apply"):
                value = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
                found = field.apply(value)
                if found:
                    problems[name] = found
        return problems

    def items(self):
        """Headings, help and questions in the editor's order, for the template."""
        for child in self.step["fields"]:
            if getattr(child.block, "is_question", False):
                yield {"field": self[field_key(child)]}
            else:
                yield {"block": child}

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
