"""The page cache in front of the site (settings.MIDDLEWARE: after WhiteNoise, before the security
headers, sessions, authentication and CSRF, none of which a kept page needs: its headers are kept with it)."""

from django.conf import settings

from config.cache import policy, store


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = policy.cacheable_request(request) if settings.PAGE_CACHE["ENABLED"] else None
        if query is None:
            return self.get_response(request)
        lookup = store.lookup(request, query)
        entry = lookup.entry()
        if entry is not None:
            return store.answer(request, entry)
        tokens = store.tokens_before_making(lookup)
        response = self.get_response(request)
        if policy.storable_response(request, response):
            return store.keep(request, lookup, tokens, response)
        return response
