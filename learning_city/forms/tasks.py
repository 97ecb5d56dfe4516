import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from learning_city.forms.models import EntryFile, FormEntry
from learning_city.forms.private_files import private_storage
from learning_city.forms.uploads import preview_name
from learning_city.mail import send_templated_mail

logger = logging.getLogger(__name__)


# An SMTP server that refuses or is unreachable is tried again for about three hours.
CONFIRMATION_RETRIES = 8
# What staff read in the admin's site history (网站历史): every confirmation sent, and every one that
# could not be, with the reason (their wording: wagtail_hooks).
CONFIRMATION_SENT = "lc_forms.confirmation_sent"
CONFIRMATION_FAILED = "lc_forms.confirmation_failed"


def confirmation_retry_delay(retries):
    """Seconds before the next try: 1, 2, 4… minutes, at most an hour."""
    return min(60 * 2**retries, 60 * 60)


def _confirmed_since(entry):
    """Already sent for this (re)submission: a delivery retried after the worker died sends nothing twice."""
    since = entry.resubmitted_at or entry.submitted_at
    sent = ModelLogEntry.objects.for_instance(entry).filter(action=CONFIRMATION_SENT)
    return sent.filter(timestamp__gte=since).exists() if since else sent.exists()


@shared_task(name="forms.send_confirmation_email", bind=True, max_retries=CONFIRMATION_RETRIES)
def send_confirmation_email(self, entry_id):
    """Tell the applicant their submission arrived. A failure is retried by the worker and, once no
    retry is left (or with no worker to retry: Celery eager), recorded for staff and logged, never
    raised into the applicant's request."""
    entry = FormEntry.objects.select_related("page", "user").get(pk=entry_id)
    if entry.user is None or not entry.user.email:
        return False
    if _confirmed_since(entry):
        return True
    recipient = entry.user.email
    context = {"entry": entry, "page": entry.page, "site_url": settings.WAGTAILADMIN_BASE_URL}
    try:
        send_templated_mail(
            "forms/email/confirmation_subject.txt", "forms/email/confirmation.txt", context, [recipient]
        )
    except OSError as error:  # refused, unreachable, timed out: smtplib's errors are OSErrors
        attempts = self.request.retries + 1
        if not settings.CELERY_TASK_ALWAYS_EAGER and self.request.retries < self.max_retries:
            logger.warning(
                "confirmation of %s to %s failed (attempt %d), retrying: %s", entry, recipient, attempts, error
            )
            raise self.retry(exc=error, countdown=confirmation_retry_delay(self.request.retries)) from error
        logger.error("confirmation of %s to %s not sent after %d attempt(s): %s", entry, recipient, attempts, error)
        log(entry, CONFIRMATION_FAILED, data={"recipient": recipient, "attempts": attempts, "error": str(error)})
        return False
    log(entry, CONFIRMATION_SENT, data={"recipient": recipient, "attempts": self.request.retries + 1})
    return True


@shared_task(name="forms.clean_orphaned_files")
def clean_orphaned_files(min_age_hours=24):
    """Delete stored upload files no entry refers to (a crash between storing and recording)."""
    storage = private_storage()
    root = "forms"
    known = set(EntryFile.objects.values_list("file", flat=True))
    known |= {preview_name(name) for name in known}  # a photo's JPEG preview lives beside it
    cutoff = timezone.now() - datetime.timedelta(hours=min_age_hours)
    removed = 0

    def walk(folder):
        nonlocal removed
        try:
            folders, files = storage.listdir(folder)
        except FileNotFoundError:
            return
        for name in files:
            path = f"{folder}/{name}"
            if path not in known and storage.get_modified_time(path) < cutoff:
                storage.delete(path)
                removed += 1
        for sub in folders:
            walk(f"{folder}/{sub}")

    walk(root)
    return removed
