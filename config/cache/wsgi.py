"""The page cache's answer in front of Django: kept pages served from the WSGI callable itself.

A kept page is the same bytes for every anonymous visitor, so Django's handler, its signals and its
middleware have nothing to add to it (its headers, the security middleware's among them, are kept with
it). Answering here halves what a hit costs: measured with ``scripts/benchmark.py`` (README, Benchmark).
The decision is the middleware's own (``policy.cacheable_request``, ``store.lookup`` on a Django request
made from the same environ); on a miss the lookup travels with the request, so the middleware does not
ask the cache twice.
"""

from http import HTTPStatus

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest

from config.cache import policy, store

LOOKUP = "page_cache.lookup"


class KeptPages:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if settings.PAGE_CACHE["ENABLED"]:
            request = WSGIRequest(environ)
            query = policy.cacheable_request(request)
            if query is not None:
                try:
                    lookup = store.lookup(request, query)
                except Exception:
                    # The cache is down: the middleware meets it too, logs it and has the page made
                    # without it, where this could only drop the connection.
                    return self.application(environ, start_response)
                entry = lookup.entry()
                if entry is not None:
                    return _answer(request, entry, start_response)
                environ[LOOKUP] = lookup
        return self.application(environ, start_response)


def _answer(request, entry, start_response):
    status, headers, body = store.answer_parts(request, entry)
    start_response(f"{status} {HTTPStatus(status).phrase}", headers)
    return [body]
