"""Issue 11, item 5: whoever types an address chooses nothing; its owner confirms and sets the password."""

import datetime
import io
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.accounts.helpers import (
    PASSWORD,
    last_link,
    link_in,
    register,
    register_as_before,
    set_password,
    sign_in,
    signed_in_as,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
VICTIM = "lianxi@suzhou.example.cn"
ATTACKER_PASSWORD = "Gongji-Zhe-Mima-2026"


def test_the_registrant_password_never_works_after_the_owner_confirms(client, django_capture_on_commit_callbacks):
    attacker, owner = client, type(client)()
    with django_capture_on_commit_callbacks(execute=True):
        register_as_before(attacker, email=VICTIM, password=ATTACKER_PASSWORD)
    assert not get_user_model().objects.get(username=VICTIM).has_usable_password()

    set_password(owner, last_link())
    assert signed_in_as(owner) == VICTIM
    assert sign_in(attacker, VICTIM, ATTACKER_PASSWORD).status_code == 200  # the form again: refused
    assert signed_in_as(attacker) is False
    assert sign_in(type(client)(), VICTIM, PASSWORD).status_code == 302


def test_registering_an_unconfirmed_address_again_sends_a_new_link(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = register_as_before(client, email=VICTIM)
    with django_capture_on_commit_callbacks(execute=True):
        again = register_as_before(client, email=VICTIM.upper())
    assert first.status_code == again.status_code == 200
    assert [message.to for message in mail.outbox] == [[VICTIM], [VICTIM]]
    assert get_user_model().objects.filter(email__iexact=VICTIM).count() == 1
    assert set_password(type(client)(), last_link())["Location"] == "/accounts/applications/"
    assert get_user_model().objects.get(username=VICTIM).is_active


def test_registration_answers_the_same_whether_or_not_the_address_has_an_account(
    client, django_capture_on_commit_callbacks
):
    owner = UserFactory(username="taken@example.cn", email="taken@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        taken = register(client, email="taken@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        free = register(type(client)(), email="free@example.cn")
    assert taken.status_code == free.status_code == 200
    assert taken.content.decode().replace("taken@", "X@") == free.content.decode().replace("free@", "X@")

    # The owner hears that someone tried, with the ways back in; nothing about the account changed.
    notice = next(message for message in mail.outbox if message.to == ["taken@example.cn"])
    assert "尝试" in notice.subject and "/accounts/login/" in notice.body and "/accounts/password_reset/" in notice.body
    owner.refresh_from_db()
    assert owner.is_active and owner.check_password("correct horse battery staple")
    assert get_user_model().objects.filter(email__iexact="taken@example.cn").count() == 1


def test_password_reset_answers_the_same_whether_or_not_the_address_has_an_account(client):
    UserFactory(username="taken@example.cn", email="taken@example.cn")
    taken = client.post("/accounts/password_reset/", {"email": "taken@example.cn"}, follow=True)
    free = client.post("/accounts/password_reset/", {"email": "free@example.cn"}, follow=True)
    assert taken.redirect_chain == free.redirect_chain
    assert taken.content == free.content
    assert [message.to for message in mail.outbox] == [["taken@example.cn"]]


def test_unconfirmed_accounts_expire_once_their_link_cannot_work(client, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(client, email="old@example.cn")
        register(client, email="fresh@example.cn")
    User = get_user_model()
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    User.objects.filter(username="old@example.cn").update(date_joined=long_ago)
    apps.get_model("accounts", "PendingRegistration").objects.filter(user__username="old@example.cn").update(
        link_sent_at=long_ago
    )
    # Neither an active account nor one a manager switched off is touched, however old.
    UserFactory(username="active@example.cn", date_joined=long_ago)
    UserFactory(username="switched-off@example.cn", is_active=False, date_joined=long_ago)

    out = io.StringIO()
    call_command("expire_unconfirmed_accounts", stdout=out)
    assert out.getvalue().startswith("1 ")
    assert sorted(User.objects.values_list("username", flat=True)) == [
        "active@example.cn",
        "fresh@example.cn",
        "switched-off@example.cn",
    ]
    assert "expire-unconfirmed-accounts" in settings.CELERY_BEAT_SCHEDULE
    assert client.get(link_in(mail.outbox[0])).status_code == 400
    assert set_password(client, link_in(mail.outbox[1]))["Location"] == "/accounts/applications/"


def test_accounts_the_old_registration_left_unconfirmed_lose_the_registrants_password(
    client, django_capture_on_commit_callbacks
):
    User = get_user_model()
    left = User.objects.create_user(username=VICTIM, email=VICTIM, password=ATTACKER_PASSWORD, is_active=False)
    staff = User.objects.create_user(
        username="off@example.cn", email="off@example.cn", password=PASSWORD, is_active=False, is_staff=True
    )
    member = User.objects.create_user(username="grp@example.cn", email="grp@example.cn", is_active=False)
    member.groups.add(Group.objects.create(name="审核组"))

    migration = import_module("learning_city.accounts.migrations.0002_pending_old_registrations")
    migration.pend_old_registrations(apps, None)
    left.refresh_from_db()
    staff.refresh_from_db()
    assert not left.has_usable_password() and staff.has_usable_password()

    with django_capture_on_commit_callbacks(execute=True):
        register(client, email=VICTIM)
        register(client, email="off@example.cn")
        register(client, email="grp@example.cn")
    assert [message.to for message in mail.outbox] == [[VICTIM]]  # switched-off accounts hear nothing
    set_password(client, last_link())
    assert signed_in_as(client) == VICTIM
