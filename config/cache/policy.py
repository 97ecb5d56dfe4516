"""What the page cache may answer and what it may keep (README: Page cache).

Asked twice: before the site runs (``cacheable_request``: only what cannot differ between anonymous
visitors, decided from the request alone, without the database) and after (``storable_response``:
the page as made, refused when it turned out personal — a cookie set, a CSRF token or a message in it,
an error, a private or uncacheable response, one already past its ``fresh_until``).
"""

import re
from urllib.parse import parse_qsl, urlencode

from django.conf import settings

from config.cache import store

SAFE_METHODS = frozenset({"GET", "HEAD"})
# Vary values that do not make a page differ between anonymous visitors: one language only, one API
# format, the encoding picked by the page cache itself, and Cookie — Django's sessions add it to every
# page that looked for a signed-in user, and a request with a session cookie never reaches the page cache.
HARMLESS_VARY = frozenset({"accept-language", "accept", "accept-encoding", "cookie"})
LONGEST_VALUE = 64


def anonymous_read(request):
    """A GET or HEAD without a session cookie or credentials: the same for every anonymous visitor."""
    if request.method not in SAFE_METHODS or "HTTP_AUTHORIZATION" in request.META:
        return False
    return not _signed_in(request.META.get("HTTP_COOKIE", ""))


def cacheable_request(request):
    """The cache key's query part when the page cache may answer ``request``, else None."""
    if not anonymous_read(request):
        return None
    path = request.path_info
    if path.startswith(_never_prefixes()) or _never_pattern().search(path):
        return None
    return _query(path, request.META.get("QUERY_STRING", ""))


def _signed_in(cookie_header):
    # A session may hold a sign-in, a draft or a message: cookies alone say enough (no session read).
    # The CSRF cookie alone is no reason: anonymous pages carry no token.
    return f"{settings.SESSION_COOKIE_NAME}=" in cookie_header


def _query(path, query_string):
    """The query string normalised (sorted), or None when it holds a parameter the page cache does
    not keep pages for (a search, a preview, a cache-buster) or an overlong value."""
    if not query_string:
        return ""
    pairs = parse_qsl(query_string, keep_blank_values=True)
    allowed = allowed_parameters(path)
    if not pairs or any(name not in allowed or len(value) > LONGEST_VALUE for name, value in pairs):
        return None
    return urlencode(sorted(pairs))


def allowed_parameters(path):
    options = settings.PAGE_CACHE
    if path.startswith(options["API_PREFIXES"]):
        return options["API_PARAMETERS"]
    return options["PAGE_PARAMETERS"]


def _never_prefixes():
    return settings.PAGE_CACHE["NEVER_PREFIXES"]


def _never_pattern():
    return _compiled(settings.PAGE_CACHE["NEVER_PATTERN"])


_patterns = {}


def _compiled(pattern):
    if pattern not in _patterns:
        _patterns[pattern] = re.compile(pattern)
    return _patterns[pattern]


def storable_response(request, response):
    """Whether ``response`` to a cacheable request is the same for every anonymous visitor."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # a cookie set, or a CSRF token in the page
    if _personal_cache_control(response) or _varies_by_visitor(response):
        return False
    if store.seconds_to_keep(response) <= 0:
        return False  # changed by itself already
    return not _has_messages(request)


def _personal_cache_control(response):
    directives = response.get("Cache-Control", "").lower()
    return any(word in directives for word in ("private", "no-store", "no-cache"))


def _varies_by_visitor(response):
    values = {value.strip().lower() for value in response.get("Vary", "").split(",") if value.strip()}
    return bool(values - HARMLESS_VARY)


def _has_messages(request):
    storage = getattr(request, "_messages", None)
    if storage is None:
        return False
    # Queued for a later page, or shown on this one.
    return bool(storage._queued_messages) or (storage.used and bool(storage._loaded_messages))
