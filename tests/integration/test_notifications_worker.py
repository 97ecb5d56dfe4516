"""An application's arrival queues a notification after the commit; a real Celery worker on Redis
sends it and records it as sent (run by .ci/run, on PostgreSQL: the worker reads the test database)."""

import json
import time

import pytest
from django.db import connection

from config.celery import app as celery_app
from learning_city.applications.models import Notification
from learning_city.applications.tasks import send_notification
from tests.applications.conftest import application_steps, reviewer_of, submitted_entry
from tests.factories import HomePageFactory, MultiStepFormPageFactory, UserFactory
from tests.integration.conftest import BROKER_URL, celery_worker

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def database_url():
    """The test database, as the worker process must reach it."""
    settings = connection.settings_dict
    credentials = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    return f"postgres://{credentials}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


@pytest.fixture
def worker_queue(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the worker must share the test database: run with DATABASE_URL on PostgreSQL (.ci/run)")
    with celery_worker(tmp_path, DATABASE_URL=database_url()) as queue:
        yield queue


@pytest.fixture
def queued_to_the_worker(worker_queue):
    """This process sends tasks to Redis, on the worker's queue, instead of running them inline."""
    names = ("task_always_eager", "broker_url", "result_backend", "task_default_queue")
    saved = {name: celery_app.conf[name] for name in names}
    celery_app.conf.update(
        task_always_eager=False, broker_url=BROKER_URL, result_backend=BROKER_URL, task_default_queue=worker_queue
    )
    try:
        yield worker_queue
    finally:
        celery_app.conf.update(saved)


@pytest.fixture
def application_page():
    steps = json.dumps(application_steps())
    return MultiStepFormPageFactory(
        parent=HomePageFactory(), slug="apply", purpose="city_network_application", steps=steps
    )


def wait_for(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_the_arrival_notification_is_sent_by_the_worker_and_recorded(queued_to_the_worker, application_page):
    assert send_notification.app is celery_app and not celery_app.conf.task_always_eager  # not run inline
    reviewer = reviewer_of("320000", "jiangsu-reviewer")
    entry = submitted_entry(application_page, UserFactory(username="suzhou-office"))  # commits: the task is sent

    notification = Notification.objects.get(application__entry=entry, recipient=reviewer.email)
    assert notification.kind == "province_queue"
    assert wait_for(lambda: Notification.objects.get(pk=notification.pk).status == Notification.Status.SENT), (
        Notification.objects.get(pk=notification.pk).__dict__
    )
    notification.refresh_from_db()
    assert notification.attempts == 1 and notification.sent_at is not None and notification.error == ""
    assert notification.subject == f"江苏省苏州市的入网申请待您审核（{entry.reference}）"
