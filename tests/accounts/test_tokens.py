"""Issue 11, item 6: a confirmation link confirms, a reset link resets, and a GET changes nothing."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.accounts.helpers import PASSWORD, last_link, register_as_before, set_password, signed_in_as
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def uid(user):
    return urlsafe_base64_encode(force_bytes(user.pk))


def test_a_password_reset_token_does_not_open_the_confirmation_page(client):
    staff = UserFactory(username="editor@example.cn", is_staff=True, is_superuser=True)
    response = client.get(f"/accounts/verify/{uid(staff)}/{default_token_generator.make_token(staff)}/", follow=True)
    assert response.status_code == 400 and "无效" in response.content.decode()
    assert signed_in_as(client) is False
    assert "_auth_user_id" not in client.session


def test_a_password_reset_token_does_not_confirm_a_pending_registration(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register_as_before(client)
    pending = get_user_model().objects.get(username="lianxi@suzhou.example.cn")
    link = f"/accounts/verify/{uid(pending)}/{default_token_generator.make_token(pending)}/"
    assert client.get(link, follow=True).status_code == 400
    assert client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD}).status_code == 400
    pending.refresh_from_db()
    assert not pending.is_active


def test_a_confirmation_token_does_not_reset_a_password(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register_as_before(client)
    uidb64, token = re.search(r"/accounts/verify/([^/]+)/([^/]+)/", last_link()).groups()
    page = client.get(f"/accounts/reset/{uidb64}/{token}/", follow=True)
    assert "链接无效" in page.content.decode()
    client.post(f"/accounts/reset/{uidb64}/set-password/", {"new_password1": PASSWORD, "new_password2": PASSWORD})
    user = get_user_model().objects.get(username="lianxi@suzhou.example.cn")
    assert not user.is_active and not user.has_usable_password()


def test_opening_the_link_changes_nothing_until_the_owner_sets_a_password(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register_as_before(client)
    page = client.get(last_link(), follow=True)
    assert page.status_code == 200 and "设置密码" in page.content.decode()
    assert 'method="post"' in page.content.decode()
    assert "/accounts/verify/" in page.redirect_chain[-1][0] and "set-password" in page.redirect_chain[-1][0]
    assert not get_user_model().objects.get(username="lianxi@suzhou.example.cn").is_active
    assert signed_in_as(client) is False


def test_a_confirmation_link_works_once(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register_as_before(client)
    link = last_link()
    assert set_password(client, link).status_code == 302
    other = type(client)()
    assert other.get(link, follow=True).status_code == 400
    assert signed_in_as(other) is False
