"""The site at the scale the issue measures it: 1,000 showcases and every prefecture-level division a member.

For benchmarks and query-count tests on a throw-away database. Everything made here is marked as
demonstration content (``is_demo``), so a page that shows it says so. Safe to run again: it tops up to the
numbers asked for and makes nothing twice.
"""

import datetime
import itertools

from django.db import transaction
from django.utils import timezone
from wagtail.rich_text import RichText

from learning_city.guide.models import TaskPage
from learning_city.regions.coverage import COUNTED_KINDS
from learning_city.regions.models import City, NetworkMembership
from learning_city.showcases.models import SHOWCASE_TYPES, ShowcaseIndexPage, ShowcasePage

SLUG_PREFIX = "bench-"
YEARS = range(2019, 2026)
TOPICS = ["社区教育", "老年教育", "职业技能培训", "全民阅读", "数字化学习资源", "终身学习活动周"]
EXTRA_FIELDS = {"brand": {"organiser": "市社区教育指导中心"}, "star": {"person_name": "王老师"}, "city": {}}


def counted_cities():
    """The prefecture-level divisions the coverage figures count (333), in code order."""
    return City.objects.filter(kind__in=COUNTED_KINDS).select_related("province").order_by("code")


@transaction.atomic
def load_members(joined_on=datetime.date(2024, 6, 1)):
    """Every counted division a member of the network; returns the number of memberships made."""
    routes = itertools.cycle(NetworkMembership.Route.values)
    missing = counted_cities().filter(membership__isnull=True)
    made = NetworkMembership.objects.bulk_create(
        NetworkMembership(city=city, route=next(routes), joined_on=joined_on, is_demo=True) for city in missing
    )
    return len(made)


@transaction.atomic
def load_showcases(total):
    """Showcases under /showcases/ until ``total`` of them were made here: every type, spread over the counted
    divisions, the years and the key tasks. Returns the number made. Pages are added live without revisions,
    as an import would: a revision each would only slow the loading."""
    index = ShowcaseIndexPage.objects.get()
    already = ShowcasePage.objects.filter(slug__startswith=SLUG_PREFIX).count()
    cities = list(counted_cities())
    tasks = list(TaskPage.objects.order_by("number"))
    types = list(SHOWCASE_TYPES)
    now = timezone.now()
    for number in range(already, total):
        kind, city, topic = types[number % len(types)], cities[number % len(cities)], TOPICS[number % len(TOPICS)]
        published = now - datetime.timedelta(hours=number)
        page = SHOWCASE_TYPES[kind](
            title=f"{city.name}{topic}案例{number + 1}",
            slug=f"{SLUG_PREFIX}{number + 1}",
            summary=f"{city.province.name}{city.name}推进{topic}，让居民在家门口学习。",
            city=city,
            year=YEARS[number % len(YEARS)],
            body=[("paragraph", RichText(f"<p>{city.name}的{topic}做法：课程进社区，学习点覆盖街道和乡镇。</p>"))],
            is_demo=True,
            first_published_at=published,
            last_published_at=published,
            **EXTRA_FIELDS[kind],
        )
        if tasks:
            page.tasks = [tasks[number % len(tasks)], tasks[(number + 2) % len(tasks)]]
        index.add_child(instance=page)
    return max(0, total - already)
