"""The city network application as a form purpose: what a submitted application needs and
what happens when one arrives. The review workflow hooks in at ``on_submit``."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from learning_city.applications import review
from learning_city.applications.tasks import notify_application_desk
from learning_city.forms.purposes import Purpose

REQUIRED_KEYS = (
    "city",
    "contact_name",
    "contact_mobile",
    "contact_email",
    "population",
    "profile",
    "evidence_documents",
    "evidence_photos",
    "declaration",
)


def on_city_application_submitted(entry):
    """Runs inside the submit's transaction, under the entry's row lock: a failure here undoes the submit."""
    if review.CityApplication.objects.filter(entry=entry).exists():
        review.resubmit(entry)
        return
    review.receive(entry)
    # The application desk hears of every application the moment it is committed.
    transaction.on_commit(lambda: notify_application_desk.delay(entry.pk))


CITY_NETWORK_APPLICATION = Purpose(
    name="city_network_application",
    label=_("City application to join the national learning city network"),
    required_keys=REQUIRED_KEYS,
    on_submit=on_city_application_submitted,
)
