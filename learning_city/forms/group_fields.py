"""A repeatable group of sub-fields ("up to 5 meetings: time, organiser, name…").

Every entry row is on the page (rows left blank are ignored), so it works without script
and a screen reader hears each row as its own fieldset.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from learning_city.forms.fields import CharacterCountField, count_characters


class RepeatableGroupWidget(forms.Widget):
    template_name = "forms/widgets/repeatable_group.html"

    def __init__(self, sub_fields=(), max_entries=5, entry_label="", max_total_characters=None, attrs=None):
        super().__init__(attrs)
        self.sub_fields = sub_fields
        self.max_entries = max_entries
        self.entry_label = entry_label
        self.max_total_characters = max_total_characters

    def value_from_datadict(self, data, files, name):
        rows = []
        for index in range(self.max_entries):
            rows.append({key: data.get(f"{name}-{index}-{key}", "") for key, _field, _child in self.sub_fields})
        return rows

    def value_omitted_from_data(self, data, files, name):
        return not any(key.startswith(f"{name}-") for key in data)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        rows = value if isinstance(value, list) else []
        entries = []
        for index in range(self.max_entries):
            row = rows[index] if index < len(rows) and isinstance(rows[index], dict) else {}
            cells = []
            for key, field, _child in self.sub_fields:
                widget_name = f"{name}-{index}-{key}"
                cell_value = row.get(key, "")
                cells.append(
                    {
                        "label": field.label,
                        "id": f"id_{widget_name}",
                        "html": field.widget.render(
                            widget_name, cell_value, {"id": f"id_{widget_name}", **field.widget_attrs(field.widget)}
                        ),
                        "error": (getattr(self, "row_errors", {}) or {}).get((index, key)),
                    }
                )
            entries.append({"number": index + 1, "cells": cells})
        context["widget"]["entries"] = entries
        context["widget"]["entry_label"] = self.entry_label
        context["widget"]["max_total_characters"] = self.max_total_characters
        return context


class RepeatableGroupField(forms.Field):
    def __init__(
        self, *, sub_fields, min_entries=0, max_entries=5, entry_label="", max_total_characters=None, **kwargs
    ):
        self.sub_fields = sub_fields
        self.min_entries = min_entries
        self.max_entries = max_entries
        self.max_total_characters = max_total_characters
        kwargs.setdefault("widget", RepeatableGroupWidget(sub_fields, max_entries, entry_label, max_total_characters))
        super().__init__(**kwargs)

    def total_characters(self, rows):
        """The text of every entry added up, counted as each text field counts (the browser agrees)."""
        text_keys = [key for key, field, _child in self.sub_fields if isinstance(field, CharacterCountField)]
        return sum(count_characters(str(row.get(key) or "")) for row in rows for key in text_keys)

    def clean(self, value):
        rows = [row for row in (value or []) if any(str(cell).strip() for cell in row.values())]
        errors, cleaned_rows, row_errors = [], [], {}
        for index, row in enumerate(value or []):
            if not any(str(cell).strip() for cell in row.values()):
                continue
            cleaned = {}
            for key, field, _child in self.sub_fields:
                try:
                    cleaned[key] = field.clean(row.get(key, ""))
                except ValidationError as error:
                    row_errors[(index, key)] = " ".join(error.messages)
                    errors.append(
                        ValidationError(
                            _("Entry %(number)d, %(field)s: %(message)s"),
                            params={"number": index + 1, "field": field.label, "message": " ".join(error.messages)},
                        )
                    )
            cleaned_rows.append(cleaned)
        self.widget.row_errors = row_errors
        if errors:
            raise ValidationError(errors)
        if self.required and not rows:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(rows) < self.min_entries:
            raise ValidationError(_("Give at least %(count)d entries."), params={"count": self.min_entries})
        total = self.total_characters(cleaned_rows)
        if self.max_total_characters and total > self.max_total_characters:
            raise ValidationError(
                _("All entries together may have at most %(limit)d characters; these have %(count)d."),
                code="max_total_characters",
                params={"limit": self.max_total_characters, "count": total},
            )
        return cleaned_rows
