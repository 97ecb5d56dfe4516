"""Form fields with the checks the official forms need, and messages in Chinese."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
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
        kwargs.setdefault("max_value", timezone.localdate().year + 1)
        super().__init__(**kwargs)


# --- dates known to the year, the month or the day ---------------------------------------

DATE_PRECISIONS = [("year", _("Year")), ("month", _("Year and month")), ("day", _("Day"))]
# What people type for a month where the browser has no month picker: 2019-05, 2019/5, 2019.5, 2019年5月;
# a whole date (2019-05-03, 2019年5月3日) is taken as its month.
MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:月|[-/.]\s*\d{1,2}\s*日?|月\s*\d{1,2}\s*日)?$")


class MonthField(forms.CharField):
    """A year and month, stored as ``YYYY-MM``."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2019-05"})

    def to_python(self, value):
        value = (super().to_python(value) or "").strip()
        if not value:
            return ""
        match = MONTH.match(value)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValidationError(_("Enter a year and month, such as 2019-05."), code="invalid")
        year = int(match.group(1))
        if not 1949 <= year <= timezone.localdate().year + 1:
            raise ValidationError(_("Enter a year between 1949 and next year."), code="invalid")
        return f"{year:04d}-{int(match.group(2)):02d}"


def partial_date_field(precision, **kwargs):
    """The form field for a date of ``precision``: a year, a year and month, or a day."""
    if precision == "year":
        return YearField(widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "2019"}), **kwargs)
    if precision == "month":
        return MonthField(**kwargs)
    return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


def show_partial_date(answer):
    """``2019`` → 2019年, ``2019-05`` → 2019年5月, ``2019-05-03`` → 2019年5月3日."""
    if answer in (None, ""):
        return ""
    parts = str(answer).split("-")
    if not all(part.isdigit() for part in parts):
        return str(answer)
    return "".join(f"{int(part)}{unit}" for part, unit in zip(parts, ("年", "月", "日"), strict=False))


# --- a declaration that names the applicant ----------------------------------------------

# The blank an official statement leaves for a name: "______市，申请加入…". A trailing 市 is part
# of the blank, since division names carry their own suffix (杭州市, 阿勒泰地区, 延边朝鲜族自治州).
BLANK = re.compile(r"_{2,}市?")


def short_answer(answer):
    """An answer as a name to put in a sentence: a city answer gives its name."""
    if isinstance(answer, dict):
        return str(answer.get("name") or "")
    return "" if answer in (None, [], {}) else str(answer)


def filled_statement(statement, fill_from, answers):
    """``statement`` with its blank filled in from the answer under ``fill_from`` (when given)."""
    name = short_answer((answers or {}).get(fill_from)) if fill_from else ""
    return BLANK.sub(name, statement, count=1) if name else statement


class DeclarationField(forms.BooleanField):
    """A statement to agree to, with the applicant's own name in it once it is known."""

    def __init__(self, *, statement, fill_from="", **kwargs):
        self.statement, self.fill_from = statement, fill_from
        self.base_help = kwargs.pop("help_text", "")
        super().__init__(help_text=self._help(statement), **kwargs)

    def _help(self, statement):
        return statement + ("\n" + str(self.base_help) if self.base_help else "")

    def bind_entry(self, entry, name):
        answers = entry.answers if entry is not None else {}
        self.help_text = self._help(filled_statement(self.statement, self.fill_from, answers))
