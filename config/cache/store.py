"""Pages kept in the ``pages`` cache, each checked against generation tokens that ``purge`` renews.

One entry per page, query and encoding (plain, or gzipped for clients that take it) holds everything a
hit needs (status, headers, body), so a hit is one round trip to the cache that brings only the bytes it
sends: ``get_many`` of the entry and the three tokens it was kept under — every page's (``all``), its
path's, and its parent path's children's. A purge renews a token; an entry kept under an older token
is never served again. A token missing (evicted) matches nothing, and is made anew before the next page
is kept, from the tokens read before that page was made: a publish while it was being made leaves it
kept under a token already stale.
"""

import gzip
import hashlib
import math
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone

ALL = "pc:all"
# Renewed with every purge: the routes of ``routing``.
ROUTES = "pc:routes"
# The gzipped entry's key: the plain one's with this after it.
GZIPPED = ":gz"
# Compressing less than this costs more than it saves.
SMALLEST_COMPRESSED = 512
GZIP_HEADER = ("Content-Encoding", "gzip")
COMPRESSED_TYPES = ("text/html", "application/json", "application/xml", "text/xml", "text/plain")


def cache():
    return caches[settings.PAGE_CACHE["CACHE"]]


def digest(text):
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def path_token(path):
    return "pc:p:" + digest(path)


def children_token(path):
    return "pc:c:" + digest(path)


def parent(path):
    """``/a/b/`` → ``/a/``, ``/a/b`` → ``/a/``, ``/`` → ``/``."""
    return path[: path.rstrip("/").rfind("/") + 1] or "/"


def new_token():
    return uuid.uuid4().hex[:12]


def current_token(name):
    """The token ``name``, made when missing (``add``: one another process just made wins)."""
    token = cache().get(name)
    if token is None:
        cache().add(name, new_token(), None)
        token = cache().get(name)
    return token


@dataclass
class Lookup:
    key: str
    tokens: tuple  # the token keys this page depends on
    found: dict  # what the cache held of the entry and the tokens

    @property
    def current(self):
        return tuple(self.found.get(name) for name in self.tokens)

    def entry(self):
        entry = self.found.get(self.key)
        if entry is None or None in self.current or entry[0] != self.current:
            return None
        return entry


def keys(request, query, namespace="pc:e2:"):
    """The key of the entry kept for ``request``'s page with ``query`` (its content alone with
    ``content``'s namespace), and the tokens it is kept under."""
    path = request.path_info
    host = request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")
    scheme = "https" if request.is_secure() else "http"
    key = namespace + digest(f"{scheme}://{host}{path}?{query}")
    return key, (ALL, path_token(path), children_token(parent(path)))


def lookup(request, query):
    key, tokens = keys(request, query)
    if _takes_gzip(request):
        key += GZIPPED
    return Lookup(key, tokens, cache().get_many((key, *tokens)))


def answer(request, entry):
    """The kept page as an ``HttpResponse`` (the middleware's answer, where the WSGI front did not answer)."""
    status, headers, body = answer_parts(request, entry)
    response = HttpResponse(body, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response


def answer_parts(request, entry):
    """The kept page's status, headers and body."""
    _, status, headers, body = entry
    headers = [*headers, ("Content-Length", str(len(body))), ("X-Cache", "HIT")]
    return status, headers, b"" if request.method == "HEAD" else body


def tokens_before_making(lookup):
    """The tokens to keep the page under, read before it is made (so a publish while it is made
    leaves it stale); any missing made now (``add``: a token another process just made wins)."""
    current = lookup.current
    if None not in current:
        return current
    missing = [name for name, value in zip(lookup.tokens, current, strict=True) if value is None]
    for name in missing:
        cache().add(name, new_token(), None)
    made = cache().get_many(missing)
    return tuple(made.get(name) if value is None else value for name, value in zip(lookup.tokens, current, strict=True))


def keep(request, lookup, tokens, response):
    """Keep ``response`` under ``tokens``, plain and gzipped; answer it gzipped when the client takes it."""
    body = response.content
    compressed = _compressed(response, body)
    response.headers["Vary"] = _vary(response)
    headers = [(name, value) for name, value in response.items() if name.lower() not in ("content-length", "x-cache")]
    plain = (tokens, response.status_code, headers, body)
    # Too small or not text: the gzipped entry is the plain one, so such a page is kept for every client.
    packed = plain if compressed is None else (tokens, response.status_code, [*headers, GZIP_HEADER], compressed)
    plain_key = lookup.key.removesuffix(GZIPPED)
    cache().set_many({plain_key: plain, plain_key + GZIPPED: packed}, seconds_to_keep(response))
    response.headers["X-Cache"] = "MISS"
    if compressed is not None and _takes_gzip(request):
        response.content = compressed
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Content-Length"] = str(len(compressed))  # CommonMiddleware counted the plain body
    return response


def seconds_to_keep(response):
    """``SECONDS``, or less for a page that says when it changes by itself (``fresh_until``: a form's landing
    page, whose notices change when the form opens or closes); no purge announces that moment."""
    seconds = settings.PAGE_CACHE["SECONDS"]
    fresh_until = getattr(response, "fresh_until", None)
    if fresh_until is not None:
        seconds = min(seconds, math.ceil((fresh_until - timezone.now()).total_seconds()))
    return seconds


def _takes_gzip(request):
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


def _compressed(response, body):
    content_type = response.get("Content-Type", "")
    if len(body) < SMALLEST_COMPRESSED or not content_type.startswith(COMPRESSED_TYPES):
        return None
    if response.has_header("Content-Encoding"):
        return None
    return gzip.compress(body, compresslevel=6, mtime=0)


def _vary(response):
    values = [value.strip() for value in response.get("Vary", "").split(",") if value.strip()]
    if "accept-encoding" not in {value.lower() for value in values}:
        values.append("Accept-Encoding")
    return ", ".join(values)
