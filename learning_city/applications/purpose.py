"""The city network application as a form purpose: what a submitted application needs, what
happens when one arrives or comes back with changes, and what may not change meanwhile.

The submit's hooks run inside its transaction, under the entry's row lock: a failure there
undoes the submit; the PDF to stamp is made after the commit. ``progress`` (``progress.py``) only
reads: where each application stands, for its applicant. ``submitted_panel`` puts the PDF to
stamp and the stamped scan to send back on the applicant's pages (``documents.py``, ``views.py``).
"""

import json

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from learning_city.applications import documents, loaders, progress, review, tasks
from learning_city.applications.models import CityApplication
from learning_city.applications.scoping import can_see
from learning_city.forms.purposes import Purpose

REQUIRED_KEYS = (
    "city",
    "join_route",
    "contact_name",
    "contact_mobile",
    "contact_email",
    "population",
    "profile",
    "evidence_documents",
    "evidence_photos",
    "declaration",
)
# The city, and so the province that reviews it, is fixed by the first submission.
LOCKED_KEYS = ("city",)


def application_template():
    """A new application form (say, for another round) starts from the form as shipped at /apply/."""
    return json.loads(loaders.APPLICATION_FORM.read_text(encoding="utf-8"))["steps"]


def _prepare_form_pdf(application):
    """The PDF to stamp is made once the submission is committed (by a worker, or inline without one)."""
    transaction.on_commit(lambda: tasks.prepare_form_pdf.delay(application.pk))
    return application


def receive(entry):
    return _prepare_form_pdf(review.receive(entry))


def resubmit(entry):
    return _prepare_form_pdf(review.resubmit(entry))


def refusals(entry):
    """Why this entry cannot be taken now: another application for the city is under review."""
    city = review.city_of(entry.answers)
    other = review.open_application_for(city, entry.page) if city else None
    if other is not None and other.entry_id != entry.pk:
        return [
            _("An application for %(city)s is already under review in this round (reference %(reference)s).")
            % {"city": city.name, "reference": other.reference}
        ]
    return []


def new_entry_refusal(page, user):
    """An account whose application on this page is under review cannot start a second one."""
    under_review = review.open_application_of(user, page)
    if under_review is None:
        return ""
    return _("Your application %(reference)s for %(city)s is under review; you cannot start another one.") % {
        "reference": under_review.reference,
        "city": under_review.city.name,
    }


def user_can_view(user, entry):
    """Reviewers see an application's entry and files when they may see the application."""
    application = review.CityApplication.objects.filter(entry=entry).only("pk", "province_id").first()
    return application is not None and can_see(user, application)


def submitted_panel(request, entry, place):
    """On the applicant's submitted page: the form to print for the city government's stamp (PDF) and the
    stamped scan to send back, with the scans sent so far; on "我的申请", links to both."""
    if place == "list":
        return "applications/includes/documents_links.html", {"entry": entry}
    application = CityApplication.objects.filter(entry=entry).select_related("entry").first()
    if application is None:
        return None
    scans = documents.scans(application)
    latest = scans[0] if scans else None
    return "applications/includes/documents_panel.html", {
        "entry": entry,
        "application": application,
        "scans": scans,
        "latest_scan": latest,
        "latest_is_current": latest is not None and latest.submitted_for == documents.submission_time(application),
        "max_megabytes": documents.MAX_SCAN_MEGABYTES,
        "upload_url": reverse("city_applications:upload_scan", args=[entry.reference]),
        "pdf_url": reverse("city_applications:form_pdf", args=[entry.reference]),
    }


CITY_NETWORK_APPLICATION = Purpose(
    name="city_network_application",
    label=_("City application to join the national learning city network"),
    required_keys=REQUIRED_KEYS,
    on_submit=receive,
    on_resubmit=resubmit,
    locked_keys=lambda entry: LOCKED_KEYS,
    validate_submission=refusals,
    new_entry_refusal=new_entry_refusal,
    user_can_view=user_can_view,
    progress=progress.progress,
    submitted_panel=submitted_panel,
    description=_(
        "A city applies to join the network: each submission goes to its province's reviewers, then to the "
        "ministry, through the review workflow. The form starts as the official application form."
    ),
    template=application_template,
    private_to_its_reviewers=True,
)
