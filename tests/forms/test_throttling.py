"""Issue 11, item 7: step saves and submissions are limited per account and per client address."""

import json
import re

import pytest
from django.core import mail
from django.test import Client

from learning_city.forms.models import FormEntry
from tests.factories import UserFactory
from tests.forms.conftest import STEP_ONE, STEP_TWO, post_step

pytestmark = pytest.mark.django_db
WAIT = r"请 \d+ (秒|分钟)后再试"


@pytest.fixture
def limits(settings):
    def set_limits(action, **rates):
        settings.RATE_LIMITS = {**getattr(settings, "RATE_LIMITS", {}), action: rates}

    return set_limits


def test_step_saves_are_limited_per_account(signed_in, applicant, form_page, limits):
    limits("form_save", account="3/h", ip="100/h")
    for name in ("张一", "张二", "张三"):
        assert post_step(signed_in, form_page, 1, {**STEP_ONE, "contact_name": name}).status_code == 302
    refused = post_step(signed_in, form_page, 1, {**STEP_ONE, "contact_name": "张四"})
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 3600
    assert "操作过于频繁" in refused.content.decode() and re.search(WAIT, refused.content.decode())
    assert FormEntry.objects.get(user=applicant).answers["contact_name"] == "张三"
    # Reading the steps is not counted; another account is counted on its own.
    assert signed_in.get(f"{form_page.url}step/1/").status_code == 200
    other = Client()
    other.force_login(UserFactory(username="li"))
    assert post_step(other, form_page, 1, STEP_ONE).status_code == 302


def test_step_saves_are_limited_per_client_address(client, applicant, form_page, limits):
    limits("form_save", account="100/h", ip="2/h")
    client.force_login(applicant)
    post_step(client, form_page, 1, STEP_ONE)
    post_step(client, form_page, 2, STEP_TWO)
    neighbour = Client()
    neighbour.force_login(UserFactory(username="li"))
    assert post_step(neighbour, form_page, 1, STEP_ONE).status_code == 429
    elsewhere = Client(REMOTE_ADDR="10.9.8.7")
    elsewhere.force_login(UserFactory(username="wang"))
    assert post_step(elsewhere, form_page, 1, STEP_ONE).status_code == 302


def test_submissions_are_limited(signed_in, applicant, form_page, limits, django_capture_on_commit_callbacks):
    limits("form_submit", account="1/h", ip="100/h")
    post_step(signed_in, form_page, 1, STEP_ONE)
    post_step(signed_in, form_page, 2, STEP_TWO)
    with django_capture_on_commit_callbacks(execute=True):
        assert signed_in.post(f"{form_page.url}check/").status_code == 302
        refused = signed_in.post(f"{form_page.url}check/")
    assert refused.status_code == 429 and "Retry-After" in refused
    assert len(mail.outbox) == 1
    assert signed_in.get(f"{form_page.url}check/").status_code == 302  # looking is not counted


def test_the_json_api_answers_json_when_limited(signed_in, form_page, limits):
    limits("form_save", account="1/h", ip="100/h")
    base = f"/api/forms/{form_page.pk}"

    def save():
        return signed_in.post(f"{base}/steps/1/", json.dumps(STEP_ONE), content_type="application/json")

    assert save().status_code == 200
    refused = save()
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 3600
    body = refused.json()
    assert body["error"] == "too_many_requests" and body["retry_after"] == int(refused["Retry-After"])
    assert "操作过于频繁" in body["message"] and re.search(WAIT, body["message"])

    limits("form_submit", account="1/h", ip="100/h")
    signed_in.post(f"{base}/submit/")
    refused = signed_in.post(f"{base}/submit/")
    assert refused.status_code == 429 and refused.json()["error"] == "too_many_requests"
