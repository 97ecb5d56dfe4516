"""A page's content block kept apart from the page (``{% content_cache %}`` in the page templates), for
the anonymous visits the page cache does not answer: a query parameter it keeps no page for (a campaign's
``utm_source``, WeChat's ``from=singlemessage`` on a shared link), a page evicted or not yet kept.

Kept under the same tokens as the page at that path (``store.keys``): whatever purges the page purges
its content. Keyed by the path and only the query parameters a kept page may vary by (``PAGE_PARAMETERS``),
so other parameters neither change it nor fill the cache with copies. Looked up by ``routing.serve``
(anonymous GETs only) before the page is served; on a hit the page's own ``get_context`` — the queries the
content needs — is not run, and the header, footer and breadcrumbs come from their own fragments. Never
for a preview, a signed-in user or a form's POST (they do not pass ``routing.serve``), and never kept when
the content holds a CSRF token.
"""

from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from wagtail.models import Page

from config.cache import policy, store

HIT = "_page_content_hit"
MAKING = "_page_content_making"


def keys(request):
    """What ``look_up`` needs from the cache: the content's key and its tokens (None when switched off)."""
    if not settings.PAGE_CACHE["CONTENT"]:
        return None
    return store.keys(request, _query(request), namespace="pc:f1:")


def look_up(request, page, keys, found):
    """Before ``page`` is served: its kept content (``found`` holds what the cache had of ``keys``),
    to give or to keep, noted on the request."""
    key, tokens = keys
    lookup = store.Lookup(key, tokens, found)
    entry = lookup.entry()
    if entry is not None:
        setattr(request, HIT, entry[1])
        # The content is made: the page's context is only what the frame around it needs.
        page.get_context = lambda request, *args, **kwargs: Page.get_context(page, request, *args, **kwargs)
    else:
        setattr(request, MAKING, (lookup, store.tokens_before_making(lookup)))


def found(request):
    return getattr(request, HIT, None)


def keep(request, html):
    """Keep ``html`` under the tokens read before the page was made (a publish meanwhile leaves it stale)."""
    making = getattr(request, MAKING, None)
    if making is None or "csrfmiddlewaretoken" in html:
        return
    lookup, tokens = making
    store.cache().set(lookup.key, (tokens, str(html)), settings.PAGE_CACHE["SECONDS"])


def _query(request):
    allowed = policy.allowed_parameters(request.path_info)
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    return urlencode(
        sorted((name, value) for name, value in pairs if name in allowed and len(value) <= policy.LONGEST_VALUE)
    )
