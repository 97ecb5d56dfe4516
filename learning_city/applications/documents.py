"""An application's paper trail, as a service with no request in it: the filled-in form (attachment 1) as a
PDF, made once per submission and kept, and the scans of it stamped by the municipal government.

The applicant prints the PDF of their latest submission, the city government stamps it, and the applicant
uploads the scan: the record of the government's consent ("城市申请须经市政府同意"). A new scan never
replaces an earlier one; the latest counts. Who may fetch or upload is the views' business.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from learning_city.applications import application_pdf
from learning_city.applications.models import ApplicationFormPdf, CityApplication, StampedScan
from learning_city.forms import uploads
from learning_city.forms.models import FormEntry

logger = logging.getLogger(__name__)

MAX_SCAN_MEGABYTES = 30


def submission_time(application):
    """The moment of the application's latest (re)submission, which its PDF shows."""
    return application_pdf.version_time(application.entry)


def form_pdf(application, make=True):
    """The PDF of the application's latest submission, made now if it has none yet (``make``).

    While the application is back with its applicant for changes, its answers are being edited: the PDF
    of the submission before stays the one to have, and none is made."""
    entry = application.entry
    if entry.status != FormEntry.Status.SUBMITTED:
        return application.form_pdfs.first()
    submitted_for = submission_time(application)
    found = application.form_pdfs.filter(submitted_for=submitted_for).first()
    if found is None and make:
        found = _make_form_pdf(application, submitted_for)
    return found


def _make_form_pdf(application, submitted_for):
    data = application_pdf.application_form_pdf(application.entry)
    record = ApplicationFormPdf(
        application=application,
        submitted_for=submitted_for,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    record.file.save("form.pdf", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:  # made by another request a moment ago: keep that one
        record.file.delete(save=False)
        return ApplicationFormPdf.objects.get(application=application, submitted_for=submitted_for)
    return record


def prepare_form_pdf(application_id):
    """Make the PDF ahead of the first download (after a submission); a failure only means the first
    download makes it. Returns whether a PDF is there."""
    application = CityApplication.objects.select_related("entry__page").filter(pk=application_id).first()
    if application is None:
        return False
    try:
        return form_pdf(application) is not None
    except Exception:  # noqa: BLE001 - never fail the submission's aftermath; the download retries
        logger.exception("could not make the form PDF of application %s", application_id)
        return False


def check_scan(uploaded):
    """Refuse anything but a PDF (judged by its content) within the size limit: ``ValidationError``."""
    uploads.check_size(uploaded, MAX_SCAN_MEGABYTES)
    uploads.check_document(uploaded)


def add_scan(application, uploaded, user):
    """Keep ``uploaded`` (checked with ``check_scan``) as the application's latest stamped scan."""
    scan = StampedScan(
        application=application,
        original_name=(uploaded.name or "scan.pdf")[:255],
        size=uploaded.size,
        sha256=uploads.checksum(uploaded),
        submitted_for=submission_time(application),
        uploaded_by=user if user is not None and user.is_authenticated else None,
    )
    scan.file.save("scan.pdf", uploaded, save=False)
    try:
        scan.save()
    except Exception:
        scan.file.delete(save=False)
        raise
    return scan


def scans(application):
    """Every stamped scan of the application, the latest first."""
    return list(application.stamped_scans.select_related("uploaded_by"))
