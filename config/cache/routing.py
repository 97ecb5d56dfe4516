"""Wagtail's page routing, kept in the cache: which site a host is and which page (with a routable
page's arguments) a path is, so a page not in the page cache does not walk the tree again.

Wagtail keeps both on the request (``_wagtail_site``, ``_wagtail_route_for_request``) for whatever asks
again in the same request; this view fills them from the cache before Wagtail's own ``serve`` runs.
The route is kept as found, before the page is served, under the ``routes`` token that every purge
renews (``purge``): a page published, moved, unpublished or deleted is routed afresh. Only for anonymous
GETs: a signed-in user or a form's POST gets the page as the database has it this moment.
"""

from django.conf import settings
from wagtail import views as wagtail_views
from wagtail.models import Page

from config.cache import policy, store

ROUTES = store.ROUTES


def serve(request, path):
    if not policy.anonymous_read(request):
        return wagtail_views.serve(request, path)  # signed in, or saving: the tree as it is now
    key = "pc:r1:" + store.digest(f"{request.META.get('HTTP_HOST', '')}|{path}")
    found = store.cache().get_many((ROUTES, key))
    token, entry = found.get(ROUTES), found.get(key)
    if token is not None and entry is not None and entry[0] == token:
        request._wagtail_site, request._wagtail_route_for_request, restrictions = entry[1:]
        _known_restrictions(request._wagtail_route_for_request, restrictions)
    else:
        _route_and_keep(request, path, key, token)
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
