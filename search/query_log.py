"""Counts what visitors search for without writing to the database on every request.

Each process keeps a tally and hands it to a Celery task once a minute or every 200
searches, whichever comes first. A process that dies loses at most that tally: this is a
report of popular terms, not an audit log.

The hand-over happens once a response has gone out (Django's ``request_finished``), never
while a visitor's page is being made: without a broker (Celery eager, the embedded default)
the task writes in that process, and a busy database then delays or fails only the tally,
which is kept for the next hand-over, never a search page.
"""

import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.core.signals import request_finished
from django.utils import timezone
from modelsearch.utils import normalise_query_string

from search.tasks import flush_query_hits

logger = logging.getLogger(__name__)

FLUSH_EVERY_SECONDS = 60
FLUSH_EVERY_HITS = 200

_lock = threading.Lock()
_pending = Counter()
_missing = Counter()  # searches that found nothing, kept apart from the popular ones
_last_flush = time.monotonic()


def record(query_string, found=True):
    """Count one search; nothing is written or sent here."""
    with _lock:
        (_pending if found else _missing)[normalise_query_string(query_string)] += 1


def _take(only_if_due):
    """The tally to hand over (emptied here), or None when there is none or it is not due yet."""
    global _last_flush
    with _lock:
        if not _pending and not _missing:
            return None
        searches = sum(_pending.values()) + sum(_missing.values())
        if only_if_due and searches < FLUSH_EVERY_HITS and time.monotonic() - _last_flush < FLUSH_EVERY_SECONDS:
            return None
        counts = (dict(_pending), dict(_missing))
        _pending.clear()
        _missing.clear()
        _last_flush = time.monotonic()
    return counts


def _hand_over(counts):
    found, missing = counts
    day = timezone.localdate().isoformat()
    try:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            flush_query_hits(found, day, missing)
        else:
            flush_query_hits.delay(found, day, missing)
    except Exception:
        # A locked database or an unreachable broker: keep the tally for the next hand-over.
        logger.warning("search terms not recorded yet; kept for the next hand-over", exc_info=True)
        with _lock:
            _pending.update(found)
            _missing.update(missing)


def _after_response(**kwargs):
    counts = _take(only_if_due=True)
    if counts:
        _hand_over(counts)


request_finished.connect(_after_response, dispatch_uid="search_query_log_after_response")


def flush_now():
    """Hand over whatever is pending, due or not (at a worker's exit, and in tests)."""
    counts = _take(only_if_due=False)
    if counts:
        _hand_over(counts)
