"""A real Celery worker on Redis picks up a task and answers (run by .ci/run)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery

PROJECT_DIR = Path(__file__).resolve().parents[2]
BROKER_URL = os.environ.get("INTEGRATION_BROKER_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def worker_queue(tmp_path):
    queue = f"ci-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_RESULT_BACKEND": BROKER_URL,
        "DATA_DIR": str(tmp_path),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=PROJECT_DIR,
        env=env,
    )
    try:
        yield queue
    finally:
        worker.terminate()
        worker.wait(timeout=30)


@pytest.mark.integration
def test_ping_task_round_trips_through_a_real_worker(worker_queue):
    client = Celery("ci-client", broker=BROKER_URL, backend=BROKER_URL)
    result = client.send_task("config.ping", queue=worker_queue)
    assert result.get(timeout=60) == {"pong": True, "database": True}
