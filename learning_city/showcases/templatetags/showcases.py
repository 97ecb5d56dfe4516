import re

from django import template
from django.template.base import TextNode

from learning_city.regions.models import NetworkMembership
from learning_city.showcases.models import NetworkPage, ShowcasePage

register = template.Library()
LINE_BREAK = re.compile(r"\n\s*")


@register.inclusion_tag("showcases/includes/for_task.html")
def showcases_for_task(task, limit=6):
    """The live showcases that serve a key task, newest first (one query)."""
    items = list(
        ShowcasePage.objects.live()
        .public()
        .filter(tasks=task)
        .select_related("city__province", "content_type")
        .order_by("-year", "-first_published_at")[:limit]
    )
    return {"items": items, "task": task}


@register.simple_tag
def city_profile_url(city, membership=""):
    """The network profile of ``city`` if it is a member, else an empty string. ``membership``: the city's,
    or None, when the page has read it already ("" when not: it is looked for)."""
    member = NetworkMembership.objects.filter(city=city).exists() if membership == "" else membership is not None
    network_page = NetworkPage.objects.live().first() if member else None
    if network_page is None:
        return ""
    return network_page.url + network_page.reverse_subpage("city_profile", args=[city.code])


@register.tag
def joinlines(parser, token):
    """``{% joinlines %}…{% endjoinlines %}``: the template text inside without its line breaks and
    the indentation after them, so a long Chinese sentence can be written over several lines
    without a space showing where each line ends. Values printed inside are left as they are."""
    nodelist = parser.parse(("endjoinlines",))
    parser.delete_first_token()
    for node in nodelist.get_nodes_by_type(TextNode):
        node.s = LINE_BREAK.sub("", node.s)
    return JoinLinesNode(nodelist)


class JoinLinesNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return self.nodelist.render(context)
