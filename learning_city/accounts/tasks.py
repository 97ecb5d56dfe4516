import datetime

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from learning_city.accounts.models import PendingRegistration
from learning_city.accounts.tokens import confirmation_token_generator, link_days
from learning_city.mail import send_templated_mail


@shared_task(name="accounts.send_verification_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_verification_email(user_id):
    """The link to the page where the address's owner sets the password and so confirms it."""
    user = get_user_model().objects.filter(pk=user_id, is_active=False).first()
    if user is None or not PendingRegistration.objects.filter(user=user).exists():
        return False
    path = reverse(
        "accounts:verify",
        args=[urlsafe_base64_encode(force_bytes(user.pk)), confirmation_token_generator.make_token(user)],
    )
    context = {"user": user, "link": settings.WAGTAILADMIN_BASE_URL + path, "link_days": link_days()}
    send_templated_mail("accounts/email/verify_subject.txt", "accounts/email/verify.txt", context, [user.email])
    return True


@shared_task(name="accounts.send_registration_notice", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_registration_notice(user_id):
    """Someone tried to register an address that has an account: its owner hears of it, the
    registration page says nothing."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    context = {
        "user": user,
        "login_link": settings.WAGTAILADMIN_BASE_URL + reverse("login"),
        "reset_link": settings.WAGTAILADMIN_BASE_URL + reverse("password_reset"),
    }
    send_templated_mail("accounts/email/registered_subject.txt", "accounts/email/registered.txt", context, [user.email])
    return True


@shared_task(name="accounts.expire_unconfirmed")
def expire_unconfirmed():
    """Daily (Celery beat): delete accounts never confirmed whose last link has expired; how many."""
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    User = get_user_model()
    expired = User.objects.filter(
        is_active=False, last_login__isnull=True, pending_registration__link_sent_at__lt=cutoff
    )
    pks = list(expired.values_list("pk", flat=True))
    User.objects.filter(pk__in=pks).delete()
    return len(pks)
