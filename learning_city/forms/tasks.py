import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from learning_city.forms.models import EntryFile, FormEntry
from learning_city.forms.private_files import private_storage
from learning_city.forms.uploads import preview_name
from learning_city.mail import send_templated_mail


@shared_task(name="forms.send_confirmation_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_confirmation_email(entry_id):
    entry = FormEntry.objects.select_related("page", "user").get(pk=entry_id)
    if entry.user is None or not entry.user.email:
        return False
    context = {"entry": entry, "page": entry.page, "site_url": settings.WAGTAILADMIN_BASE_URL}
    send_templated_mail(
        "forms/email/confirmation_subject.txt", "forms/email/confirmation.txt", context, [entry.user.email]
    )
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
