"""Who is told what as an application moves, in Chinese, after the action commits."""

import pytest
from celery.exceptions import Retry
from django.core import mail

from learning_city.applications.models import Notification
from learning_city.applications.tasks import send_notification
from tests.applications.conftest import act, application_of, submitted_entry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(db):
    return UserFactory(username="suzhou-office", email="office@suzhou.example.cn")


def submit(page, applicant, capture):
    with capture(execute=True):
        return application_of(submitted_entry(page, applicant))


def test_arrival_reaches_only_the_provinces_own_reviewers(
    application_page, applicant, jiangsu_reviewer, zhejiang_reviewer, superuser, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    application = submit(application_page, applicant, django_capture_on_commit_callbacks)
    to_reviewers = [message for message in mail.outbox if "待您审核" in message.subject]
    assert [message.to for message in to_reviewers] == [[jiangsu_reviewer.email]]
    assert "苏州市" in to_reviewers[0].subject and application.reference in to_reviewers[0].body
    # Wagtail's own mails (superusers, the requester) are not sent for applications
    recipients = {address for message in mail.outbox for address in message.to}
    assert zhejiang_reviewer.email not in recipients and superuser.email not in recipients
    assert Notification.objects.get(recipient=jiangsu_reviewer.email).status == "sent"


def test_the_applicant_reads_the_reviewers_request_and_nothing_from_wagtail(
    application_page, applicant, jiangsu_reviewer, django_capture_on_commit_callbacks
):
    application = submit(application_page, applicant, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(application, jiangsu_reviewer, "decline", reason="佐证材料不足。")
    to_applicant = [message for message in mail.outbox if applicant.email in message.to]
    assert [message.subject for message in to_applicant] == [f"您的入网申请未获通过（{application.reference}）"]
    assert "佐证材料不足。" in to_applicant[0].body and "/admin/" not in to_applicant[0].body


def test_a_failed_delivery_is_retried_then_recorded_for_staff(application_page, applicant, jiangsu_reviewer, settings):
    application_of(submitted_entry(application_page, applicant))  # queued; the commit never comes in this test
    notification = Notification.objects.get(recipient=jiangsu_reviewer.email)
    settings.EMAIL_BACKEND = "tests.applications.test_notifications.RefusingBackend"

    with pytest.raises(Retry):
        send_notification.apply(args=[notification.pk])
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("queued", 1) and "refused" in notification.error

    send_notification.apply(args=[notification.pk], retries=send_notification.max_retries)
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("failed", 2)


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("refused by the test's mail server")
