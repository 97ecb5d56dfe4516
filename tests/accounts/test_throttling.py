"""Issue 11, item 7: sign-in (site and admin), registration and password reset are limited."""

import datetime
import re
import time

import pytest
from django.core import mail

from tests.accounts.helpers import register, sign_in, signed_in_as
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
RIGHT = "correct horse battery staple"


def test_ten_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused(client):
    UserFactory(username="lianxi@suzhou.example.cn")
    statuses = [sign_in(client, "lianxi@suzhou.example.cn", f"wrong-{n}").status_code for n in range(10)]
    assert statuses[:4] == [200] * 4 and set(statuses[4:]) == {429}  # the fifth failure locks

    response = sign_in(client, "lianxi@suzhou.example.cn", RIGHT)
    assert response.status_code == 429 and response["Retry-After"] == "900"
    html = response.content.decode()
    assert "登录失败次数过多" in html and "15 分钟" in html
    assert signed_in_as(client) is False
    # The account is locked from any address; other accounts from this one are not.
    assert sign_in(type(client)(), "lianxi@suzhou.example.cn", RIGHT, REMOTE_ADDR="10.9.8.7").status_code == 429
    UserFactory(username="colleague@suzhou.example.cn")
    assert sign_in(client, "colleague@suzhou.example.cn", RIGHT).status_code == 302


def test_many_failures_from_one_address_lock_that_address(client, settings):
    settings.LOGIN_FAILURE_LIMITS = {"username": 5, "ip_address": 4}
    UserFactory(username="reviewer")
    for n in range(4):
        sign_in(client, f"guess{n}@example.cn", "wrong")
    assert sign_in(client, "reviewer", RIGHT).status_code == 429
    assert sign_in(type(client)(), "reviewer", RIGHT, REMOTE_ADDR="10.9.8.7").status_code == 302


def test_the_admin_sign_in_is_locked_the_same_way(client):
    UserFactory(username="editor", is_staff=True, is_superuser=True)
    for n in range(5):
        sign_in(client, "editor", f"wrong-{n}", path="/admin/login/")
    response = sign_in(client, "editor", RIGHT, path="/admin/login/")
    assert response.status_code == 429 and "登录失败次数过多" in response.content.decode()
    assert client.get("/admin/").status_code == 302  # still signed out


def test_the_lockout_ends_after_the_cool_off(client, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(seconds=1)
    UserFactory(username="lianxi@suzhou.example.cn")
    for n in range(5):
        sign_in(client, "lianxi@suzhou.example.cn", f"wrong-{n}")
    assert sign_in(client, "lianxi@suzhou.example.cn", RIGHT).status_code == 429
    time.sleep(2.1)
    assert sign_in(client, "lianxi@suzhou.example.cn", RIGHT).status_code == 302


def test_registration_is_limited_per_address_typed(client, settings, django_capture_on_commit_callbacks):
    settings.RATE_LIMITS = {**getattr(settings, "RATE_LIMITS", {}), "register": {"email": "2/h", "ip": "100/h"}}
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [register(client, email="lianxi@suzhou.example.cn").status_code for _ in range(4)]
    assert statuses == [200, 200, 429, 429]
    assert len(mail.outbox) == 2
    refused = register(client, email="lianxi@suzhou.example.cn")
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "操作过于频繁" in refused.content.decode() and re.search(r"请 \d+ (秒|分钟)后再试", refused.content.decode())
    assert register(client, email="other@suzhou.example.cn").status_code == 200


def test_registration_is_limited_per_client_address(client, settings):
    settings.RATE_LIMITS = {**getattr(settings, "RATE_LIMITS", {}), "register": {"email": "100/h", "ip": "2/h"}}
    assert [register(client, email=f"city{n}@example.cn").status_code for n in range(3)] == [200, 200, 429]
    assert register(type(client)(), email="city9@example.cn", meta={"REMOTE_ADDR": "10.9.8.7"}).status_code == 200


def test_a_load_test_from_one_address_can_raise_the_per_address_limits(client, settings):
    settings.RATE_LIMITS = {**getattr(settings, "RATE_LIMITS", {}), "register": {"email": "100/h", "ip": "1/h"}}
    settings.RATE_LIMIT_IP_FACTOR = 3
    assert [register(client, email=f"city{n}@example.cn").status_code for n in range(4)] == [200, 200, 200, 429]


def test_behind_the_proxy_the_address_it_saw_is_counted(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATE_LIMITS = {**getattr(settings, "RATE_LIMITS", {}), "register": {"email": "100/h", "ip": "1/h"}}

    def through_proxy(email, forwarded):
        return register(client, email=email, meta={"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": forwarded})

    assert through_proxy("a@example.cn", "203.0.113.5").status_code == 200
    assert through_proxy("b@example.cn", "198.51.100.7").status_code == 200  # another client, same proxy
    # A client cannot pose as another by writing its own X-Forwarded-For: the proxy appends the real one.
    assert through_proxy("c@example.cn", "192.0.2.1, 203.0.113.5").status_code == 429


def test_password_reset_sends_a_limited_number_of_emails(client):
    UserFactory(username="reset@example.cn", email="reset@example.cn")
    statuses = [client.post("/accounts/password_reset/", {"email": "reset@example.cn"}).status_code for _ in range(10)]
    assert statuses == [302] * 5 + [429] * 5
    assert len(mail.outbox) == 5


def test_password_reset_is_limited_per_client_address(client, settings):
    settings.RATE_LIMITS = {**getattr(settings, "RATE_LIMITS", {}), "password_reset": {"email": "100/h", "ip": "2/h"}}
    statuses = [client.post("/accounts/password_reset/", {"email": f"u{n}@example.cn"}).status_code for n in range(3)]
    assert statuses == [302, 302, 429]
