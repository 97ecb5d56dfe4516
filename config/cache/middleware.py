"""The page cache in front of the site (settings.MIDDLEWARE: first, so a kept page's headers are the
ones the visitor got, the security middleware's among them; before sessions, authentication and CSRF,
none of which a kept page needs). Under gunicorn the WSGI front (``wsgi``) answers kept pages before
Django runs at all; this middleware keeps them, and answers where Django is called directly (tests,
``runserver``)."""

import logging

from django.conf import settings

from config.cache import policy, store
from config.cache.wsgi import LOOKUP

logger = logging.getLogger(__name__)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = policy.cacheable_request(request) if settings.PAGE_CACHE["ENABLED"] else None
        if query is None:
            return self.get_response(request)
        try:
            lookup = request.META.pop(LOOKUP, None) or store.lookup(request, query)
        except Exception:
            # The cache is down: the page is made without it (whatever else needs the cache may still
            # fail, with the site's error page and every header).
            logger.warning("page cache unavailable", exc_info=True)
            return self.get_response(request)
        entry = lookup.entry()
        if entry is not None:
            return store.answer(request, entry)
        tokens = store.tokens_before_making(lookup)
        response = self.get_response(request)
        if policy.storable_response(request, response):
            return store.keep(request, lookup, tokens, response)
        return response
