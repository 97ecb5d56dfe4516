"""Put the guide's text as shipped (``content/guide.json``) in the page tree: the guide page and its six task pages."""

import datetime
import json
from functools import cache, partial
from pathlib import Path

from learning_city.guide.models import (
    CoverageTarget,
    GuidePage,
    GuidePhase,
    OrganisationStep,
    TaskPage,
)
from learning_city.pages import create_or_overwrite

CONTENT_DIR = Path(__file__).with_name("content")
CONTENT_FILE = CONTENT_DIR / "guide.json"
SOURCE_TEXT_FILE = CONTENT_DIR / "learning-city-guide.txt"  # the ministry's original, which guide.json renders

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


def _fill_task(page, data):
    for field in TASK_FIELDS:
        setattr(page, field, data[field])


def load_guide(home, overwrite=False):
    """Create the guide page and its six task pages under ``home``.

    Pages that already exist are left as editors made them unless ``overwrite`` is
    set, so running this on every start never undoes an edit. Returns the number of
    pages created or overwritten.
    """
    content = shipped_content()
    guide, changed = create_or_overwrite(
        home,
        GuidePage,
        fill=partial(_fill_guide, data=content["guide"]),
        overwrite=overwrite,
        slug=content["guide"]["slug"],
        show_in_menus=True,
    )
    changed = int(changed)
    for data in content["tasks"]:
        _, task_changed = create_or_overwrite(
            guide,
            TaskPage,
            find={"number": data["number"]},
            fill=partial(_fill_task, data=data),
            overwrite=overwrite,
            slug=data["slug"],
        )
        changed += task_changed
    return changed
