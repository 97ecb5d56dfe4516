from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from learning_city.mail import send_templated_mail


@shared_task(name="accounts.send_verification_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_verification_email(user_id):
    user = get_user_model().objects.get(pk=user_id)
    if user.is_active:
        return False
    path = reverse(
        "accounts:verify", args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)]
    )
    context = {"user": user, "link": settings.WAGTAILADMIN_BASE_URL + path}
    send_templated_mail("accounts/email/verify_subject.txt", "accounts/email/verify.txt", context, [user.email])
    return True
