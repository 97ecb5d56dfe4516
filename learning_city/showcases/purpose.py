"""The showcase nomination purpose: each submitted nomination becomes a draft showcase page in
the moderation workflow, with the nominator's photos as Wagtail images."""

import html

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from learning_city.forms.purposes import Purpose
from learning_city.regions.models import City
from learning_city.showcases.models import SHOWCASE_TYPES, ShowcaseIndexPage

# The question that asks for the showcase type. Its key stays "kind": it is what nomination forms
# built in the admin, and the answers already saved, use.
TYPE_KEY = "kind"
REQUIRED_KEYS = (TYPE_KEY, "title", "city", "year", "summary", "story", "photos")


def showcase_type(answer):
    """The showcase model a nomination's type answer names (its label or its key)."""
    for key, model in SHOWCASE_TYPES.items():
        if answer in (key, str(model._meta.verbose_name)):
            return model
    raise ValueError(f"unknown showcase type: {answer!r}")


def _images(entry):
    Image = get_image_model()
    made = []
    for item in entry.files.filter(field_key="photos").order_by("position", "pk"):
        with item.file.open("rb") as handle:
            image = Image(
                title=(item.caption or item.original_name)[:255],
                file=ContentFile(handle.read(), name=item.original_name),
            )
        image.save()
        made.append((image, item))
    return made


def _story(text, images):
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    blocks = [("paragraph", RichText(paragraphs))]
    blocks += [
        ("image", {"image": image, "caption": f"{item.caption}（{item.copyright}）"}) for image, item in images[1:]
    ]
    return blocks


def create_draft_showcase(entry):
    answers = entry.answers
    model = showcase_type(answers[TYPE_KEY])
    index = ShowcaseIndexPage.objects.first()
    images = _images(entry)
    cover, cover_file = images[0] if images else (None, None)
    page = model(
        title=answers["title"],
        slug=f"nomination-{entry.reference.lower()}",
        summary=answers["summary"][:300],
        city=City.objects.get(code=answers["city"]["code"]),
        year=int(answers["year"]),
        image=cover,
        image_credit=cover_file.copyright if cover_file else "",
        body=_story(answers["story"], images),
        live=False,
    )
    if hasattr(page, "organiser"):
        page.organiser = answers.get("organiser", "")[:120]
    if hasattr(page, "person_name"):
        page.person_name = answers.get("person_name") or answers["title"][:60]
    index.add_child(instance=page)
    page.save_revision(user=entry.user, log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, entry.user)
    return page


def on_nomination_submitted(entry):
    # Inside the submit transaction: a nomination that cannot become a draft is not accepted.
    with transaction.atomic():
        create_draft_showcase(entry)


SHOWCASE_NOMINATION = Purpose(
    name="showcase_nomination",
    label=_("Showcase nomination"),
    required_keys=REQUIRED_KEYS,
    on_submit=on_nomination_submitted,
)
