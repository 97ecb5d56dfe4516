"""A visitor in a real browser (Debian's Chromium driven by Playwright); run by .ci/run."""

import pytest

# Serialized rollback restores what migrations created (the tree root, the locale) after each flush.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_phone_visitor_searches_in_chinese_and_reads_the_task(site_server, phone):
    phone.goto(site_server + "/")
    assert phone.locator("h1").inner_text() == "全国学习型城市网络"
    phone.fill("#header-search-q", "老年大学")
    phone.press("#header-search-q", "Enter")
    phone.wait_for_url("**/search/?q=*")
    first_result = phone.locator(".result__title a").first
    assert first_result.inner_text() == "加快发展社区教育和老年教育"
    assert phone.locator(".result__snippet mark").first.inner_text() == "老年大学"
    first_result.click()
    phone.wait_for_url("**/guide/community-and-elderly-education/")
    assert phone.locator("h1").inner_text() == "加快发展社区教育和老年教育"
    # Phones first: nothing wider than the screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 412
    assert phone.console_errors == []


def test_guide_is_navigable_from_its_table_of_contents(site_server, desktop):
    desktop.goto(site_server + "/guide/")
    desktop.get_by_role("link", name="（五）高质量推进全民阅读").first.click()
    assert desktop.evaluate("location.hash") == "#task-5"
    desktop.get_by_role("link", name="高质量推进全民阅读", exact=True).first.click()
    desktop.wait_for_url("**/guide/reading-for-all/")
    desktop.get_by_role("link", name="下一项 （六）营造全民终身学习浓厚氛围").click()
    desktop.wait_for_url("**/guide/lifelong-learning-atmosphere/")


def test_keyboard_user_can_skip_to_the_content(site_server, desktop):
    desktop.goto(site_server + "/guide/")
    desktop.keyboard.press("Tab")
    focused = desktop.evaluate("document.activeElement.textContent.trim()")
    assert focused == "跳到主要内容"
    desktop.keyboard.press("Enter")
    assert desktop.evaluate("location.hash") == "#main"


def test_stylesheet_is_served_without_any_external_request(site_server, desktop):
    requested = []
    desktop.on("request", lambda request: requested.append(request.url))
    desktop.goto(site_server + "/")
    background = desktop.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert background == "rgb(11, 92, 142)"
    assert all(url.startswith(site_server) for url in requested), requested
