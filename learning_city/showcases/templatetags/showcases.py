from django import template

from learning_city.regions.models import NetworkMembership
from learning_city.showcases.models import NetworkPage, ShowcasePage

register = template.Library()


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
def city_profile_url(city):
    """The network profile of ``city`` if it is a member, else an empty string."""
    network_page = NetworkPage.objects.live().first()
    if network_page is None or not NetworkMembership.objects.filter(city=city).exists():
        return ""
    return network_page.url + network_page.reverse_subpage("city_profile", args=[city.code])
