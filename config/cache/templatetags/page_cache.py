"""``{% page_cache_token as token %}``: a token the purges renew, for keying ``{% cache %}`` fragments
so that they go with the pages that show them: by default the one renewed when everything is purged
(header, navigation, footer: settings and the menu's pages); ``"routes"`` the one every purge renews
(breadcrumbs, filter options: any page's title, any showcase's year)."""

from django import template
from django.utils.safestring import mark_safe

from config.cache import content, routing, store

register = template.Library()


@register.simple_tag(takes_context=True)
def page_cache_token(context, which="all"):
    name = store.ROUTES if which == "routes" else store.ALL
    return routing.known_token(context.get("request"), name) or store.current_token(name)


@register.tag
def content_cache(parser, token):
    """``{% content_cache %}…{% endcontent_cache %}`` around a page's content block: kept with the page's
    tokens for anonymous page-cache misses (``config.cache.content``), made as usual otherwise."""
    nodelist = parser.parse(("endcontent_cache",))
    parser.delete_first_token()
    return ContentCacheNode(nodelist)


class ContentCacheNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        kept = content.found(request)
        if kept is not None:
            return mark_safe(kept)
        html = self.nodelist.render(context)
        if request is not None:
            content.keep(request, html)
        return html
