"""An applicant who registers from a form's page comes back to that form once the address is confirmed."""

import pytest
from django.core import mail

from tests.accounts.helpers import link_in, register, set_password
from tests.factories import HomePageFactory, MultiStepFormPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def form_page(db):
    return MultiStepFormPageFactory(parent=HomePageFactory())


def test_the_forms_sign_in_and_register_links_carry_the_form(client, form_page):
    html = client.get(form_page.url).content.decode()
    assert f'href="/accounts/register/?next={form_page.url}"' in html
    register_page = client.get(f"/accounts/register/?next={form_page.url}").content.decode()
    assert f'<input type="hidden" name="next" value="{form_page.url}">' in register_page
    assert f'href="/accounts/login/?next={form_page.url}"' in register_page
    login_page = client.get(f"/accounts/login/?next={form_page.url}").content.decode()
    assert f'href="/accounts/register/?next={form_page.url}"' in login_page


def test_confirming_the_address_returns_to_the_form(client, form_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(client, next=form_page.url)
    response = set_password(client, link_in(mail.outbox[0]))
    assert response.status_code == 302 and response["Location"] == form_page.url
    assert "开始填写" in client.get(form_page.url).content.decode()  # signed in, on the form


def test_a_new_link_keeps_the_latest_form(client, form_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(client)
        register(client, next=form_page.url)
    response = set_password(client, link_in(mail.outbox[-1]))
    assert response["Location"] == form_page.url


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example.com/apply/", "//evil.example.com/", "javascript:alert(1)", "http://testserver.evil/"],
)
def test_a_next_address_off_the_site_is_ignored(client, next_url, django_capture_on_commit_callbacks):
    assert next_url not in client.get("/accounts/register/", {"next": next_url}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        register(client, next=next_url)
    response = set_password(client, link_in(mail.outbox[0]))
    assert response["Location"] == "/accounts/applications/"


def test_without_a_form_confirming_still_leads_to_my_applications(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(client)
    assert set_password(client, link_in(mail.outbox[0]))["Location"] == "/accounts/applications/"
