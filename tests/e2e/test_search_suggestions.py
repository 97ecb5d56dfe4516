"""Suggestions while typing and pinyin search, in Chromium, by keyboard as a screen reader user would."""

import pytest

# Serialized rollback restores what migrations created (the tree root, the locale) after each flush.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_keyboard_user_picks_a_suggestion(site_server, desktop):
    desktop.goto(f"{site_server}/search/")
    box = desktop.locator("#search-q")
    box.press_sequentially("社区", delay=50)
    listbox = desktop.locator("#search-q-suggestions")
    listbox.get_by_role("option").first.wait_for()
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "true"
    assert "条建议" in desktop.locator(".search-page [role=status]").first.inner_text()

    box.press("ArrowDown")
    first = listbox.get_by_role("option").first
    assert first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    label = first.inner_text().splitlines()[0]
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"

    box.press("ArrowDown")  # closed: the box keeps the caret, nothing is chosen
    box.press_sequentially("教", delay=50)
    listbox.get_by_role("option").first.wait_for()
    box.press("ArrowDown")
    with desktop.expect_navigation():
        box.press("Enter")
    assert desktop.url != f"{site_server}/search/"
    assert label


def test_phone_visitor_searches_by_pinyin_initials_from_the_header(site_server, phone):
    phone.goto(f"{site_server}/guide/")
    box = phone.locator("#header-search-q")
    box.fill("sqjy")
    box.press("Enter")
    phone.wait_for_url("**/search/?q=sqjy")
    first = phone.locator(".result__title").first
    assert first.inner_text().strip() == "加快发展社区教育和老年教育"
    assert phone.console_errors == []
