from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from learning_city.applications import documents
from learning_city.applications.models import Notification
from learning_city.applications.reminders import send_due_reminders
from learning_city.mail import render_mail


@shared_task(name="applications.send_notification", bind=True, max_retries=5)
def send_notification(self, notification_id):
    """Send one recorded notification; after the last retry it stays visible to staff as failed."""
    notification = Notification.objects.select_related("application__city", "application__province").get(
        pk=notification_id
    )
    if notification.status == Notification.Status.SENT:
        return True  # a retried delivery of a task that had already sent
    context = {
        "application": notification.application,
        "message": notification.message,
        "site_url": settings.WAGTAILADMIN_BASE_URL,
    }
    subject, body = render_mail(
        f"applications/email/{notification.kind}_subject.txt", f"applications/email/{notification.kind}.txt", context
    )
    notification.attempts += 1
    try:
        send_mail(
            subject=subject,
            message=body,
            from_email=None,
            recipient_list=[notification.recipient],
        )
    except OSError as error:
        notification.subject, notification.error = subject, str(error)
        final = self.request.retries >= self.max_retries
        notification.status = Notification.Status.FAILED if final else Notification.Status.QUEUED
        notification.save(update_fields=["subject", "error", "status", "attempts"])
        if final:
            return False
        raise self.retry(exc=error, countdown=2 ** (self.request.retries + 1) * 30) from error
    notification.subject, notification.status, notification.sent_at = subject, Notification.Status.SENT, timezone.now()
    notification.error = ""
    notification.save(update_fields=["subject", "status", "sent_at", "error", "attempts"])
    return True


@shared_task(name="applications.remind_provinces")
def remind_provinces(days_before=(7, 3, 1)):
    """Before a round's provincial deadline, and every day after it, remind the provinces with work
    outstanding (applications awaiting them or a summary not sent); never twice a day."""
    return send_due_reminders(days_before=days_before)


@shared_task(name="applications.prepare_form_pdf")
def prepare_form_pdf(application_id):
    """Make the PDF of an application's latest submission (attachment 1, to be stamped) once it is in, so
    the applicant's first download is instant; idempotent."""
    return documents.prepare_form_pdf(application_id)
