"""An applicant on a phone, in Chromium: the live counter, saving and coming back."""

import pytest

from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(page, base, username, password):
    page.goto(base + "/accounts/login/?next=/apply/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/apply/")  # not "**/apply/": the sign-in page's ?next=/apply/ matches that


def test_counter_agrees_with_the_server_and_the_draft_is_kept(site_server, phone):
    UserFactory(username="city@example.cn", email="city@example.cn", password="Xuexi-2026-city")
    sign_in(phone, site_server, "city@example.cn", "Xuexi-2026-city")
    phone.click("text=开始填写")
    phone.wait_for_url("**/apply/step/1/")
    phone.goto(site_server + "/apply/step/3/")
    # 20 characters allowed; supplementary-plane characters count once, as the server counts.
    phone.fill("#id_slogan", "学习𠀀城市" * 4 + "终")
    counter = phone.locator('[data-counter-for="id_slogan"]')
    assert counter.inner_text() == "已超出 1 字（最多 20 字）"
    phone.fill("#id_slogan", "学习𠀀城市" * 4)
    assert counter.inner_text() == "还可输入 0 字（共 20 字）"
    phone.fill("#id_profile", "苏州")
    phone.click("button[value=save]")
    phone.wait_for_url("**/apply/")
    assert "已保存" in phone.locator(".messages").inner_text()
    assert "填写中" in phone.locator(".task-list").inner_text()
    phone.goto(site_server + "/apply/step/3/")
    assert phone.input_value("#id_slogan") == "学习𠀀城市" * 4
    assert phone.console_errors == []


def test_errors_are_summarised_and_the_summary_gets_focus(site_server, phone):
    UserFactory(username="city2@example.cn", email="city2@example.cn", password="Xuexi-2026-city")
    sign_in(phone, site_server, "city2@example.cn", "Xuexi-2026-city")
    phone.goto(site_server + "/apply/step/1/")
    phone.fill("#id_contact_mobile", "123")
    phone.click("button[value=next]")
    summary = phone.locator("[data-error-summary]")
    assert "请修改以下" in summary.inner_text()
    assert phone.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 412


def test_the_featured_cases_total_is_counted_in_the_browser_as_the_server_counts(site_server, phone):
    """最多3个项目或案例，400字以内: every entry's text added up, supplementary-plane characters once."""
    UserFactory(username="city3@example.cn", email="city3@example.cn", password="Xuexi-2026-city")
    sign_in(phone, site_server, "city3@example.cn", "Xuexi-2026-city")
    phone.goto(site_server + "/apply/step/3/")
    counter = phone.locator('[data-total-counter-for="id_featured_cases"]')
    assert counter.inner_text() == "合计还可输入 400 字（所有条目共 400 字）"
    phone.fill("#id_featured_cases-0-name", "社区𠀀课堂")  # 5
    phone.fill("#id_featured_cases-0-description", "学" * 200)
    phone.fill("#id_featured_cases-1-name", "读书节")  # 3
    phone.fill("#id_featured_cases-1-description", "𠀀" * 193)  # 5 + 200 + 3 + 193 = 401
    assert counter.inner_text() == "合计已超出 1 字（所有条目最多 400 字）"
    phone.click("button[value=next]")
    phone.wait_for_load_state()
    assert "所有条目合计最多 400 字，现在共 401 字。" in phone.content()
    counter = phone.locator('[data-total-counter-for="id_featured_cases"]')
    assert counter.inner_text() == "合计已超出 1 字（所有条目最多 400 字）"  # kept as typed, counted again
    phone.fill("#id_featured_cases-1-description", "𠀀" * 192)
    assert counter.inner_text() == "合计还可输入 0 字（所有条目共 400 字）"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 412
    assert phone.console_errors == []
