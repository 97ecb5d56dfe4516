"""The search terms tally never writes while a visitor's page is made (the embedded default runs
Celery inline, so a write there made /search/ fail "database is locked" under load on SQLite)."""

from collections import Counter

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.cache import SessionStore
from django.core.signals import request_finished
from django.db import OperationalError, close_old_connections, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import QueryDailyHits

from search import query_log
from search import views as search_views


def visitor_search(query):
    """A visitor's GET /search/, made by the view alone (no response sent yet)."""
    request = RequestFactory().get("/search/", {"q": query})
    request.user, request.session = AnonymousUser(), SessionStore()
    return search_views.search(request)


def writes(queries):
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]


def hits():
    return {row.query.query_string: row.hits for row in QueryDailyHits.objects.select_related("query")}


def finish(response):
    """What the server does once the page has gone out; as Django's test client, without closing the
    test's own database connection."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


@pytest.fixture
def every_search_due(monkeypatch):
    monkeypatch.setattr(query_log, "_pending", Counter())
    monkeypatch.setattr(query_log, "_missing", Counter())
    monkeypatch.setattr(query_log, "FLUSH_EVERY_HITS", 1)


def test_a_due_tally_is_written_after_the_response_not_while_the_page_is_made(site_content, every_search_due):
    with CaptureQueriesContext(connection) as queries:
        response = visitor_search("社区教育")
    assert response.status_code == 200
    assert writes(queries) == []
    assert not QueryDailyHits.objects.exists()

    finish(response)
    assert hits() == {"社区教育": 1}


def test_a_locked_database_fails_neither_the_page_nor_the_tally(client, site_content, every_search_due, monkeypatch):
    def locked(counts, date=None, missing=None):
        raise OperationalError("database is locked")

    written = query_log.flush_query_hits
    monkeypatch.setattr(query_log, "flush_query_hits", locked)
    assert client.get("/search/", {"q": "全民阅读"}).status_code == 200
    assert client.get("/search/", {"q": "全民阅读"}).status_code == 200
    assert not QueryDailyHits.objects.exists()

    monkeypatch.setattr(query_log, "flush_query_hits", written)  # the database is free again
    query_log.flush_now()
    assert hits() == {"全民阅读": 2}


def test_with_a_broker_the_tally_is_queued_after_the_response(site_content, every_search_due, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    queued = []
    monkeypatch.setattr(query_log.flush_query_hits, "delay", lambda counts, day, missing: queued.append(counts))

    response = visitor_search("学分银行")
    assert queued == []
    finish(response)
    assert queued == [{"学分银行": 1}]
