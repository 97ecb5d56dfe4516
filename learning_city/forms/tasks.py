from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


@shared_task(name="forms.send_confirmation_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_confirmation_email(entry_id):
    from learning_city.forms.models import FormEntry

    entry = FormEntry.objects.select_related("page", "user").get(pk=entry_id)
    if entry.user is None or not entry.user.email:
        return False
    context = {"entry": entry, "page": entry.page, "site_url": settings.WAGTAILADMIN_BASE_URL}
    send_mail(
        subject=render_to_string("forms/email/confirmation_subject.txt", context).strip(),
        message=render_to_string("forms/email/confirmation.txt", context),
        from_email=None,
        recipient_list=[entry.user.email],
    )
    return True
