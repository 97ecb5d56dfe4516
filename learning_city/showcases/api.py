"""Showcase and network data as JSON, with the same filters as the pages."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from learning_city.showcases import network
from learning_city.showcases.filters import MemberFilter
from learning_city.showcases.models import ShowcaseIndexPage

LIMIT = 100


def _page_of(items, request):
    offset = int(request.GET["offset"]) if request.GET.get("offset", "").isdigit() else 0
    return items[offset : offset + LIMIT], offset


@require_GET
def showcases(request):
    index = ShowcaseIndexPage.objects.live().first()
    if index is None:
        return JsonResponse({"meta": {"total_count": 0}, "items": []})
    filters = index.filter_showcases(request.GET, request)
    found = filters.qs.select_related("city__province", "content_type").prefetch_related("tasks")
    total = found.count()
    items, offset = _page_of(found, request)
    return JsonResponse(
        {
            "meta": {"total_count": total, "offset": offset, "limit": LIMIT, "filters": filters.chosen},
            "items": [
                {
                    "id": item.pk,
                    "type": item.type_key,
                    "title": item.title,
                    "url": item.url,
                    "summary": item.summary,
                    "city": item.city.name,
                    "city_code": item.city.code,
                    "province": item.city.province.name,
                    "region": item.city.province.region,
                    "year": item.year,
                    "tasks": item.task_numbers,
                }
                for item in items
            ],
        }
    )


@require_GET
def members(request):
    filters = MemberFilter(request.GET, request=request)
    found = filters.qs
    total = found.count()
    items, offset = _page_of(found, request)
    return JsonResponse(
        {
            "meta": {"total_count": total, "offset": offset, "limit": LIMIT, "filters": filters.chosen},
            "items": [
                {
                    "city": item.city.name,
                    "city_code": item.city.code,
                    "province": item.city.province.name,
                    "region": item.city.province.region,
                    "route": item.route,
                    "joined_on": item.joined_on.isoformat(),
                    "demo": item.is_demo,
                }
                for item in items
            ],
        }
    )


@require_GET
def coverage(request):
    figures = network.region_figures()
    return JsonResponse(
        {
            "regions": figures["regions"],
            "region_groups": figures["groups"],
            "provinces": [
                {key: row[key] for key in ("code", "name", "region", "members", "total", "percent", "target_percent")}
                for row in network.province_rows()
            ],
        }
    )
