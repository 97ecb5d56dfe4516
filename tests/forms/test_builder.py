import json

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from learning_city.forms import purposes
from learning_city.forms.fields import CharacterCountField, LandlineField, MobileField, count_characters
from learning_city.forms.models import MultiStepFormPage
from tests.factories import question, sample_steps


def page_with(steps, purpose="store"):
    return MultiStepFormPage(title="表单", slug="f", steps=json.dumps(steps), purpose=purpose)


def test_a_sound_definition_passes(db):
    page_with(sample_steps()).full_clean(exclude=["path", "depth"])


def test_duplicate_keys_are_refused(db):
    steps = sample_steps()
    steps[1]["value"]["fields"].append(question("short_text", "contact_name", "重复", max_characters=10))
    with pytest.raises(ValidationError, match="contact_name"):
        page_with(steps).clean()


def test_a_group_without_fields_is_refused(db):
    steps = sample_steps()
    steps[1]["value"]["fields"].append(
        question("group", "empty_group", "空的组", fields=[], min_entries=0, max_entries=3, entry_label="")
    )
    with pytest.raises(ValidationError, match="空的组"):
        page_with(steps).clean()


def test_a_purpose_missing_its_fields_is_refused(db):
    purposes.register(purposes.Purpose(name="needs_city_code", label="测试用途", required_keys=("city", "city_code")))
    with pytest.raises(ValidationError, match="city_code"):
        page_with(sample_steps(), purpose="needs_city_code").clean()


def test_keys_survive_relabelling(db):
    steps = sample_steps()
    before = list(page_with(steps).question_keys())
    steps[0]["value"]["fields"][1]["value"]["label"] = "联系人姓名"
    assert list(page_with(steps).question_keys()) == before


@pytest.mark.parametrize(
    "value,ok",
    [("13800138000", True), ("138-0013-8000", True), ("12800138000", False), ("1380013800", False), ("abc", False)],
)
def test_mobile_numbers(value, ok):
    field = MobileField()
    if ok:
        assert field.clean(value) == "13800138000"
    else:
        with pytest.raises(ValidationError):
            field.clean(value)


@pytest.mark.parametrize(
    "value,ok",
    [
        ("010-66097704", True),
        ("0755-12345678", True),
        ("010-66097704-123", True),
        ("66097704", False),
        ("1861128578", False),
    ],
)
def test_landlines(value, ok):
    field = LandlineField()
    if ok:
        field.clean(value)
    else:
        with pytest.raises(ValidationError):
            field.clean(value)


def test_limits_count_characters_not_bytes_or_utf16_units():
    field = CharacterCountField(max_characters=5)
    assert field.clean("学习型城市") == "学习型城市"  # 15 bytes in UTF-8
    assert field.clean("𠀀𠀁𠀂𠀃𠀄") == "𠀀𠀁𠀂𠀃𠀄"  # 10 UTF-16 units
    assert field.clean("ab\r\ncd") == "ab\ncd"  # a line break counts once
    with pytest.raises(ValidationError, match="6"):
        field.clean("学习型城市建")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_characters="\x00"), max_size=60))  # NUL is refused outright
def test_counter_agrees_with_the_limit_for_any_text(text):
    limit = 30
    field = CharacterCountField(max_characters=limit, required=False, strip=False)
    expected = len(text.replace("\r\n", "\n"))
    assert count_characters(text) == expected
    if expected <= limit:
        assert field.clean(text) == text.replace("\r\n", "\n")
    else:
        with pytest.raises(ValidationError):
            field.clean(text)
