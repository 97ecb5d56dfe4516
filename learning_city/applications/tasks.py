from celery import shared_task
from django.conf import settings
from wagtail.models import Site

from home.models import SiteSettings
from learning_city.forms.models import FormEntry
from learning_city.mail import send_templated_mail


@shared_task(name="applications.notify_application_desk", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_application_desk(entry_id):
    """Tell the site's contact address that an application has arrived, with its reference and city."""
    entry = FormEntry.objects.select_related("page", "user").get(pk=entry_id)
    site = Site.objects.filter(is_default_site=True).first()
    desk = SiteSettings.for_site(site).contact_email if site else ""
    if not desk:
        return False
    context = {"entry": entry, "city": entry.answers.get("city") or {}, "site_url": settings.WAGTAILADMIN_BASE_URL}
    send_templated_mail(
        "applications/email/new_application_subject.txt", "applications/email/new_application.txt", context, [desk]
    )
    return True
