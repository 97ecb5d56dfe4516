"""Put the city application form as shipped (``content/application_form.json``) at /apply/, with its round."""

import datetime
import json
from functools import partial
from pathlib import Path

from learning_city.applications.models import ApplicationRound
from learning_city.forms.models import MultiStepFormPage
from learning_city.pages import create_or_overwrite, publish

APPLICATION_FORM = Path(__file__).with_name("content") / "application_form.json"
INVITATION_HEADING = "申请加入全国学习型城市网络"


def _fill_form(page, data):
    page.title = data["title"]
    page.intro = data["intro"]
    page.confirmation_text = data["confirmation_text"]
    page.steps = json.dumps(data["steps"])
    page.purpose = data["purpose"]
    # Room for every file the form asks for at a typical size (20 PDFs and 20 original photos), not
    # for each at its own maximum (about 1 GB); a city applies again only in a later round.
    page.max_attachment_megabytes = data["max_attachment_megabytes"]
    page.max_submissions_per_account = data["max_submissions_per_account"]


def ensure_round(page, data):
    """The form's application round as shipped, when the form has none. A round that exists is
    the ministry's to keep (its name, year and provincial deadline are edited in the admin), so it
    is never overwritten, not even by ``load_content --overwrite``. Returns ``(round, created)``."""
    return ApplicationRound.objects.get_or_create(
        form_page=page,
        defaults={
            "year": data["year"],
            "name": data["name"],
            "provincial_deadline": datetime.date.fromisoformat(data["provincial_deadline"]),
        },
    )


def load_application_form(home, overwrite=False):
    """The city application form of attachment 1 (parts 1-5) under ``home`` with its application round,
    and an invitation to it on ``home``. Returns the number of pages created or overwritten.

    The round is also created for a form that exists without one (a site built before rounds existed).
    """
    data = json.loads(APPLICATION_FORM.read_text(encoding="utf-8"))
    page, changed = create_or_overwrite(
        home,
        MultiStepFormPage,
        find={"slug": data["slug"]},
        fill=partial(_fill_form, data=data),
        overwrite=overwrite,
        slug=data["slug"],
        show_in_menus=True,
        login_required=True,
    )
    ensure_round(page, data["round"])
    if changed and not home.body:  # point visitors at the form from the home page, once
        home.body = [("form", {"form": page, "heading": INVITATION_HEADING, "text": data["invitation"]})]
        publish(home)
    return int(changed)
