"""The showcase nomination purpose: each submitted nomination becomes a draft showcase page in
the moderation workflow.

The nominator's photos stay private files of the nomination while the draft is reviewed: those who
may edit the draft see them through the forms app's file view (``user_can_view``), and they become
public Wagtail images only when the showcase is published (``learning_city.showcases.photos``).
"""

import html
import json
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.rich_text import RichText

from learning_city.forms.purposes import Purpose
from learning_city.regions.models import City
from learning_city.showcases.models import SHOWCASE_TYPES, ShowcaseIndexPage, ShowcaseNomination

# The question that asks for the showcase type. Its key stays "kind": it is what nomination forms
# built in the admin, and the answers already saved, use.
TYPE_KEY = "kind"
REQUIRED_KEYS = (TYPE_KEY, "title", "city", "year", "summary", "story", "photos")
# The questions a new nomination form starts from (the form builder's "new form from a template").
NOMINATION_FORM = Path(__file__).with_name("content") / "nomination_form.json"


def nomination_template():
    return json.loads(NOMINATION_FORM.read_text(encoding="utf-8"))["steps"]


def showcase_type(answer):
    """The showcase model a nomination's type answer names (its label or its key)."""
    for key, model in SHOWCASE_TYPES.items():
        if answer in (key, str(model._meta.verbose_name)):
            return model
    raise ValueError(f"unknown showcase type: {answer!r}")


def _story(text):
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return [("paragraph", RichText(paragraphs))]


def create_draft_showcase(entry):
    answers = entry.answers
    model = showcase_type(answers[TYPE_KEY])
    index = ShowcaseIndexPage.objects.first()
    page = model(
        title=answers["title"],
        slug=f"nomination-{entry.reference.lower()}",
        summary=answers["summary"][:300],
        city=City.objects.get(code=answers["city"]["code"]),
        year=int(answers["year"]),
        body=_story(answers["story"]),
        live=False,
    )
    if hasattr(page, "organiser"):
        page.organiser = answers.get("organiser", "")[:120]
    if hasattr(page, "person_name"):
        page.person_name = answers.get("person_name") or answers["title"][:60]
    index.add_child(instance=page)
    ShowcaseNomination.objects.create(page=page, entry=entry)
    page.save_revision(user=entry.user, log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, entry.user)
    return page


def on_nomination_submitted(entry):
    # Inside the submit transaction: a nomination that cannot become a draft is not accepted.
    with transaction.atomic():
        create_draft_showcase(entry)


def can_review(user, entry):
    """Whoever may edit the draft a nomination became may see its files: its text is in the draft
    already, and its photos are what they are asked to publish."""
    nomination = ShowcaseNomination.objects.filter(entry=entry).select_related("page").first()
    return nomination is not None and nomination.page.permissions_for_user(user).can_edit()


SHOWCASE_NOMINATION = Purpose(
    name="showcase_nomination",
    label=_("Showcase nomination"),
    required_keys=REQUIRED_KEYS,
    on_submit=on_nomination_submitted,
    user_can_view=can_review,
    description=_(
        "Each submission becomes a draft showcase (brand project, learning star or exemplary city) that "
        "editors review and publish through the moderation workflow."
    ),
    template=nomination_template,
)
