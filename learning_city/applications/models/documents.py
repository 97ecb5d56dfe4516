"""The paper trail of an application: the filled-in form (attachment 1) as PDF, made once per submission, and
the scans of it stamped by the municipal government, every upload kept. Both live in the private storage
(``STORAGES["private"]``, which no public URL reaches) and are served only by the permission-checked views
of ``applications/views.py``."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from learning_city.applications.models.application import CityApplication
from learning_city.forms.private_files import private_storage
from learning_city.spreadsheets import local_minute


def _folder(application_id):
    return f"applications/{application_id}"


def form_pdf_path(instance, filename):
    return f"{_folder(instance.application_id)}/form-{instance.submitted_for:%Y%m%dT%H%M%S%f}.pdf"


def stamped_scan_path(instance, filename):
    return f"{_folder(instance.application_id)}/stamped/{uuid.uuid4().hex}.pdf"


class ApplicationFormPdf(models.Model):
    """Attachment 1 filled in with one submission's answers, made the first time it is needed and kept:
    a resubmission (a new ``submitted_for``) gets a new one, the earlier ones stay as they were printed."""

    application = models.ForeignKey(
        CityApplication, on_delete=models.CASCADE, related_name="form_pdfs", verbose_name=_("application")
    )
    submitted_for = models.DateTimeField(_("submission shown"))
    file = models.FileField(_("file"), upload_to=form_pdf_path, storage=private_storage, max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-submitted_for", "-pk"]
        verbose_name = _("application form PDF")
        verbose_name_plural = _("application form PDFs")
        constraints = [
            models.UniqueConstraint(fields=["application", "submitted_for"], name="one_form_pdf_per_submission")
        ]

    def __str__(self):
        return f"{self.application} · {local_minute(self.submitted_for)}"


class StampedScan(models.Model):
    """A scan of the printed form with the municipal government's stamp: its consent to the application.
    Each upload is kept; the latest is the one that counts."""

    application = models.ForeignKey(
        CityApplication, on_delete=models.CASCADE, related_name="stamped_scans", verbose_name=_("application")
    )
    file = models.FileField(_("file"), upload_to=stamped_scan_path, storage=private_storage, max_length=255)
    original_name = models.CharField(_("original name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    # The (re)submission the applicant had when uploading: a scan of an earlier version shows as such.
    submitted_for = models.DateTimeField(_("submission stamped"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("stamped scan")
        verbose_name_plural = _("stamped scans")

    def __str__(self):
        return f"{self.application} · {self.original_name}"
