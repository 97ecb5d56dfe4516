"""Showcase and network data as JSON, with the same filters as the pages."""

import re

from django.db.models import Prefetch
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from learning_city.guide.models import TaskPage
from learning_city.showcases import network
from learning_city.showcases.filters import MemberFilter, within
from learning_city.showcases.models import ShowcaseIndexPage

LIMIT = 100
# Far past any list the site holds; a larger number would only overflow the database's integers.
OFFSETS = (0, 1_000_000)


def _page_of(items, request):
    offset = request.GET.get("offset", "")
    offset = int(offset) if re.fullmatch(r"[0-9]+", offset) else 0
    return items[offset : offset + LIMIT], offset


def _out_of_range(request, filters):
    """HTTP 400 naming the first whole-number parameter outside its bounds (None when all are within):
    a number too large is a mistake to tell the caller of, not a server error."""
    found = [("offset", OFFSETS)] if not within(request.GET.get("offset"), *OFFSETS) else []
    found += filters.out_of_range()
    if not found:
        return None
    name, (lowest, highest) = found[0]
    message = _("The parameter %(name)s must be a whole number from %(lowest)d to %(highest)d.") % {
        "name": name,
        "lowest": lowest,
        "highest": highest,
    }
    return JsonResponse({"error": "out_of_range", "parameter": name, "message": message}, status=400)


@require_GET
def showcases(request):
    index = ShowcaseIndexPage.objects.live().first()
    if index is None:
        return JsonResponse({"meta": {"total_count": 0}, "items": []})
    filters = index.filter_showcases(request.GET, request)
    refused = _out_of_range(request, filters)
    if refused:
        return refused
    # Only the tasks' numbers are listed: whole task pages (body and all) for each item made the list slow.
    numbers = Prefetch("tasks", queryset=TaskPage.objects.only("pk", "number"))
    found = filters.qs.select_related("city__province", "content_type").prefetch_related(numbers)
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
                    "url": item.get_url(request),  # the site root paths read once per request, not once per item
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
    refused = _out_of_range(request, filters)
    if refused:
        return refused
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
