"""`make backup`, then `make restore` into an empty PostgreSQL database and empty file folders: every
submission and every file is back, byte for byte (run by .ci/run, on PostgreSQL)."""

import hashlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from learning_city.forms.models import FormEntry, new_reference
from tests.factories import HomePageFactory, MultiStepFormPageFactory, UserFactory
from tests.integration.test_notifications_worker import database_url

PROJECT_DIR = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

READ_BACK = """
import hashlib, json, django
django.setup()
from learning_city.forms.models import FormEntry
print(json.dumps({
    entry.reference: sorted(hashlib.sha256(item.file.open("rb").read()).hexdigest() for item in entry.files.all())
    for entry in FormEntry.objects.exclude(reference=None)
}))
"""


def site(database, media, private, *args, script=None):
    """A process of the site with production settings on ``database`` and these file folders."""
    env = {
        **{key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "DATA_DIR")},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "backup-test-" + "k" * 40,
        "DATABASE_URL": database,
        "MEDIA_ROOT": str(media),
        "PRIVATE_MEDIA_ROOT": str(private),
    }
    command = [sys.executable, "-c", script] if script else [sys.executable, "scripts/backup.py", *args]
    return subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def empty_database():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's dump and restore: run with DATABASE_URL on PostgreSQL (.ci/run)")
    name = f"lc_load_restore_{uuid.uuid4().hex[:10]}"
    maintenance = database_url().rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(maintenance, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield maintenance.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(maintenance, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def submitted_with_files(page, username, files):
    entry = FormEntry.objects.create(
        page=page,
        user=UserFactory(username=username),
        status=FormEntry.Status.SUBMITTED,
        reference=new_reference(),
        submitted_at=timezone.now(),
    )
    for position, (name, data) in enumerate(files):
        entry.files.create(
            field_key="evidence_documents",
            position=position,
            file=ContentFile(data, name=name),
            original_name=name,
            content_type="application/pdf",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
    return entry


def test_a_backup_restored_into_an_empty_database_has_every_submission_and_file(empty_database, tmp_path):
    page = MultiStepFormPageFactory(parent=HomePageFactory())
    entries = [
        submitted_with_files(
            page, f"city-{n}", [(f"实施意见-{n}-{k}.pdf", f"%PDF-1.4 {n} {k}".encode()) for k in range(3)]
        )
        for n in range(4)
    ]
    FormEntry.objects.create(page=page, user=UserFactory(username="drafting"))  # a draft comes back too
    media = Path(settings.MEDIA_ROOT)
    private = Path(getattr(settings, "PRIVATE_MEDIA_ROOT", tmp_path / "no-private-root"))

    made = site(database_url(), media, private, "backup", "--to", str(tmp_path / "backups"))
    assert made.returncode == 0, made.stderr
    folder = Path(made.stdout.strip().splitlines()[-1])
    assert folder.parent == tmp_path / "backups" and (folder / "manifest.json").exists()

    restored_media, restored_private = tmp_path / "restored" / "media", tmp_path / "restored" / "private"
    restored = site(empty_database, restored_media, restored_private, "restore", str(folder))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "4/4 submissions and 12/12 files back" in restored.stdout

    read = site(empty_database, restored_media, restored_private, script=READ_BACK)
    assert read.returncode == 0, read.stderr
    expected = {
        entry.reference: sorted(hashlib.sha256(item.file.open("rb").read()).hexdigest() for item in entry.files.all())
        for entry in entries
    }
    assert json.loads(read.stdout.strip().splitlines()[-1]) == expected

    # Never over a database that holds anything: a second restore is refused.
    again = site(empty_database, tmp_path / "again" / "media", tmp_path / "again" / "private", "restore", str(folder))
    assert again.returncode != 0 and "not empty" in again.stderr
