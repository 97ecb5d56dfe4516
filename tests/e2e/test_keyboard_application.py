"""The whole city application with the keyboard alone, in the age-friendly mode: Tab, Shift+Tab, Enter,
Space, arrow keys and typing into the field that has focus — no mouse, and nothing filled in by selector.

Files are the one exception a browser forces: a file input opens the system's file chooser, which no
test can drive, so the focused input (reached with Tab) is given its files with ``set_input_files``."""

import re

import pytest

from learning_city.applications import sample_answers
from learning_city.forms.models import FormEntry
from tests.factories import UserFactory
from tests.forms.apply_helpers import PDF, photo_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Xuexi-2026-keys"
ANSWERS = sample_answers.answers()  # each step's in page order: typed in that order, with Tab between
DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")


def focus(page, selector, backwards=False, limit=400):
    """Press Tab (or Shift+Tab) until the focused element matches ``selector``."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{selector} never took focus with {key}")


def type_into(page, selector, text):
    focus(page, selector)
    page.keyboard.type(text)


def type_date(page, selector, *parts):
    """A date or month input: its parts typed in the order the browser shows them (Chromium's own UI
    language, English here: month, day, year), ArrowRight where a part does not move on by itself."""
    focus(page, selector)
    for part in parts:
        if part == "ArrowRight":
            page.keyboard.press(part)
        else:
            page.keyboard.type(part)


def press_button(page, selector, key="Enter"):
    focus(page, selector)
    page.keyboard.press(key)


def choose_option(page, selector, value, limit=400):
    """A select or a radio group: arrow keys until its value is ``value``."""
    focus(page, selector)
    for _ in range(limit):
        current = page.evaluate(
            "() => { const e = document.activeElement; return e.type === 'radio' ? (e.checked ? e.value : null) : e.value; }"
        )
        if current == value:
            return
        page.keyboard.press("ArrowDown" if current is not None else "Space")
    raise AssertionError(f"{selector} never reached {value!r}")


def next_step(page, path):
    """保存并继续, and the page it leads to (else the step's own error summary, as the failure)."""
    with page.expect_navigation():
        press_button(page, "button[value=next]")
    summary = page.locator("[data-error-summary]")
    assert page.url.endswith(path), summary.inner_text() if summary.count() else page.url


def date_keys(value):
    """An ISO month or date as typed into its input (see ``type_date``): month, day, year."""
    year, month, *day = value.split("-")
    return (month, *day, year) if day else (month, "ArrowRight", year)


def fill_part_one(page):
    for name, value in ANSWERS[1].items():
        if name == "city":
            choose_option(page, "#id_city", value)
        elif name == "join_route":
            choose_option(page, "input[name=join_route]", value)
        else:
            type_into(page, f"#id_{name}", value)


def fill_part_two(page):
    for name, value in ANSWERS[2].items():
        type_into(page, f"#id_{name}", value)


def fill_part_three(page):
    """In page order, the order of the sample's answers; a date by its parts."""
    for name, value in ANSWERS[3].items():
        if DATE.fullmatch(value):
            type_date(page, f"#id_{name}", *date_keys(value))
        else:
            type_into(page, f"#id_{name}", value)
    # Back up the page to the (optional) slogan with Shift+Tab, as a reader checking an answer would.
    focus(page, "#id_slogan", backwards=True)
    page.keyboard.type("人人皆学")


def fill_part_four(page):
    focus(page, "#id_evidence_documents")
    page.locator(":focus").set_input_files(
        files=[{"name": "实施意见.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    focus(page, "#id_evidence_photos")
    page.locator(":focus").set_input_files(
        files=[{"name": "活动现场.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
    )
    press_button(page, "button[value=next]")
    # The photo is kept; its caption and copyright are asked for on the same step.
    page.wait_for_selector("[id$=-caption]")
    note = sample_answers.photo_note()
    type_into(page, "[id$=-caption]", note["caption"])
    type_into(page, "[id$=-copyright]", note["copyright"])


def test_the_whole_application_with_the_keyboard_alone(site_server, desktop):
    page = desktop
    UserFactory(username="keys@example.cn", email="keys@example.cn", password=PASSWORD)
    page.goto(site_server + "/accounts/login/?next=/apply/")
    # The header's age-friendly control, switched on with the space bar.
    press_button(page, "[data-age-friendly-toggle]", key="Space")
    assert page.get_attribute("[data-age-friendly-toggle]", "aria-pressed") == "true"
    type_into(page, "#id_username", "keys@example.cn")
    type_into(page, "#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(site_server + "/apply/")  # not the sign-in page's own ?next=/apply/
    press_button(page, "main a.button")  # 开始填写
    page.wait_for_url("**/apply/step/1/")
    assert page.evaluate("document.documentElement.classList.contains('age-friendly')")

    fill_part_one(page)
    next_step(page, "/apply/step/2/")
    fill_part_two(page)
    next_step(page, "/apply/step/3/")
    fill_part_three(page)
    next_step(page, "/apply/step/4/")
    fill_part_four(page)
    next_step(page, "/apply/step/5/")
    focus(page, "#id_declaration")
    page.keyboard.press("Space")
    assert page.is_checked("#id_declaration")
    next_step(page, "/apply/check/")
    press_button(page, "main form[data-submit-once] button[type=submit]")  # 确认提交
    page.wait_for_url("**/submitted/**")

    entry = FormEntry.objects.get(user__username="keys@example.cn")
    assert entry.status == "submitted" and entry.reference in page.inner_text("main")
    assert entry.answers["city"]["code"] == ANSWERS[1]["city"] and entry.answers["slogan"] == "人人皆学"
    typed = {name: value for answers in ANSWERS.values() for name, value in answers.items()}
    for name in ("contact_name", "contact_mobile", "population", "start_date", "profile"):
        assert entry.answers[name] == typed[name], name
    assert entry.answers["events"][0]["held_on"] == ANSWERS[3]["events-0-held_on"]
    assert sorted(entry.files.values_list("field_key", flat=True)) == ["evidence_documents", "evidence_photos"]
