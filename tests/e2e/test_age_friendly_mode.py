"""The age-friendly mode (适老化) in Chromium: larger type, bigger targets, one column, remembered by the
browser alone; without JavaScript the control is not shown."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MEASURE = """() => {
    const px = (element, property) => parseFloat(getComputedStyle(element)[property]);
    const targets = Array.from(document.querySelectorAll(
        "header a, header button, header input, main a.button, main .task-card__link")).filter((e) => e.offsetParent);
    return {
        body: px(document.body, "fontSize"),
        smallest_target: Math.min(...targets.map((e) => e.getBoundingClientRect().height)),
        task_columns: getComputedStyle(document.querySelector(".task-grid")).gridTemplateColumns.split(" ").length,
        nav_scrolls: document.querySelector(".site-nav__list").scrollWidth > document.querySelector(".site-nav__list").clientWidth,
        page_scrolls: document.documentElement.scrollWidth > window.innerWidth,
    };
}"""


def test_the_mode_makes_type_and_targets_larger_and_is_remembered(site_server, browser):
    context = browser.new_context(viewport={"width": 412, "height": 915})
    page = context.new_page()
    page.goto(site_server + "/")
    toggle = page.get_by_role("button", name="长辈模式")
    assert toggle.get_attribute("aria-pressed") == "false"
    normal = page.evaluate(MEASURE)
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    larger = page.evaluate(MEASURE)
    assert normal["body"] < 18 <= larger["body"]
    assert larger["smallest_target"] >= 44
    assert larger["task_columns"] == 1 and not larger["nav_scrolls"] and not larger["page_scrolls"]

    # Another visit in the same browser: on before the first paint, the control pressed; no cookie for it.
    page.goto(site_server + "/guide/")
    assert page.evaluate("document.documentElement.classList.contains('age-friendly')")
    assert page.get_by_role("button", name="长辈模式").get_attribute("aria-pressed") == "true"
    assert context.cookies() == []
    page.get_by_role("button", name="长辈模式").click()
    page.reload()
    assert not page.evaluate("document.documentElement.classList.contains('age-friendly')")
    context.close()


def test_without_javascript_the_control_is_not_shown(site_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_server + "/")
    assert page.locator("[data-age-friendly-toggle]").count() == 1
    assert not page.locator("[data-age-friendly-toggle]").is_visible()
    context.close()
