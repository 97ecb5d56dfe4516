"""Put the city application form as shipped (``content/application_form.json``) at /apply/."""

import json
from functools import partial
from pathlib import Path

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


def load_application_form(home, overwrite=False):
    """The city application form of attachment 1 (parts 1-5) under ``home``, and an invitation to it on
    ``home``. Returns the number of pages created or overwritten."""
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
    if changed and not home.body:  # point visitors at the form from the home page, once
        home.body = [("form", {"form": page, "heading": INVITATION_HEADING, "text": data["invitation"]})]
        publish(home)
    return int(changed)
