import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from learning_city.forms.models import FormEntry
from tests.accounts.helpers import PASSWORD, link_in, register, set_password, sign_in, signed_in_as
from tests.factories import HomePageFactory, MultiStepFormPageFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_register_confirm_by_setting_the_password_and_sign_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client)
    assert "请查收邮件" in response.content.decode()
    user = get_user_model().objects.get(username="lianxi@suzhou.example.cn")
    assert not user.is_active and not user.has_usable_password()

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lianxi@suzhou.example.cn"]
    response = set_password(client, link_in(mail.outbox[0]))
    assert response.status_code == 302 and response["Location"] == "/accounts/applications/"
    user.refresh_from_db()
    assert user.is_active and user.check_password(PASSWORD)
    html = client.get("/accounts/applications/").content.decode()
    assert "我的申请" in html and "邮箱已确认" in html

    client.post("/accounts/logout/")
    assert sign_in(client, "lianxi@suzhou.example.cn").status_code == 302
    assert signed_in_as(client) == "lianxi@suzhou.example.cn"


def test_registration_and_password_errors_are_in_chinese(client, django_capture_on_commit_callbacks):
    html = register(client, email="not-an-address").content.decode()
    assert "请输入合法的邮件地址" in html
    with django_capture_on_commit_callbacks(execute=True):
        register(client, email="new@example.cn")
    page = client.get(link_in(mail.outbox[0]), follow=True)
    html = client.post(page.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "87654321"})
    assert "两个密码不一致" in html.content.decode()
    html = client.post(page.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"})
    assert "密码" in html.content.decode() and "数字" in html.content.decode()  # Django's own Chinese messages
    assert not get_user_model().objects.get(username="new@example.cn").is_active


def test_a_tampered_verification_link_is_refused(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(client)
    link = link_in(mail.outbox[0])
    response = client.get(link[:-3] + "xyz/")
    assert response.status_code == 400 and "无效" in response.content.decode()
    assert not get_user_model().objects.get(username="lianxi@suzhou.example.cn").is_active


def test_password_reset_round_trip(client):
    user = UserFactory(username="reset@example.cn", email="reset@example.cn")
    client.post("/accounts/password_reset/", {"email": "reset@example.cn"})
    assert len(mail.outbox) == 1 and "设置新密码" in mail.outbox[0].subject
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": "Xin-Mima-2026!", "new_password2": "Xin-Mima-2026!"})
    assert response.status_code == 302
    assert sign_in(client, user.username, "Xin-Mima-2026!").status_code == 302
    assert signed_in_as(client) == "reset@example.cn"


def test_my_applications_lists_only_my_drafts_and_submissions(client):
    page = MultiStepFormPageFactory(parent=HomePageFactory())
    me, other = UserFactory(username="me"), UserFactory(username="other")
    FormEntry.objects.create(page=page, user=me, status="submitted", reference="LC-20261129-ABCDEF")
    FormEntry.objects.create(page=page, user=me)
    FormEntry.objects.create(page=page, user=other, status="submitted", reference="LC-20261129-ZZZZZZ")
    client.force_login(me)
    html = client.get("/accounts/applications/").content.decode()
    assert "LC-20261129-ABCDEF" in html and "草稿" in html
    assert "LC-20261129-ZZZZZZ" not in html


def test_my_applications_needs_sign_in(client):
    assert client.get("/accounts/applications/")["Location"].startswith("/accounts/login/")
