"""The whole city application with the keyboard alone, in the age-friendly mode: Tab, Shift+Tab, Enter,
Space, arrow keys and typing into the field that has focus — no mouse, and nothing filled in by selector.

Files are the one exception a browser forces: a file input opens the system's file chooser, which no
test can drive, so the focused input (reached with Tab) is given its files with ``set_input_files``."""

import io

import pytest
from PIL import Image

from learning_city.forms.models import FormEntry
from tests.factories import UserFactory
from tests.forms.apply_helpers import PDF

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Xuexi-2026-keys"


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


def photo_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1000), (30, 120, 200)).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def next_step(page, path):
    """保存并继续, and the page it leads to (else the step's own error summary, as the failure)."""
    with page.expect_navigation():
        press_button(page, "button[value=next]")
    summary = page.locator("[data-error-summary]")
    assert page.url.endswith(path), summary.inner_text() if summary.count() else page.url


def fill_part_one(page):
    choose_option(page, "#id_city", "320500")
    choose_option(page, "input[name=join_route]", "申请加入全国学习型城市网络")
    answers = {
        "city_leader_name": "王五",
        "city_leader_post": "副市长",
        "education_leader_name": "王五",
        "education_leader_post": "局长",
        "office_name": "职业教育与社会教育处",
        "office_head_name": "李四",
        "office_head_post": "处长",
        "office_head_phone": "0512-65223456",
        "office_head_mobile": "13912345678",
        "contact_name": "赵六",
        "contact_post": "科员",
        "contact_phone": "0512-65223457",
        "contact_mobile": "13812345678",
        "contact_email": "zhao@suzhou.example.cn",
    }
    for name, value in answers.items():
        type_into(page, f"#id_{name}", value)


def fill_part_two(page):
    for name, value in [
        ("population", "1295.80"),
        ("area", "8657.32"),
        ("gdp_per_capita", "190813"),
        ("schooling_years", "11.8"),
    ]:
        type_into(page, f"#id_{name}", value)
        type_into(page, f"#id_{name}_year", "2023")


def fill_part_three(page):
    """In page order; a date's parts as a tuple (see ``type_date``)."""
    for name, value in [
        ("start_date", ("06", "ArrowRight", "2015")),
        ("start_event", "召开全市学习型城市建设推进大会。"),
        ("profile", "苏州是国家历史文化名城。"),
        ("coordination", "市政府牵头，多部门协同。"),
        ("events-0-held_on", ("05202024",)),
        ("events-0-organiser", "市教育局"),
        ("events-0-name", "全民终身学习活动周"),
        ("events-0-theme", "终身学习"),
        ("events-0-content", "开幕式及系列活动"),
        ("events-0-scale", "5000人"),
        ("policies-0-title", "关于推进学习型城市建设的实施意见"),
        ("policies-0-issuer", "市政府"),
        ("policies-0-issued_on", ("03012021",)),
        ("policies-0-core_content", "明确目标任务。"),
        ("goals", "到2027年建成全民终身学习的城市。"),
        ("featured_cases-0-name", "社区教育云课堂"),
        ("featured_cases-0-description", "线上线下融合的社区学习平台。"),
        ("impact", "市民参与度显著提高。"),
    ]:
        if isinstance(value, tuple):
            type_date(page, f"#id_{name}", *value)
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
    type_into(page, "[id$=-caption]", "全民终身学习活动周开幕式")
    type_into(page, "[id$=-copyright]", "© 2024 苏州市教育局")


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
    assert entry.answers["city"]["code"] == "320500" and entry.answers["slogan"] == "人人皆学"
    assert entry.answers["start_date"] == "2015-06" and entry.answers["events"][0]["held_on"] == "2024-05-20"
    assert sorted(entry.files.values_list("field_key", flat=True)) == ["evidence_documents", "evidence_photos"]
