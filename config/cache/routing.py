"""Wagtail's page routing, kept in the cache: which site a host is and which page (with a routable
page's arguments) a path is, so a page not in the page cache does not walk the tree again.

Wagtail keeps both on the request (``_wagtail_site``, ``_wagtail_route_for_request``) for whatever asks
again in the same request; this view fills them from the cache before Wagtail's own ``serve`` runs.
The route is kept as found, before the page is served, under the ``routes`` token that every purge
renews (``purge``): a page published, moved, unpublished or deleted is routed afresh. For every request,
signed in or not: an applicant's step save routed against the database made six of its ten queries (the
site, the page and its ancestors, their view restrictions); the live page and its restrictions are the
same for everyone, and each restriction is still checked against the request's own user.

The same round trip to the cache reads, for anonymous reads, the page's kept content (``content``), and
the tokens the page's fragments are keyed by (``{% page_cache_token %}``).
"""

from django.conf import settings
from wagtail import views as wagtail_views
from wagtail.models import Page

from config.cache import content, policy, store

ROUTES = store.ROUTES
TOKENS = "_page_cache_tokens"


def serve(request, path):
    key = "pc:r1:" + store.digest(f"{request.META.get('HTTP_HOST', '')}|{path}")
    content_keys = content.keys(request) if policy.anonymous_read(request) else None
    wanted = [ROUTES, key, store.ALL]
    if content_keys is not None:
        wanted += [content_keys[0], *content_keys[1]]
    found = store.cache().get_many(wanted)
    setattr(request, TOKENS, {name: found[name] for name in (ROUTES, store.ALL) if name in found})
    token, entry = found.get(ROUTES), found.get(key)
    if token is not None and entry is not None and entry[0] == token:
        request._wagtail_site, request._wagtail_route_for_request, restrictions = entry[1:]
        _known_restrictions(request._wagtail_route_for_request, restrictions)
    else:
        _route_and_keep(request, path, key, token)
    route = getattr(request, "_wagtail_route_for_request", None)
    if route is not None and content_keys is not None:
        content.look_up(request, route[0], content_keys, found)
    return wagtail_views.serve(request, path)


def _route_and_keep(request, path, key, token):
    if token is None:
        token = store.current_token(ROUTES)
    route = Page.route_for_request(request, path)
    if route is not None and token is not None:
        site = getattr(request, "_wagtail_site", None)
        restrictions = list(route[0].get_view_restrictions())
        store.cache().set(key, (token, site, route, restrictions), settings.PAGE_CACHE["SECONDS"])
        _known_restrictions(route, restrictions)


def _known_restrictions(route, restrictions):
    """Wagtail's view-restriction check asks the page for its restrictions and its ancestors' (two queries):
    they were read with the route, and a change to any restriction renews the routes (``purge``)."""
    route[0].get_view_restrictions = lambda: restrictions


def known_token(request, name):
    """The token ``name`` as read at the start of this request, if it was there."""
    return getattr(request, TOKENS, {}).get(name) if request is not None else None
