from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingRegistration(models.Model):
    """An account made by registering whose owner has not yet opened the e-mailed link.

    The account has no usable password until then, so whoever typed the address cannot sign in
    with it; confirming deletes this row, and an account whose last link has expired is deleted
    with it (``accounts.expire_unconfirmed``).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_registration", verbose_name=_("user")
    )
    link_sent_at = models.DateTimeField(_("link last sent at"))
    # Where the registrant was going (a form page): they return there once the address is confirmed.
    next_url = models.CharField(_("page to return to"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("unconfirmed registration")
        verbose_name_plural = _("unconfirmed registrations")

    def __str__(self):
        return self.user.get_username()
