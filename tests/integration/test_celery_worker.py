"""A real Celery worker on Redis picks up a task and answers (run by .ci/run)."""

import pytest
from celery import Celery

from tests.integration.conftest import BROKER_URL, celery_worker


@pytest.fixture
def worker_queue(tmp_path):
    with celery_worker(tmp_path) as queue:
        yield queue


@pytest.mark.integration
def test_ping_task_round_trips_through_a_real_worker(worker_queue):
    client = Celery("ci-client", broker=BROKER_URL, backend=BROKER_URL)
    result = client.send_task("config.ping", queue=worker_queue)
    assert result.get(timeout=60) == {"pong": True, "database": True}
