"""With the Celery worker down a submission still goes through, and its confirmation e-mail is sent
once a worker is back (run by .ci/run, on PostgreSQL: the worker reads the test database)."""

import time

import pytest
from django.db import connection
from wagtail.models import ModelLogEntry

from config.celery import app as celery_app
from learning_city.forms import tasks
from learning_city.forms.models import FormEntry
from tests.factories import HomePageFactory, MultiStepFormPageFactory, UserFactory
from tests.forms.conftest import STEP_ONE, STEP_TWO, post_step
from tests.integration.conftest import BROKER_URL, celery_worker, new_queue
from tests.integration.test_notifications_worker import database_url

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def queue_without_a_worker(settings):
    """This process sends tasks to Redis on a queue no worker listens to yet."""
    if connection.vendor != "postgresql":
        pytest.skip("the worker must share the test database: run with DATABASE_URL on PostgreSQL (.ci/run)")
    queue = new_queue()
    names = ("task_always_eager", "broker_url", "result_backend", "task_default_queue")
    saved = {name: celery_app.conf[name] for name in names}
    celery_app.conf.update(
        task_always_eager=False, broker_url=BROKER_URL, result_backend=BROKER_URL, task_default_queue=queue
    )
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        yield queue
    finally:
        celery_app.conf.update(saved)


def confirmations(entry):
    return ModelLogEntry.objects.for_instance(entry).filter(action=tasks.CONFIRMATION_SENT)


def test_a_submission_made_while_the_worker_is_down_is_confirmed_when_it_returns(
    client, queue_without_a_worker, tmp_path
):
    page = MultiStepFormPageFactory(parent=HomePageFactory())
    applicant = UserFactory(username="wuxi-office", email="office@wuxi.example.cn")
    client.force_login(applicant)
    post_step(client, page, 1, STEP_ONE)
    post_step(client, page, 2, STEP_TWO)

    response = client.post(f"{page.url}check/")  # committed: the confirmation task goes to Redis

    entry = FormEntry.objects.get(user=applicant)
    assert entry.status == "submitted" and response["Location"].endswith(f"/submitted/{entry.reference}/")
    assert client.get(response["Location"]).status_code == 200
    time.sleep(2)
    assert not confirmations(entry).exists()  # nobody to send it yet; it waits in the queue

    with celery_worker(tmp_path, queue=queue_without_a_worker, DATABASE_URL=database_url()):
        deadline = time.monotonic() + 60
        while not confirmations(entry).exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(1)  # a second delivery would show by now
        assert [log.data for log in confirmations(entry)] == [{"recipient": applicant.email, "attempts": 1}]
