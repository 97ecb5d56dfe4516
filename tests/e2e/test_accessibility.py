"""axe-core on every page type, at desktop and phone widths, in the normal and the age-friendly mode."""

import pytest
from django.test import Client

from tests.e2e.axe import axe_source, axe_violations
from tests.factories import UserFactory
from tests.forms.apply_helpers import fill_all_parts

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Xuexi-2026-axe"
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 412, "height": 915}}
PUBLIC_PAGES = [
    "/",
    "/guide/",
    "/guide/reading-for-all/",
    "/showcases/",
    "/showcases/?type=exemplary_city",
    "/showcases/demo-exemplary-city/",
    "/network/",
    "/network/city/110100/",
    "/search/?q=社区教育",
    "/search/",
    "/search/?q=没有这样的内容",
    "/accounts/register/",
    "/accounts/login/",
    "/this-page-does-not-exist/",
]


@pytest.fixture(scope="session")
def axe():
    return axe_source()


@pytest.fixture
def audited(axe):
    """Audits the open page four ways (normal and age-friendly, desktop and phone) without reloading it,
    switching the mode with the header's own control; collects what axe reports."""
    found = []

    def audit(page, label):
        toggle = page.locator("[data-age-friendly-toggle]")
        for mode, pressed in (("normal", "false"), ("age-friendly", "true")):
            if toggle.get_attribute("aria-pressed") != pressed:
                toggle.click()
            assert page.evaluate("document.documentElement.classList.contains('age-friendly')") == (pressed == "true")
            for width, size in WIDTHS.items():
                page.set_viewport_size(size)
                found.extend(f"{label} ({mode}, {width}): {violation}" for violation in axe_violations(page, axe))

    audit.found = found
    return audit


def test_public_pages_have_no_violations_in_either_mode(site_server, desktop, audited):
    for path in PUBLIC_PAGES:
        response = desktop.goto(site_server + path)
        assert response.status == (404 if "does-not-exist" in path else 200), path
        audited(desktop, path)
    assert audited.found == []


def test_an_applicants_pages_and_error_states_have_no_violations(site_server, desktop, audited):
    user = UserFactory(username="axe@example.cn", email="axe@example.cn", password=PASSWORD)
    desktop.goto(site_server + "/accounts/login/?next=/apply/")
    desktop.fill("#id_username", "axe@example.cn")
    desktop.fill("#id_password", PASSWORD)
    desktop.click("main button[type=submit]")
    desktop.wait_for_url(site_server + "/apply/")
    audited(desktop, "/apply/")
    for number in range(1, 6):
        desktop.goto(f"{site_server}/apply/step/{number}/")
        audited(desktop, f"step {number}")
        desktop.click("button[value=next]")  # nothing filled in: the step comes back with its errors
        assert desktop.locator("[data-error-summary]").count() == 1, number
        audited(desktop, f"step {number}, errors")
    client = Client()
    client.force_login(user)
    fill_all_parts(client, user)
    desktop.goto(site_server + "/apply/check/")
    audited(desktop, "check")
    desktop.click("main form[data-submit-once] button[type=submit]")
    desktop.wait_for_url("**/submitted/**")
    audited(desktop, "submitted")
    desktop.goto(site_server + "/accounts/applications/")
    audited(desktop, "my applications")
    assert audited.found == []
