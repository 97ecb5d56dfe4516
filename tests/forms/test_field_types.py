"""Every question type validates as the official form needs, with messages in Chinese."""

import datetime
import decimal
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from learning_city.forms.blocks import (
    CityBlock,
    DateBlock,
    DecimalBlock,
    DeclarationBlock,
    EmailBlock,
    GroupBlock,
    IntegerBlock,
    MultipleChoiceBlock,
    SingleChoiceBlock,
    YearBlock,
)


def field_for(block, **options):
    value = block.to_python({"key": "", "label": "问题", "help_text": "", "required": True, **options})
    return block, value, block.form_field(value)


def refused(field, raw):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        field.clean(raw)
    return " ".join(error.value.messages)


def test_integer_with_bounds_and_unit():
    block, value, field = field_for(IntegerBlock(), min_value=0, max_value=10_000_000, unit="元")
    assert field.clean("190813") == 190813
    assert block.display(value, 190813) == "190813 元"
    assert "整数" in refused(field, "十九万")  # a number where text was typed
    assert "10000000" in refused(field, "10000001")


def test_decimal_places_and_bounds():
    block, value, field = field_for(DecimalBlock(), min_value=0, max_value=5000, decimal_places=2, unit="万人")
    assert field.clean("1295.80") == decimal.Decimal("1295.80")
    assert block.to_answer(value, decimal.Decimal("1295.80")) == "1295.80"
    assert "2" in refused(field, "1.234")
    assert refused(field, "-1")


def test_year_and_date():
    _block, _value, year = field_for(YearBlock())
    assert year.clean("2023") == 2023
    assert refused(year, "1800") and refused(year, str(datetime.date.today().year + 5))
    block, value, date = field_for(DateBlock())
    assert date.clean("2024-05-20") == datetime.date(2024, 5, 20)
    assert block.to_answer(value, datetime.date(2024, 5, 20)) == "2024-05-20"
    assert refused(date, "2024-13-40")


def test_email_choices_declaration_and_city(db):
    _b, _v, email = field_for(EmailBlock())
    assert "邮件" in refused(email, "zhang@")
    block, value, single = field_for(SingleChoiceBlock(), choices=["是", "否"])
    assert single.clean("是") == "是" and refused(single, "也许")
    block, value, multiple = field_for(MultipleChoiceBlock(), choices=["社区教育", "老年教育", "全民阅读"])
    assert block.display(value, multiple.clean(["社区教育", "全民阅读"])) == "社区教育、全民阅读"
    _b, _v, declaration = field_for(DeclarationBlock(), statement="我们承诺……")
    assert declaration.clean(True) is True and refused(declaration, False)
    block, value, city = field_for(CityBlock())
    assert block.to_answer(value, city.clean("510100")) == {
        "code": "510100",
        "name": "成都市",
        "province_code": "510000",
        "province": "四川省",
    }
    assert refused(city, "999999")


def test_a_group_keeps_filled_rows_and_names_the_row_in_errors():
    block, value, group = field_for(
        GroupBlock(),
        min_entries=1,
        max_entries=3,
        entry_label="活动",
        fields=[
            {"type": "date", "value": {"key": "held_on", "label": "时间", "help_text": "", "required": True}},
            {
                "type": "short_text",
                "value": {"key": "name", "label": "名称", "help_text": "", "required": True, "max_characters": 10},
            },
        ],
    )
    rows = [
        {"held_on": "2024-05-20", "name": "推进会"},
        {"held_on": "", "name": ""},
        {"held_on": "2024-06-01", "name": "学" * 11},
    ]
    message = refused(group, rows)
    assert "第 3 条“名称”" in message and "最多 10 个字" in message
    cleaned = group.clean(rows[:2])
    assert block.to_answer(value, cleaned) == [{"held_on": "2024-05-20", "name": "推进会"}]
    assert "必需" in refused(group, [{"held_on": "", "name": ""}] * 3)


def test_the_admin_offers_every_question_type_to_editors(client, superuser, site_content):
    client.force_login(superuser)
    home_id = site_content.get_parent().pk
    # Wagtail's "add page" asks for the form's purpose first; "store only" starts from no questions.
    response = client.get(f"/admin/forms/new/{home_id}/?purpose=store")
    html = response.content.decode()
    assert response.status_code == 200
    for label in (
        "单行文字",
        "多行文字",
        "可重复的一组问题",
        "省份和城市",
        "原创照片",
        "PDF 文件",
        "声明",
        "手机号",
        "座机号码",
    ):
        # The block definitions travel as JSON for the editor's script, non-ASCII escaped.
        assert label in html or json.dumps(label)[1:-1] in html, label
