"""Registering an e-mail address, without telling anyone whether it already has an account.

Registration asks only for the address; its owner sets the password on the page the e-mailed link
opens (``views.ConfirmView``). So whoever types someone else's address chooses nothing and can sign
in with nothing, and the answer on screen is the same whatever the address: what differs is the
e-mail its owner receives.
"""

from functools import partial

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from learning_city.accounts.models import PendingRegistration
from learning_city.accounts.tasks import send_registration_notice, send_verification_email


def register(email, next_url=""):
    """Start, or restart, the registration of ``email``; its owner is e-mailed after the commit.
    ``next_url`` (a safe path on this site, checked by the caller) is where confirming leads.

    A new address gets an inactive account with no usable password and a link to set one; an
    address still unconfirmed gets a new link; an active account is told someone tried to
    register it (a deactivated one is told nothing).
    """
    User = get_user_model()
    now = timezone.now()
    existing = User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).order_by("pk").first()
    if existing is None:
        user = User(username=email, email=email, is_active=False)
        user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
                PendingRegistration.objects.create(user=user, link_sent_at=now, next_url=next_url)
        except IntegrityError:
            return  # the same address registered at the same moment: that request sends the link
        task = send_verification_email
    elif not existing.is_active and PendingRegistration.objects.filter(user=existing).update(
        link_sent_at=now, next_url=next_url
    ):
        user, task = existing, send_verification_email
    elif existing.is_active:
        user, task = existing, send_registration_notice
    else:
        return
    transaction.on_commit(partial(task.delay, user.pk))
