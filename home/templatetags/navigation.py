from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    current = context.get("page")
    items = []
    if site is not None:
        root = site.root_page
        items = [root] + list(root.get_children().live().in_menu())
    return {"items": items, "current": current, "request": request}


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(page):
    # The tree root (depth 1) is not a page anyone can visit.
    ancestors = list(Page.objects.ancestor_of(page).filter(depth__gt=1)) if page else []
    return {"ancestors": ancestors, "page": page}


@register.filter
def is_section_of(item, current):
    """True when ``current`` is ``item`` or inside it (site root only matches itself)."""
    if current is None:
        return False
    if item.depth <= 2:
        return item.pk == current.pk
    return current.path.startswith(item.path)
