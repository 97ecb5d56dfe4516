"""Form fields with the checks the official forms need, and messages in Chinese."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Area code (3-4 digits starting with 0), number of 7-8 digits, optional extension.
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def count_characters(text):
    """Characters as a reader counts them: code points, with a line break counting once."""
    return len(text.replace("\r\n", "\n"))


class CharacterCountField(forms.CharField):
    """Text with a limit in characters a reader sees; the browser counter counts the same way."""

    def __init__(self, *, max_characters=None, **kwargs):
        self.max_characters = max_characters
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value

    def validate(self, value):
        super().validate(value)
        if self.max_characters and count_characters(value) > self.max_characters:
            raise ValidationError(
                _("At most %(limit)d characters; this has %(count)d."),
                code="max_characters",
                params={"limit": self.max_characters, "count": count_characters(value)},
            )

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if self.max_characters:
            # Not maxlength: browsers count UTF-16 units there, and cut text off silently.
            attrs["data-max-characters"] = str(self.max_characters)
        return attrs


class PatternField(forms.CharField):
    """Text that must match ``pattern`` once characters in ``ignored`` are removed."""

    pattern = None
    ignored = re.compile(r"\s")
    message = ""

    def to_python(self, value):
        return self.ignored.sub("", super().to_python(value) or "")

    def validate(self, value):
        super().validate(value)
        if value and not self.pattern.match(value):
            raise ValidationError(self.message, code="invalid")


class MobileField(PatternField):
    pattern = MOBILE
    ignored = re.compile(r"[\s-]")
    message = _("Enter an 11-digit mainland mobile number, such as 13800138000.")


class LandlineField(PatternField):
    pattern = LANDLINE
    message = _("Enter a landline with its area code, such as 010-66097704.")


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1949)
        kwargs.setdefault("max_value", datetime.date.today().year + 1)
        super().__init__(**kwargs)
