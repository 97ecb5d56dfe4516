"""The guide's text as shipped with the project, and the code that puts it in the page tree."""

import datetime
import json
from functools import cache
from pathlib import Path

from django.db import transaction

from learning_city.guide.models import (
    CoverageTarget,
    GuidePage,
    GuidePhase,
    OrganisationStep,
    TaskPage,
)

CONTENT_FILE = Path(__file__).with_name("guide.json")
SOURCE_TEXT_FILE = Path(__file__).with_name("learning-city-guide.txt")

GUIDE_FIELDS = (
    "title",
    "issuer",
    "summary",
    "general_requirements",
    "key_tasks_intro",
    "organisation_intro",
    "closing_notice",
    "attachments",
)
CHILD_RELATIONS = {
    "phases": GuidePhase,
    "coverage_targets": CoverageTarget,
    "organisation_steps": OrganisationStep,
}
TASK_FIELDS = ("title", "number", "summary", "body")


@cache
def shipped_content():
    return json.loads(CONTENT_FILE.read_text(encoding="utf-8"))


def _fill_guide(page, data):
    for field in GUIDE_FIELDS:
        setattr(page, field, data[field])
    deadline = data.get("provincial_deadline")
    page.provincial_deadline = datetime.date.fromisoformat(deadline) if deadline else None
    for relation, model in CHILD_RELATIONS.items():
        setattr(page, relation, [model(**item) for item in data[relation]])


def _publish(page):
    page.save_revision(log_action=True).publish()


@transaction.atomic
def load_guide(home, overwrite=False):
    """Create the guide page and its six task pages under ``home``.

    Pages that already exist are left as editors made them unless ``overwrite`` is
    set, so running this on every start never undoes an edit. Returns the number of
    pages created or overwritten.
    """
    content = shipped_content()
    changed = 0
    guide = GuidePage.objects.child_of(home).first()
    if guide is None:
        guide = GuidePage(slug=content["guide"]["slug"], show_in_menus=True)
        _fill_guide(guide, content["guide"])
        home.add_child(instance=guide)
        _publish(guide)
        changed += 1
    elif overwrite:
        _fill_guide(guide, content["guide"])
        _publish(guide)
        changed += 1

    existing = {task.number: task for task in TaskPage.objects.child_of(guide)}
    for data in content["tasks"]:
        task = existing.get(data["number"])
        if task is not None and not overwrite:
            continue
        if task is None:
            task = TaskPage(slug=data["slug"])
            for field in TASK_FIELDS:
                setattr(task, field, data[field])
            guide.add_child(instance=task)
        else:
            for field in TASK_FIELDS:
                setattr(task, field, data[field])
        _publish(task)
        changed += 1
    return changed
