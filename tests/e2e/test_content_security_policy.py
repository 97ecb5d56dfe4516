"""The Content-Security-Policy in a real browser: the public site (visitor, applicant, an editor's
userbar) and Wagtail's admin under its own policy load without a single violation."""

import pytest
from django.conf import settings

from learning_city.forms.models import MultiStepFormPage
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Xuexi-2026-csp"


@pytest.fixture
def violations(desktop):
    """What the browser refused under the policy, as its console reports it, and script errors."""
    found = []

    def console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            found.append(message.text)

    desktop.on("console", console)
    desktop.on("pageerror", lambda error: found.append(str(error)))
    return found


def visit(page, url):
    """Open ``url``; the violations reported while it settles (those during loading reach the console)."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page.evaluate(
        """() => new Promise((resolve) => {
            const seen = [];
            document.addEventListener("securitypolicyviolation", (event) => seen.push(event.violatedDirective));
            setTimeout(() => resolve(seen), 200);
        })"""
    )


def test_the_public_site_runs_under_its_policy(site_server, desktop, violations):
    UserFactory(username="city@example.cn", email="city@example.cn", password=PASSWORD)
    paths = ["/", "/guide/", "/guide/reading-for-all/", "/showcases/", "/network/", "/search/?q=社区教育", "/apply/"]
    paths += ["/accounts/login/", "/accounts/register/", "/this-page-does-not-exist/"]
    for path in paths:
        visit(desktop, site_server + path)
    desktop.goto(site_server + "/accounts/login/?next=/apply/")
    desktop.fill("#id_username", "city@example.cn")
    desktop.fill("#id_password", PASSWORD)
    desktop.click("main button[type=submit]")
    desktop.wait_for_url(site_server + "/apply/")
    for number in range(1, 6):
        visit(desktop, f"{site_server}/apply/step/{number}/")
    # The live counter is the site's own script, allowed by 'self'.
    visit(desktop, f"{site_server}/apply/step/3/")
    desktop.fill("#id_slogan", "学习")
    assert desktop.locator('[data-counter-for="id_slogan"]').inner_text() == "还可输入 18 字（共 20 字）"
    visit(desktop, site_server + "/apply/check/")
    assert violations == []


def test_wagtails_admin_runs_under_the_admins_policy(site_server, desktop, violations):
    UserFactory(username="boss", is_staff=True, is_superuser=True, password=PASSWORD)
    desktop.goto(site_server + "/admin/login/")
    desktop.fill("input[name=username]", "boss")
    desktop.fill("input[name=password]", PASSWORD)
    desktop.click("button[type=submit]")
    desktop.wait_for_url("**/admin/")
    form = MultiStepFormPage.objects.get(slug="apply")
    for path in [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{form.pk}/edit/",
        "/admin/lc_forms/formentry/",
        "/admin/review-desk/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/reports/site-history/",
    ]:
        assert visit(desktop, site_server + path) == [], path
    # The editor of the largest shipped form posts far fewer fields than the cap.
    desktop.goto(f"{site_server}/admin/pages/{form.pk}/edit/")
    desktop.wait_for_load_state("networkidle")
    posted = desktop.evaluate("Array.from(new FormData(document.querySelector('#page-edit-form')).keys()).length")
    assert 300 < posted < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS / 3
    # An editor's userbar on a public page, and the page editor's live preview.
    assert visit(desktop, site_server + "/guide/") == []
    assert desktop.locator("wagtail-userbar").count() == 1
    assert violations == []
