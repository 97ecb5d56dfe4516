"""The blocks editors build form steps from, each knowing its Django form field.

A field's key is what its answers are stored by: the explicit key when the editor (or a
purpose) gives one, otherwise the block's own id, which survives relabelling and moving.
"""

import datetime
import decimal
from dataclasses import dataclass

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import BlockGroup

from learning_city.forms import fields as form_fields
from learning_city.forms.group_fields import RepeatableGroupField
from learning_city.forms.region_fields import CityChoiceField
from learning_city.forms.upload_fields import UploadField

KEY_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9_]{0,49}$", _("Lower-case letters, digits and underscores, starting with a letter.")
)


class FieldBlock(blocks.StructBlock):
    """Common parts of every question: key, label, help and whether it must be answered.

    The key is for experts: it sits last, in a collapsed "Advanced" group of the block's form, since
    an empty key already gives a stable one (the block's id) and purposes' questions come keyed."""

    key = blocks.CharBlock(
        label=_("Key"),
        required=False,
        validators=[KEY_VALIDATOR],
        help_text=_(
            "Only for experts. Left empty, the question gets a stable key of its own, which survives "
            "relabelling and moving. A question the form's purpose needs comes with its key: keep it."
        ),
    )
    label = blocks.CharBlock(label=_("Label"), max_length=200)
    help_text = blocks.TextBlock(label=_("Help text"), required=False)
    required = blocks.BooleanBlock(label=_("Required"), required=False, default=True)

    is_question = True

    def get_form_layout(self):
        others = [name for name in self.child_blocks if name != "key"]
        return BlockGroup([*others, BlockGroup(["key"], heading=_("Advanced"), classname="collapsed")])

    def form_field(self, value):
        return self.make_field(
            value,
            label=value["label"],
            help_text=value["help_text"],
            required=bool(value["required"]),
        )

    def make_field(self, value, **kwargs):
        return forms.CharField(**kwargs)

    def to_answer(self, value, cleaned):
        """A JSON-safe form of a cleaned value."""
        if isinstance(cleaned, decimal.Decimal):
            return str(cleaned)
        if isinstance(cleaned, datetime.date):
            return cleaned.isoformat()
        return cleaned

    def display(self, value, answer, answers=None):
        """How an answer reads on the check-your-answers page and in exports; ``answers`` (the
        entry's other answers) matters only to the questions that quote one of them."""
        if answer in (None, "", []):
            return ""
        unit = value.get("unit") if hasattr(value, "get") else None
        return f"{answer} {unit}".strip() if unit else str(answer)

    class Meta:
        icon = "form"


class ShortTextBlock(FieldBlock):
    max_characters = blocks.IntegerBlock(label=_("Maximum characters"), default=100, min_value=1, max_value=1000)

    def make_field(self, value, **kwargs):
        return form_fields.CharacterCountField(max_characters=value["max_characters"], **kwargs)

    class Meta:
        label = _("Short text")
        icon = "pilcrow"


class LongTextBlock(FieldBlock):
    max_characters = blocks.IntegerBlock(label=_("Maximum characters"), default=500, min_value=1, max_value=20000)

    def make_field(self, value, **kwargs):
        return form_fields.CharacterCountField(
            max_characters=value["max_characters"], widget=forms.Textarea(attrs={"rows": 6}), **kwargs
        )

    class Meta:
        label = _("Long text")
        icon = "doc-full"


class IntegerBlock(FieldBlock):
    min_value = blocks.IntegerBlock(label=_("Minimum"), required=False)
    max_value = blocks.IntegerBlock(label=_("Maximum"), required=False)
    unit = blocks.CharBlock(label=_("Unit"), required=False, max_length=20)

    def make_field(self, value, **kwargs):
        return forms.IntegerField(
            min_value=value["min_value"],
            max_value=value["max_value"],
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            **kwargs,
        )

    class Meta:
        label = _("Whole number")
        icon = "order"


class DecimalBlock(FieldBlock):
    min_value = blocks.DecimalBlock(label=_("Minimum"), required=False)
    max_value = blocks.DecimalBlock(label=_("Maximum"), required=False)
    decimal_places = blocks.IntegerBlock(label=_("Decimal places"), default=2, min_value=0, max_value=6)
    unit = blocks.CharBlock(label=_("Unit"), required=False, max_length=20)

    def make_field(self, value, **kwargs):
        places = value["decimal_places"]
        return forms.DecimalField(
            min_value=value["min_value"],
            max_value=value["max_value"],
            decimal_places=places,
            widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
            **kwargs,
        )

    class Meta:
        label = _("Decimal number")
        icon = "order"


