"""How often one client address, one account or one typed e-mail address may do a thing.

Every limit is in ``settings.RATE_LIMITS``: per action, per what is counted (``ip``, ``account``,
``email``), ``"count/period"``. A window opens with the first attempt and lasts the period; its counter
lives in Django's default cache — shared by every web node on Redis, per process on the local-memory
default — so nothing is written to the database.
Past a limit the answer is HTTP 429 with ``Retry-After`` and the wait in Chinese: a page, or JSON for
the JSON endpoints.
"""

import hashlib
import math
import re
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

PERIODS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}
RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


def client_ip(request):
    """The address the nearest trusted proxy saw (``TRUSTED_PROXY_COUNT``), else ``REMOTE_ADDR``.

    Counting from the right: a client can put anything in X-Forwarded-For, but each proxy appends
    the address it was reached from, so only the last ``TRUSTED_PROXY_COUNT`` entries are trusted.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def parse_rate(rate):
    """``"20/h"`` → (20, 3600); ``"5/15m"`` → (5, 900)."""
    match = RATE.match(rate)
    if match is None:
        raise ValueError(f"not a rate: {rate!r} (count/period, e.g. 20/h or 5/15m)")
    count, number, unit = match.groups()
    return int(count), int(number or 1) * PERIODS[unit]


def _count(key, period, now):
    """One more attempt in the window that began with the key's first attempt: the attempts so far. An
    attempt within an open window is one increment (the counter keeps its expiry); the first opens the
    window, noting when, for ``_window_start``."""
    try:
        return cache.incr(key)
    except ValueError:  # no window open
        pass
    if cache.add(key, 1, timeout=period):
        cache.set(f"{key}:start", now, timeout=period)
        return 1
    try:  # opened a moment ago by another request
        return cache.incr(key)
    except ValueError:  # and expired already
        cache.set(key, 1, timeout=period)
        return 1


def _window_start(key, now):
    """When the key's window opened (read only for a refusal, to tell how long to wait)."""
    return cache.get(f"{key}:start", now)


def hit(action, **keys):
    """Count one attempt at ``action`` for each key (``ip=…``, ``account=…``, ``email=…``) that has a
    limit; the seconds to wait if any limit is passed, else 0."""
    limits = settings.RATE_LIMITS.get(action, {})
    now = time.time()
    wait = 0
    for kind, value in keys.items():
        if not value or kind not in limits:
            continue
        count, period = parse_rate(limits[kind])
        if kind == "ip":
            count *= settings.RATE_LIMIT_IP_FACTOR
        # Hashed: the value may be an e-mail address, and cache keys must stay short and plain.
        digest = hashlib.sha256(f"{action}|{kind}|{value}|{period}".encode()).hexdigest()
        key = f"throttle:{digest}"
        if _count(key, period, now) > count:
            wait = max(wait, math.ceil(_window_start(key, now) + period - now), 1)
    return wait


def wait_text(seconds):
    """ "45 秒", "15 分钟": the wait as a person reads it."""
    if seconds <= 60:
        return _("%(count)d seconds") % {"count": seconds}
    return _("%(count)d minutes") % {"count": math.ceil(seconds / 60)}


def too_many(request, seconds, *, json=False, reason=""):
    """HTTP 429 saying how long to wait, as JSON or as a page (``reason`` picks the page's words)."""
    if json:
        message = _("Too many requests. Please try again in %(wait)s.") % {"wait": wait_text(seconds)}
        response = JsonResponse({"error": "too_many_requests", "message": message, "retry_after": seconds}, status=429)
    else:
        context = {"wait": wait_text(seconds), "reason": reason}
        response = render(request, "throttled.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def request_keys(request):
    """What a request is counted by: its client address, and its account — the signed-in user, or
    else the anonymous session when it has one."""
    account = None
    if request.user.is_authenticated:
        account = f"user:{request.user.pk}"
    elif request.session.session_key:
        account = f"session:{request.session.session_key}"
    return {"ip": client_ip(request), "account": account}


def limit(action, *, methods=("POST",), json=False):
    """A view decorator: requests with one of ``methods`` count towards ``action``'s limits."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                wait = hit(action, **request_keys(request))
                if wait:
                    return too_many(request, wait, json=json)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
