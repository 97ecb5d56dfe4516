"""The ``<meta name="description">`` of every public page (search engines and Lighthouse read it)."""

import html

from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Site

from home.models import SiteSettings

register = template.Library()

# Search engines show about this many Chinese characters of a description.
MAX_CHARACTERS = 150


@register.simple_tag(takes_context=True)
def page_description(context, page=None):
    """The page's own search description, else its summary, introduction or lead as plain text;
    pages without any (sign-in, search, errors) get the site's name and tagline from its settings."""
    text = _own_description(getattr(page, "specific", page))
    if not text:
        text = _site_description(context.get("request"))
    return Truncator(" ".join(text.split())).chars(MAX_CHARACTERS)


def _own_description(page):
    for field in ("search_description", "summary", "intro", "lead"):
        value = getattr(page, field, "") if page is not None else ""
        if value:
            return html.unescape(strip_tags(str(value)))
    return ""


def _site_description(request):
    if request is None:
        return ""
    site = Site.find_for_request(request)
    tagline = SiteSettings.for_request(request).tagline
    return "：".join(part for part in (site.site_name if site else "", tagline) if part)
