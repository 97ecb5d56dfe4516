"""The submission's confirmation e-mail with the mail server failing: retried by the worker, and a
mail that cannot go is shown to staff (site history) and logged, never dropped in silence, and never
turned into an error page for the applicant."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from wagtail.models import ModelLogEntry

from config.celery import app as celery_app
from learning_city.forms import tasks
from learning_city.forms.models import FormEntry
from tests.factories import UserFactory
from tests.forms.conftest import STEP_ONE, STEP_TWO, post_step

ATTEMPTS = []
FAILURES_LEFT = {"count": 0}


class FlakySMTPBackend(BaseEmailBackend):
    """Refuses the next ``FAILURES_LEFT`` messages as an unreachable SMTP server would, then delivers."""

    def send_messages(self, messages):
        ATTEMPTS.append([message.to for message in messages])
        if FAILURES_LEFT["count"]:
            FAILURES_LEFT["count"] -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def smtp(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakySMTPBackend"
    ATTEMPTS.clear()

    def failing(times):
        FAILURES_LEFT["count"] = times

    failing(0)
    return failing


@pytest.fixture
def worker(settings, monkeypatch):
    """Tasks run as a worker runs them: retries included (apply() runs each retry at once), and a
    task's exception stays in the worker."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", False)


def submit(client, page, django_capture_on_commit_callbacks):
    post_step(client, page, 1, STEP_ONE)
    post_step(client, page, 2, STEP_TWO)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{page.url}check/")
    return response


def records(entry):
    return list(ModelLogEntry.objects.for_instance(entry).order_by("pk").values_list("action", "data"))


def test_smtp_failures_are_retried_and_the_mail_goes_once(signed_in, applicant, form_page, smtp, worker, caplog):
    entry = FormEntry.objects.create(page=form_page, user=applicant, status="submitted", reference="LC-20240101-AAAAAA")
    smtp(2)

    result = tasks.send_confirmation_email.apply(args=[entry.pk])

    assert result.get() is True
    assert len(ATTEMPTS) == 3
    assert [message.to for message in mail.outbox] == [[applicant.email]]
    assert records(entry) == [(tasks.CONFIRMATION_SENT, {"recipient": applicant.email, "attempts": 3})]
    assert "retrying" in caplog.text
    # A delivery run again (the worker died before acknowledging it) sends nothing twice.
    assert tasks.send_confirmation_email.apply(args=[entry.pk]).get() is True
    assert len(mail.outbox) == 1


def test_retries_wait_longer_each_time_up_to_an_hour():
    assert [tasks.confirmation_retry_delay(n) for n in range(8)] == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_a_mail_that_cannot_go_is_shown_to_staff(client, signed_in, applicant, form_page, smtp, worker, caplog):
    entry = FormEntry.objects.create(page=form_page, user=applicant, status="submitted", reference="LC-20240101-BBBBBB")
    smtp(100)

    assert tasks.send_confirmation_email.apply(args=[entry.pk]).get() is False

    assert len(ATTEMPTS) == 1 + tasks.CONFIRMATION_RETRIES and mail.outbox == []
    (action, data), *_ = records(entry)
    assert action == tasks.CONFIRMATION_FAILED
    assert data == {"recipient": applicant.email, "attempts": 9, "error": "Connection unexpectedly closed"}
    assert "not sent after 9 attempt(s)" in caplog.text

    staff = UserFactory(username="desk", is_staff=True, is_superuser=True)
    client.force_login(staff)
    history = client.get("/admin/reports/site-history/").content.decode()
    assert "确认邮件未发送" in history
    assert f"发送给 {applicant.email} 的确认邮件尝试 9 次仍未发出：Connection unexpectedly closed" in history
    assert "LC-20240101-BBBBBB" in history


def test_without_a_worker_a_failing_mail_server_does_not_fail_the_submission(
    signed_in, applicant, form_page, smtp, django_capture_on_commit_callbacks
):
    smtp(100)

    response = submit(signed_in, form_page, django_capture_on_commit_callbacks)

    entry = FormEntry.objects.get(user=applicant)
    assert entry.status == "submitted" and response["Location"].endswith(f"/submitted/{entry.reference}/")
    assert signed_in.get(response["Location"]).status_code == 200
    # No worker to retry later: one attempt, and the failure recorded at once for staff.
    assert len(ATTEMPTS) == 1
    assert [action for action, _ in records(entry)] == [tasks.CONFIRMATION_FAILED]


def test_a_sent_confirmation_is_recorded(signed_in, applicant, form_page, django_capture_on_commit_callbacks):
    submit(signed_in, form_page, django_capture_on_commit_callbacks)

    entry = FormEntry.objects.get(user=applicant)
    assert [message.to for message in mail.outbox] == [[applicant.email]]
    assert records(entry) == [(tasks.CONFIRMATION_SENT, {"recipient": applicant.email, "attempts": 1})]