class YearBlock(FieldBlock):
    def make_field(self, value, **kwargs):
        return form_fields.YearField(widget=forms.NumberInput(attrs={"inputmode": "numeric"}), **kwargs)

    class Meta:
        label = _("Year")
        icon = "date"


class DateBlock(FieldBlock):
    """A date known to the day, the month or only the year, as the editor chooses."""

    precision = blocks.ChoiceBlock(
        label=_("Precision"),
        choices=form_fields.DATE_PRECISIONS,
        default="day",
        required=False,
        help_text=_("What applicants are asked for: the year, the year and month, or the exact day."),
    )

    def make_field(self, value, **kwargs):
        return form_fields.partial_date_field(value.get("precision") or "day", **kwargs)

    def display(self, value, answer, answers=None):
        return form_fields.show_partial_date(answer)

    class Meta:
        label = _("Date")
        icon = "date"


class EmailBlock(FieldBlock):
    def make_field(self, value, **kwargs):
        return forms.EmailField(max_length=254, **kwargs)

    class Meta:
        label = _("Email")
        icon = "mail"


class MobileBlock(FieldBlock):
    def make_field(self, value, **kwargs):
        return form_fields.MobileField(max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"}), **kwargs)

    class Meta:
        label = _("Mobile number")
        icon = "mobile-alt"


class LandlineBlock(FieldBlock):
    def make_field(self, value, **kwargs):
        return form_fields.LandlineField(max_length=30, widget=forms.TextInput(attrs={"inputmode": "tel"}), **kwargs)

    class Meta:
        label = _("Landline number")
        icon = "mobile-alt"


class ChoiceBlockBase(FieldBlock):
    choices = blocks.ListBlock(blocks.CharBlock(max_length=200), label=_("Choices"), min_num=1)

    def choice_list(self, value):
        return [(choice, choice) for choice in value["choices"]]


class SingleChoiceBlock(ChoiceBlockBase):
    def make_field(self, value, **kwargs):
        return forms.ChoiceField(choices=self.choice_list(value), widget=forms.RadioSelect, **kwargs)

    class Meta:
        label = _("Single choice")
        icon = "radio-full"


class MultipleChoiceBlock(ChoiceBlockBase):
    def make_field(self, value, **kwargs):
        return forms.MultipleChoiceField(choices=self.choice_list(value), widget=forms.CheckboxSelectMultiple, **kwargs)

    def display(self, value, answer, answers=None):
        return "、".join(answer or [])

    class Meta:
        label = _("Multiple choice")
        icon = "tick-inverse"


class CityBlock(FieldBlock):
    """A province and its prefecture-level city, from the shipped reference data."""

    def make_field(self, value, **kwargs):
        return CityChoiceField(**kwargs)

    def to_answer(self, value, cleaned):
        if cleaned is None:
            return None
        return {
            "code": cleaned.code,
            "name": cleaned.name,
            "province_code": cleaned.province.code,
            "province": cleaned.province.name,
        }

    def display(self, value, answer, answers=None):
        return f"{answer['province']} {answer['name']}" if answer else ""

    class Meta:
        label = _("Province and city")
        icon = "site"


class DeclarationBlock(FieldBlock):
    statement = blocks.TextBlock(
        label=_("Statement"),
        help_text=_("Leave a blank of underscores (______) where the answer named below is written in."),
    )
    fill_from = blocks.CharBlock(
        label=_("Fill the blank with the answer to"),
        required=False,
        validators=[KEY_VALIDATOR],
        help_text=_("The key of an earlier question, e.g. city: the statement then names the applicant's city."),
    )

    def make_field(self, value, **kwargs):
        return form_fields.DeclarationField(
            statement=value["statement"], fill_from=value.get("fill_from") or "", **kwargs
        )

    def display(self, value, answer, answers=None):
        """The whole statement the applicant agreed to, with their name in it."""
        if not answer:
            return ""
        return form_fields.filled_statement(value["statement"], value.get("fill_from") or "", answers)

    class Meta:
        label = _("Declaration")
        icon = "tick"


class FileUploadBlock(FieldBlock):
    max_files = blocks.IntegerBlock(label=_("Maximum files"), default=10, min_value=1, max_value=50)
    max_megabytes = blocks.IntegerBlock(
        label=_("Maximum size of one file (MB)"), default=20, min_value=1, max_value=100
    )

    def make_field(self, value, **kwargs):
        return UploadField(max_files=value["max_files"], max_megabytes=value["max_megabytes"], **kwargs)

    def to_answer(self, value, cleaned):
        return [
            {
                "id": item.pk,
                "name": item.original_name,
                "size": item.size,
                "caption": item.caption,
                "copyright": item.copyright,
            }
            for item in cleaned or []
        ]

    def display(self, value, answer, answers=None):
        return "\n".join(
            item["name"] + (f"：{item['caption']}（{item['copyright']}）" if item.get("caption") else "")
            for item in answer or []
        )

    class Meta:
        label = _("PDF documents")
        icon = "doc-full-inverse"


class PhotoUploadBlock(FileUploadBlock):
    # The minimum is checked on the long and the short edge, whichever way a photo is turned
    # (uploads.check_photo). The children keep their first names, min_width and min_height:
    # renaming them would need a data migration of every form page's steps and of their
    # revisions, and would change the keys of the JSON API's form description, for no gain.
    # Only the labels say what they mean now; the larger value is always the long edge's.
    min_width = blocks.IntegerBlock(
        label=_("Minimum long edge (pixels)"),
        default=1600,
        min_value=1,
        help_text=_("A photo's longer side, whether it was taken upright or sideways."),
    )
    min_height = blocks.IntegerBlock(
        label=_("Minimum short edge (pixels)"),
        default=1000,
        min_value=1,
        help_text=_("A photo's shorter side. A portrait 1080×1920 meets a 1600 and 1000 minimum."),
    )

    def make_field(self, value, **kwargs):
        return UploadField(
            photos=True,
            max_files=value["max_files"],
            max_megabytes=value["max_megabytes"],
            min_width=value["min_width"],
            min_height=value["min_height"],
            **kwargs,
        )

    class Meta:
        label = _("Original photos")
        icon = "image"


SUB_FIELD_BLOCKS = [
    ("short_text", ShortTextBlock()),
    ("long_text", LongTextBlock()),
    ("integer", IntegerBlock()),
    ("decimal", DecimalBlock()),
    ("year", YearBlock()),
    ("date", DateBlock()),
]


class GroupBlock(FieldBlock):
    """Up to N entries of the same few sub-fields, e.g. meetings: time, organiser, name…"""

    min_entries = blocks.IntegerBlock(label=_("Minimum entries"), default=0, min_value=0, max_value=20)
    max_entries = blocks.IntegerBlock(label=_("Maximum entries"), default=5, min_value=1, max_value=20)
    entry_label = blocks.CharBlock(label=_("Name of one entry"), max_length=40, required=False)
    max_total_characters = blocks.IntegerBlock(
        label=_("Maximum characters of all entries together"),
        required=False,
        min_value=1,
        max_value=20000,
        help_text=_("Optional: a limit on the text of every entry added up, e.g. 400 for “400字以内” in total."),
    )
    fields = blocks.StreamBlock(SUB_FIELD_BLOCKS, label=_("Fields of each entry"), required=False)

    def make_field(self, value, **kwargs):
        sub_fields = [(sub_key(child), child.block.form_field(child.value), child) for child in value["fields"]]
        return RepeatableGroupField(
            sub_fields=sub_fields,
            min_entries=value["min_entries"],
            max_entries=value["max_entries"],
            entry_label=value["entry_label"],
            max_total_characters=value.get("max_total_characters"),
            **kwargs,
        )

    def to_answer(self, value, cleaned):
        children = [(sub_key(child), child) for child in value["fields"]]
        return [
            {key: child.block.to_answer(child.value, row.get(key)) for key, child in children} for row in cleaned or []
        ]

    def display(self, value, answer, answers=None):
        lines = []
        for number, row in enumerate(answer or [], start=1):
            parts = [
                f"{child.value['label']}：{child.block.display(child.value, row.get(sub_key(child)), answers)}"
                for child in value["fields"]
                if row.get(sub_key(child)) not in (None, "")
            ]
            lines.append(f"{number}. " + "；".join(parts))
        return "\n".join(lines)

    class Meta:
        label = _("Repeatable group")
        icon = "list-ul"


class HeadingBlock(blocks.CharBlock):
    is_question = False

    class Meta:
        label = _("Heading")
        icon = "title"
        template = "forms/blocks/heading.html"


class HelpBlock(blocks.TextBlock):
    is_question = False

    class Meta:
        label = _("Help paragraph")
        icon = "help"
        template = "forms/blocks/help.html"


def question_blocks():
    """The question blocks, new instances each time: a block belongs to one parent."""
    return [
        ("short_text", ShortTextBlock()),
        ("long_text", LongTextBlock()),
        ("integer", IntegerBlock()),
        ("decimal", DecimalBlock()),
        ("year", YearBlock()),
        ("date", DateBlock()),
        ("email", EmailBlock()),
        ("mobile", MobileBlock()),
        ("landline", LandlineBlock()),
        ("single_choice", SingleChoiceBlock()),
        ("multiple_choice", MultipleChoiceBlock()),
        ("city", CityBlock()),
        ("declaration", DeclarationBlock()),
        ("group", GroupBlock()),
        ("documents", FileUploadBlock()),
        ("photos", PhotoUploadBlock()),
    ]


class SectionBlock(blocks.StructBlock):
    """Questions that belong to one heading, e.g. a role: wherever an answer is shown away from
    its step (check page, printout, exports, API) it is named with its section: 工作联系人 · 姓名."""

    title = blocks.CharBlock(label=_("Section title"), max_length=200)
    intro = blocks.TextBlock(label=_("Introduction"), required=False)
    fields = blocks.StreamBlock([("help", HelpBlock()), *question_blocks()], label=_("Questions"))

    is_question = False
    is_section = True

    class Meta:
        label = _("Section")
        icon = "folder-open-inverse"


FIELD_BLOCKS = [("heading", HeadingBlock()), ("help", HelpBlock()), ("section", SectionBlock()), *question_blocks()]


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step title"), max_length=100)
    intro = blocks.TextBlock(label=_("Introduction"), required=False)
    fields = blocks.StreamBlock(FIELD_BLOCKS, label=_("Questions"))

    class Meta:
        label = _("Step")
        icon = "list-ol"


def field_key(child):
    """The stable key of a StreamField child that is a question."""
    return child.value["key"] or f"f_{child.id.replace('-', '')[:12]}"


def sub_key(child):
    return child.value["key"] or f"s_{child.id.replace('-', '')[:12]}"


@dataclass(frozen=True)
class Question:
    """A question of a step with the section it belongs to ("" when it stands alone). It reads
    like the StreamField child it wraps (``block``, ``value``, ``id``, ``block_type``)."""

    child: object
    section: str = ""

    block = property(lambda self: self.child.block)
    value = property(lambda self: self.child.value)
    id = property(lambda self: self.child.id)
    block_type = property(lambda self: self.child.block_type)

    @property
    def key(self):
        return field_key(self.child)

    @property
    def label(self):
        return self.value["label"]

    @property
    def full_label(self):
        """The label as it reads away from the step: "工作联系人 · 姓名"."""
        return f"{self.section} · {self.label}" if self.section else self.label

    def display(self, answer, answers=None):
        return self.block.display(self.value, answer, answers)


def _is_question(child):
    return getattr(child.block, "is_question", False)


def questions(step_value):
    """The questions of a step in order, those inside a section named with it."""
    found = []
    for child in step_value["fields"]:
        if getattr(child.block, "is_section", False):
            found += [Question(inner, child.value["title"]) for inner in child.value["fields"] if _is_question(inner)]
        elif _is_question(child):
            found.append(Question(child))
    return found


class FormEmbedBlock(blocks.StructBlock):
    """A multi-step form page placed inside any other page: its title, intro and a way in."""

    form = blocks.PageChooserBlock(page_type="lc_forms.MultiStepFormPage", label=_("Form"))
    heading = blocks.CharBlock(label=_("Heading"), required=False, help_text=_("Defaults to the form's title."))
    text = blocks.TextBlock(label=_("Text"), required=False)

    class Meta:
        label = _("Embedded form")
        icon = "form"
        template = "forms/blocks/form_embed.html"
