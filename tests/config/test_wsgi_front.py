"""The page cache's WSGI front (config/cache/wsgi.py): a kept page answered before Django runs, with the
same bytes and headers Django gave, and everything else — a miss, a signed-in visitor, a POST, the admin,
a page just published, a plain-HTTP request on an HTTPS site, an unknown host — left to Django."""

import gzip

import pytest
from django.core import signals
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import RequestFactory

from config.cache import store
from config.cache.wsgi import KeptPages
from learning_city.guide.models import TaskPage

HOST = "testserver"


@pytest.fixture
def page_cache(settings, site_content):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": True}
    caches["pages"].clear()


@pytest.fixture
def django_app():
    """Django's own WSGI handler, made at the first request (after the test's settings), counting its
    calls. As the test client does, the handler's signals do not close the test's database connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)

    def app(environ, start_response):
        app.calls += 1
        app.handler = app.handler or WSGIHandler()
        return app.handler(environ, start_response)

    app.calls, app.handler = 0, None
    yield app
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def front(django_app):
    return KeptPages(django_app)


class Answer:
    def __init__(self, app, method, path, **extra):
        environ = RequestFactory().generic(method, path, HTTP_HOST=extra.pop("HTTP_HOST", HOST), **extra).environ
        self.status, self.headers = None, {}

        def start_response(status, headers, exc_info=None):
            self.status, self.headers = status, dict(headers)

        chunks = app(environ, start_response)
        self.body = b"".join(chunks)
        getattr(chunks, "close", lambda: None)()


def get(app, path, **extra):
    return Answer(app, "GET", path, **extra)


def test_a_kept_page_is_answered_before_django_runs(front, django_app, page_cache, django_assert_num_queries):
    made = get(front, "/guide/")
    assert made.status == "200 OK" and made.headers["X-Cache"] == "MISS" and django_app.calls == 1
    with django_assert_num_queries(0):
        hit = get(front, "/guide/")
    assert django_app.calls == 1
    assert hit.status == "200 OK" and hit.headers.pop("X-Cache") == "HIT" and hit.body == made.body
    made.headers.pop("X-Cache")
    assert hit.headers == made.headers
    assert int(hit.headers["Content-Length"]) == len(hit.body)


def test_a_kept_page_has_the_security_headers_django_gave(front, page_cache):
    get(front, "/")
    hit = get(front, "/")
    assert hit.headers["X-Cache"] == "HIT"
    assert hit.headers["X-Content-Type-Options"] == "nosniff" and hit.headers["Referrer-Policy"]
    assert hit.headers["X-Frame-Options"] == "DENY" and "script-src 'self'" in hit.headers["Content-Security-Policy"]


def test_a_kept_page_is_gzipped_for_clients_that_take_it(front, django_app, page_cache):
    plain = get(front, "/guide/")
    packed = get(front, "/guide/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert packed.headers["X-Cache"] == "HIT" and django_app.calls == 1
    assert packed.headers["Content-Encoding"] == "gzip" and int(packed.headers["Content-Length"]) == len(packed.body)
    assert gzip.decompress(packed.body) == plain.body and "Content-Encoding" not in plain.headers


def test_a_head_request_gets_the_headers_without_the_body(front, page_cache):
    made = get(front, "/guide/")
    head = Answer(front, "HEAD", "/guide/")
    assert head.headers["X-Cache"] == "HIT" and head.body == b""
    assert head.headers["Content-Length"] == str(len(made.body))


def test_a_miss_asks_the_cache_once(front, page_cache, monkeypatch):
    lookups = []
    real_lookup = store.lookup
    monkeypatch.setattr(store, "lookup", lambda *args: lookups.append(args) or real_lookup(*args))
    assert get(front, "/network/").headers["X-Cache"] == "MISS"
    assert len(lookups) == 1


@pytest.mark.parametrize(
    "method, path, extra",
    [
        ("GET", "/guide/", {"HTTP_COOKIE": "sessionid=abc"}),
        ("GET", "/guide/", {"HTTP_AUTHORIZATION": "Basic eDp5"}),
        ("POST", "/guide/", {}),
        ("GET", "/guide/?q=1", {}),
        ("GET", "/admin/login/", {}),
    ],
)
def test_what_may_be_personal_goes_to_django(front, django_app, page_cache, method, path, extra):
    for _ in range(2):
        get(front, "/guide/")
        get(front, "/admin/login/")
    calls = django_app.calls
    answer = Answer(front, method, path, **extra)
    assert django_app.calls == calls + 1 and answer.headers.get("X-Cache") != "HIT"


def test_nothing_is_answered_with_the_page_cache_off(front, django_app, page_cache, settings):
    get(front, "/guide/")
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False}
    assert "X-Cache" not in get(front, "/guide/").headers and django_app.calls == 2


def test_a_page_published_is_made_again_on_the_next_request(front, page_cache):
    task = TaskPage.objects.get(number=2)
    get(front, task.url)
    task.title = "社区教育改名了"
    task.save_revision().publish()
    again = get(front, task.url)
    assert again.headers["X-Cache"] == "MISS" and "社区教育改名了" in again.body.decode()


def test_plain_http_is_still_redirected_on_an_https_site(front, page_cache, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert get(front, "/guide/", secure=True).headers["X-Cache"] == "MISS"
    assert get(front, "/guide/", secure=True).headers["X-Cache"] == "HIT"
    http = get(front, "/guide/")
    assert http.status.startswith("301") and http.headers["Location"] == f"https://{HOST}/guide/"


def test_an_unknown_host_is_refused_even_for_a_kept_page(front, page_cache, settings):
    settings.ALLOWED_HOSTS = [HOST]
    get(front, "/guide/")
    assert get(front, "/guide/").headers["X-Cache"] == "HIT"
    assert get(front, "/guide/", HTTP_HOST="evil.example").status.startswith("400")


def test_with_the_page_cache_down_the_page_is_made_without_it(front, django_app, page_cache, monkeypatch):
    def cache_down(*args):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(store, "lookup", cache_down)
    answer = get(front, "/guide/")
    assert django_app.calls == 1 and answer.status == "200 OK" and "X-Cache" not in answer.headers
    assert answer.headers["X-Content-Type-Options"] == "nosniff" and "<h1" in answer.body.decode()


def test_the_site_is_served_through_the_front():
    from config.wsgi import application

    assert isinstance(application, KeptPages)
