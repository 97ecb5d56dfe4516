"""Counts what visitors search for without writing to the database on every request.

Each process keeps a tally and hands it to a Celery task once a minute or every 200
searches, whichever comes first. A process that dies loses at most that tally: this is a
report of popular terms, not an audit log.
"""

import threading
import time
from collections import Counter

from django.utils import timezone
from modelsearch.utils import normalise_query_string

from search.tasks import flush_query_hits

FLUSH_EVERY_SECONDS = 60
FLUSH_EVERY_HITS = 200

_lock = threading.Lock()
_pending = Counter()
_last_flush = time.monotonic()


def record(query_string):
    global _last_flush
    with _lock:
        _pending[normalise_query_string(query_string)] += 1
        due = sum(_pending.values()) >= FLUSH_EVERY_HITS or time.monotonic() - _last_flush >= FLUSH_EVERY_SECONDS
        if not due:
            return
        counts = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    flush_query_hits.delay(counts, timezone.localdate().isoformat())


def flush_now():
    """Send whatever is pending (used at shutdown and by tests)."""
    global _last_flush
    with _lock:
        counts = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    if counts:
        flush_query_hits.delay(counts, timezone.localdate().isoformat())
