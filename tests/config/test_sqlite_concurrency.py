"""The embedded SQLite default holds concurrent readers and writers (several gunicorn workers, a
Celery worker) without "database is locked": a file database opened with the project's own options."""

import threading

import pytest
from django.conf import settings
from django.db import connections, transaction

WRITERS, WRITES_EACH = 4, 40
READERS, READS_EACH = 4, 150

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the embedded default only: DATABASE_URL names another database",
)


@pytest.fixture
def file_database(tmp_path, django_db_blocker):
    """An alias for a SQLite file configured exactly as the site's default database is."""
    alias = "sqlite_concurrency"
    connections.settings[alias] = {
        **connections.settings["default"],
        "NAME": str(tmp_path / "site.sqlite3"),
        "TEST": {"NAME": str(tmp_path / "site.sqlite3")},
        "OPTIONS": dict(settings.DATABASES["default"].get("OPTIONS", {})),
    }
    with django_db_blocker.unblock():
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE tally (name TEXT PRIMARY KEY, hits INTEGER NOT NULL)")
            cursor.execute("CREATE TABLE visit (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL)")
        try:
            yield alias
        finally:
            connections[alias].close()
            del connections.settings[alias]


def run_threads(targets):
    errors = []

    def guarded(target, *args):
        try:
            target(*args)
        except Exception as error:  # collected: the test shows every error, not just the first
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=guarded, args=item) for item in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_concurrent_readers_and_writers_see_no_error(file_database):
    alias = file_database

    def write(number):
        # Read, then write, in one transaction: the shape of get_or_create and of the search
        # terms' flush, which failed at once when two processes upgraded their read locks together.
        for _ in range(WRITES_EACH):
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("SELECT hits FROM tally WHERE name = %s", ["searches"])
                row = cursor.fetchone()
                if row is None:
                    cursor.execute("INSERT INTO tally (name, hits) VALUES (%s, 1)", ["searches"])
                else:
                    cursor.execute("UPDATE tally SET hits = %s WHERE name = %s", [row[0] + 1, "searches"])
                cursor.execute("INSERT INTO visit (writer) VALUES (%s)", [number])

    def read():
        for _ in range(READS_EACH):
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT COUNT(*), COALESCE(MAX(writer), 0) FROM visit")
                cursor.fetchall()
                cursor.execute("SELECT hits FROM tally")
                cursor.fetchall()

    errors = run_threads([(write, number) for number in range(WRITERS)] + [(read,) for _ in range(READERS)])

    assert errors == []
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT hits FROM tally")
        assert cursor.fetchone() == (WRITERS * WRITES_EACH,)  # no write lost either
        cursor.execute("SELECT COUNT(*) FROM visit")
        assert cursor.fetchone() == (WRITERS * WRITES_EACH,)
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone() == ("wal",)  # readers never wait for a writer
