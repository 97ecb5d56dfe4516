"""Put the showcases' shipped content (``content/showcases.json``) in the page tree: /showcases/ with its
workflow and demonstration showcases, /network/ with demonstration members. Neither page is ever
overwritten."""

import datetime
import json
from functools import cache, partial
from pathlib import Path

from django.db.models import Q
from wagtail.rich_text import RichText

from learning_city.guide.models import TaskPage
from learning_city.pages import create_or_overwrite
from learning_city.regions.models import City, NetworkMembership
from learning_city.showcases.models import SHOWCASE_TYPES, NetworkPage, ShowcaseIndexPage
from learning_city.showcases.workflow import assign_to as assign_showcase_workflow

CONTENT_FILE = Path(__file__).with_name("content") / "showcases.json"


@cache
def shipped_content():
    return json.loads(CONTENT_FILE.read_text(encoding="utf-8"))


def load_showcases(home):
    """/showcases/ under ``home``, moderated by the showcase workflow, with the demonstration showcases when it
    is created (they need the guide's task pages). Returns the number of pages created, demonstrations apart."""
    data = shipped_content()["index"]
    index, created = create_or_overwrite(
        home, ShowcaseIndexPage, title=data["title"], slug=data["slug"], intro=data["intro"], show_in_menus=True
    )
    if not created:
        return 0
    assign_showcase_workflow(index)
    for item in data["demo"]:
        _demo_showcase(index, item)
    return 1


def _demo_showcase(index, item):
    """An example showcase, marked as demonstration content wherever it is shown."""
    fields = {field: item[field] for field in ("organiser", "person_name") if field in item}
    create_or_overwrite(
        index,
        SHOWCASE_TYPES[item["type"]],
        find={"slug": item["slug"]},
        fill=partial(_link_tasks, numbers=item["tasks"]),
        title=item["title"],
        slug=item["slug"],
        summary=item["summary"],
        year=item["year"],
        is_demo=True,
        city=City.objects.get(code=item["city"]),
        body=[("paragraph", RichText(f"<p>{item['story']}</p>"))],
        **fields,
    )


def _link_tasks(page, numbers):
    page.tasks = TaskPage.objects.filter(number__in=numbers)


def load_network(home):
    """/network/ under ``home``, and demonstration members while the network has no real ones. Returns the
    number of pages created."""
    data = shipped_content()["network"]
    _, created = create_or_overwrite(
        home, NetworkPage, title=data["title"], slug=data["slug"], intro=data["intro"], show_in_menus=True
    )
    if not NetworkMembership.objects.exists():
        # Demo: the guide's 2024 phase (municipalities, provincial capitals, separately planned
        # cities), marked as demonstration data on every page that shows it.
        joined_on = datetime.date.fromisoformat(data["demo_joined_on"])
        leading = City.objects.filter(
            Q(kind=City.Kind.MUNICIPALITY) | Q(is_provincial_capital=True) | Q(is_separately_planned=True)
        )
        NetworkMembership.objects.bulk_create(
            NetworkMembership(city=city, route=NetworkMembership.Route.APPLICATION, joined_on=joined_on, is_demo=True)
            for city in leading
        )
    return int(created)
