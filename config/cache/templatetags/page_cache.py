"""``{% page_cache_token as token %}``: a token the purges renew, for keying ``{% cache %}`` fragments
so that they go with the pages that show them: by default the one renewed when everything is purged
(header, navigation, footer: settings and the menu's pages); ``"routes"`` the one every purge renews
(breadcrumbs, filter options: any page's title, any showcase's year)."""

from django import template

from config.cache import store

register = template.Library()


@register.simple_tag
def page_cache_token(which="all"):
    return store.current_token(store.ROUTES if which == "routes" else store.ALL)
