import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from learning_city.forms.models import FormEntry
from tests.factories import HomePageFactory, MultiStepFormPageFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Xuexi-Chengshi-2026"


def register(client, email="lianxi@suzhou.example.cn", password=PASSWORD, again=None):
    return client.post("/accounts/register/", {"email": email, "password1": password, "password2": again or password})


def link_in(message):
    return re.search(r"http://\S+", message.body).group(0).removeprefix("http://127.0.0.1:8000")


def test_register_verify_and_sign_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client)
    assert "请查收确认邮件" in response.content.decode()
    user = get_user_model().objects.get(username="lianxi@suzhou.example.cn")
    assert not user.is_active
    assert not client.login(username=user.username, password=PASSWORD)  # not before confirming

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lianxi@suzhou.example.cn"]
    response = client.get(link_in(mail.outbox[0]))
    assert response.status_code == 302 and response["Location"] == "/accounts/applications/"
    user.refresh_from_db()
    assert user.is_active
    assert "我的申请" in client.get("/accounts/applications/").content.decode()


def test_registration_errors_are_in_chinese(client):
    UserFactory(username="taken@example.cn", email="taken@example.cn")
    html = register(client, email="taken@example.cn", password="12345678", again="87654321").content.decode()
    assert "已存在" in html
    assert "两次输入的密码不一致" in html
    html = register(client, email="new@example.cn", password="12345678").content.decode()
    assert "密码" in html and "数字" in html  # Django's own Chinese password messages


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
    assert client.login(username=user.username, password="Xin-Mima-2026!")


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
