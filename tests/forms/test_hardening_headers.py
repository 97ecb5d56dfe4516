"""Security headers: a site-wide Content-Security-Policy with nonces (django-csp), its own policy for
Wagtail's admin, a Permissions-Policy, the form pages' frame-ancestors kept; and export URLs that take
only the formats that exist and name the download themselves."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from learning_city.forms.models import FormEntry
from learning_city.showcases import network
from tests.factories import UserFactory
from tests.headers import csp_directives

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_public_pages_get_a_policy_without_unsafe_inline(client, site_content):
    response = client.get("/guide/")
    policy = csp_directives(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"].split()[0] == "'self'" and policy["style-src"].split()[0] == "'self'"
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'self'" and policy["form-action"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_every_inline_script_and_style_in_the_templates_carries_the_nonce():
    missing = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", text):
            if "src=" not in tag and "nonce=" not in tag:
                missing.append(f"{path.relative_to(TEMPLATES)}: {tag}")
    assert missing == []


def test_public_templates_use_no_inline_handlers_or_style_attributes():
    # Neither can carry a nonce; the admin's templates run under the admin's own policy.
    found = []
    for path in TEMPLATES.rglob("*.html"):
        if "admin" in path.relative_to(TEMPLATES).parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"\son[a-z]+\s*=|\sstyle\s*=", line):
                found.append(f"{path.relative_to(TEMPLATES)}:{number}")
    assert found == []


def test_the_500_page_styles_itself_with_the_nonce_its_policy_names(client, site_content, monkeypatch):
    def broken():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(network, "region_figures", broken)
    client.raise_request_exception = False
    response = client.get("/api/network/coverage/")
    assert response.status_code == 500
    (nonce,) = re.findall(r'<style nonce="([^"]+)">', response.content.decode())
    assert f"'nonce-{nonce}'" in csp_directives(response)["style-src"].split()


def test_the_admin_has_its_own_policy_that_lets_wagtail_run(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = csp_directives(response)
    # Wagtail's admin writes inline scripts without a nonce; a nonce would switch 'unsafe-inline' off.
    assert policy["script-src"] == "'self' 'unsafe-inline'" and "nonce-" not in response["Content-Security-Policy"]
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'self'"
    assert "gravatar.com" not in response.content.decode()  # images from this site only


def test_a_permissions_policy_switches_off_what_no_page_uses(client, site_content, superuser):
    for path in ("/", "/apply/", "/api/showcases/"):
        policy = client.get(path)["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
    client.force_login(superuser)
    assert "camera=()" in client.get("/admin/")["Permissions-Policy"]


def test_an_embeddable_form_keeps_the_sites_policy_and_names_its_framing_sites(client, site_content):
    from learning_city.forms.models import MultiStepFormPage

    page = MultiStepFormPage.objects.get(slug="apply")
    page.frame_ancestors = "https://jyt.example.gov.cn"
    page.save_revision().publish()
    policy = csp_directives(client.get("/apply/?embed=1"))
    assert policy["frame-ancestors"] == "'self' https://jyt.example.gov.cn"
    assert policy["object-src"] == "'none'" and "unsafe-inline" not in policy["script-src"]


@pytest.fixture
def reviewer(client, form_page):
    FormEntry.objects.create(
        page=form_page,
        user=UserFactory(username="city"),
        status=FormEntry.Status.SUBMITTED,
        reference="LC-20261129-ABCDEF",
        submitted_at=timezone.now(),
        answers={"contact_name": "张三"},
    )
    user = UserFactory(username="reviewer", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_formentry"]))
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "file_format",
    ["exe", "html", "CSV", "csv.exe", 'csv"; filename="invoice.exe', "csv%0d%0aSet-Cookie:x=1", "xlsx;.html"],
)
def test_the_export_url_takes_only_the_formats_that_exist(client, form_page, reviewer, file_format):
    response = client.get(f"/admin/form-submissions/{form_page.pk}/export.{file_format}")
    assert response.status_code == 404
    assert "Content-Disposition" not in response


@pytest.mark.parametrize(("file_format", "content_type"), [("csv", "text/csv"), ("xlsx", "application/vnd.openxml")])
def test_the_export_names_its_download_itself(client, form_page, reviewer, file_format, content_type):
    response = client.get(f"/admin/form-submissions/{form_page.pk}/export.{file_format}")
    assert response.status_code == 200 and response["Content-Type"].startswith(content_type)
    assert re.fullmatch(
        rf'attachment; filename="submissions-{form_page.pk}-\d{{8}}-\d{{4}}\.{file_format}"',
        response["Content-Disposition"],
    )
