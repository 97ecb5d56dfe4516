from django import template

from learning_city.showcases.models import ShowcasePage

register = template.Library()


@register.inclusion_tag("showcases/includes/for_task.html")
def showcases_for_task(task, limit=6):
    """The live showcases that serve a key task, newest first (one query)."""
    items = list(
        ShowcasePage.objects.live().public().filter(tasks=task)
        .select_related("city__province", "content_type").order_by("-year", "-first_published_at")[:limit]
    )
    return {"items": items, "task": task}
