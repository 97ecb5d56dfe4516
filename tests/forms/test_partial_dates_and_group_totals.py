"""Dates known only to the year or month, and a character limit over all of a group's entries."""

import json
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from learning_city.forms.fields import MonthField, YearField
from learning_city.forms.models import FormEntry
from tests.factories import HomePageFactory, MultiStepFormPageFactory, question
from tests.forms.conftest import post_step

CASE_FIELDS = [
    {
        "type": "short_text",
        "value": {"key": "name", "label": "名称", "help_text": "", "required": True, "max_characters": 50},
    },
    {
        "type": "long_text",
        "value": {"key": "text", "label": "简介", "help_text": "", "required": True, "max_characters": 400},
    },
]


def one_step_form(*fields):
    steps = [{"type": "step", "value": {"title": "第一步", "intro": "", "fields": list(fields)}}]
    return MultiStepFormPageFactory(parent=HomePageFactory(), steps=json.dumps(steps))


@pytest.mark.parametrize(
    ("precision", "typed", "stored", "shown"),
    [
        ("year", "2015", 2015, "2015年"),
        ("month", "2015-06", "2015-06", "2015年6月"),
        ("month", "2015年6月", "2015-06", "2015年6月"),
        ("month", "2015/6", "2015-06", "2015年6月"),
        ("day", "2015-06-18", "2015-06-18", "2015年6月18日"),
    ],
)
def test_a_date_to_the_precision_the_editor_chose(signed_in, precision, typed, stored, shown):
    page = one_step_form(question("date", "started", "开始时间", precision=precision))
    assert post_step(signed_in, page, 1, {"started": typed}).status_code == 302
    assert FormEntry.objects.get().answers["started"] == stored
    assert shown in signed_in.get(f"{page.url}check/").content.decode()


@pytest.mark.parametrize("typed", ["2015-13", "六月", "15-06", "1900-01"])
def test_a_month_that_is_not_one_is_refused_in_chinese(signed_in, typed):
    page = one_step_form(question("date", "started", "开始时间", precision="month"))
    response = post_step(signed_in, page, 1, {"started": typed})
    assert response.status_code == 200
    html = response.content.decode()
    assert "请填写年份和月份，例如 2019-05。" in html or "请填写 1949 年至明年之间的年份。" in html
    assert 'value="' + typed + '"' in html  # what was typed stays in the box


def cases_form():
    return one_step_form(
        question(
            "group",
            "cases",
            "特色案例（最多3个，400字以内）",
            min_entries=1,
            max_entries=3,
            entry_label="案例",
            max_total_characters=400,
            fields=CASE_FIELDS,
        )
    )


def test_the_group_total_counts_every_entry_together(signed_in):
    page = cases_form()
    # 3 entries of 2 + 150 characters: each within its own limit, 456 in all
    data = {
        f"cases-{index}-{key}": value for index in range(3) for key, value in (("name", "案例"), ("text", "学" * 150))
    }
    response = post_step(signed_in, page, 1, data)
    assert response.status_code == 200
    assert "所有条目合计最多 400 字，现在共 456 字。" in response.content.decode()
    assert "cases" not in FormEntry.objects.get().answers
    # what was typed is kept for the applicant to shorten
    assert FormEntry.objects.get().wizard_data["step_data"]["1"]["cases-2-text"] == ["学" * 150]

    data["cases-2-text"] = "学" * 94  # 2+150 + 2+150 + 2+94 = 400
    assert post_step(signed_in, page, 1, data).status_code == 302
    assert len(FormEntry.objects.get().answers["cases"]) == 3


def test_the_total_counts_characters_as_a_reader_does(signed_in):
    page = cases_form()
    # 𠀀 is one character (two UTF-16 units); a Windows line break counts once
    text = "𠀀" * 396 + "\r\n" + "学"
    assert post_step(signed_in, page, 1, {"cases-0-name": "𠀀" * 2, "cases-0-text": text}).status_code == 302
    response = post_step(signed_in, page, 1, {"cases-0-name": "𠀀" * 6, "cases-0-text": text})
    assert "现在共 404 字" in response.content.decode()


def test_the_page_tells_the_browser_counter_the_total(signed_in):
    page = cases_form()
    html = signed_in.get(f"{page.url}step/1/").content.decode()
    assert 'data-total-counter-for="id_cases"' in html and 'data-max-total="400"' in html
    assert 'data-group="id_cases"' in html
    assert "所有条目合计最多 400 字" in html


def test_next_year_is_beijings_next_year(monkeypatch):
    # 31 December 20:00 in London is already 1 January in Beijing: 2028 is next year there.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 31, 20, 0, tzinfo=UTC))
    assert YearField().clean("2028") == 2028
    assert MonthField().clean("2028-01") == "2028-01"
