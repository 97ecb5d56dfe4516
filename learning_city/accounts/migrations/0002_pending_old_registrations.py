"""Accounts the old registration made and nobody confirmed become pending registrations.

The old form let whoever registered choose the password. Such an account (inactive, never signed
in, its user name its e-mail address, no staff rights or groups) loses that password and is
treated like a new registration: registering the address again sends the owner a link to set
their own, and the daily clean-up deletes it once no link can work any more.
"""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import migrations
from django.db.models import F


def pend_old_registrations(apps, schema_editor):
    User = apps.get_model(settings.AUTH_USER_MODEL)
    PendingRegistration = apps.get_model("accounts", "PendingRegistration")
    old = User.objects.filter(
        is_active=False,
        last_login__isnull=True,
        is_staff=False,
        is_superuser=False,
        groups__isnull=True,
        username=F("email"),
        pending_registration__isnull=True,
    )
    for user in old:
        user.password = make_password(None)  # unusable: the registrant's choice goes
        user.save(update_fields=["password"])
        PendingRegistration.objects.create(user=user, link_sent_at=user.date_joined)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(pend_old_registrations, migrations.RunPython.noop)]
