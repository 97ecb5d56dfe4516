from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from learning_city.regions.models import Province


class ProvinceReviewer(models.Model):
    """Who reviews which province's applications: the scope of every provincial view and action."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="province_reviews", verbose_name=_("user")
    )
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="reviewers", verbose_name=_("province")
    )

    class Meta:
        verbose_name = _("provincial reviewer")
        verbose_name_plural = _("provincial reviewers")
        constraints = [models.UniqueConstraint(fields=["user", "province"], name="one_row_per_reviewer_and_province")]

    def __str__(self):
        return f"{self.user} · {self.province}"


def reviewed_province_ids(user):
    """The provinces ``user`` reviews, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_reviewed_province_ids", None)
    if cached is None:
        cached = frozenset(ProvinceReviewer.objects.filter(user=user).values_list("province_id", flat=True))
        user._reviewed_province_ids = cached
    return cached


def reviews_province(user, province_id):
    return province_id in reviewed_province_ids(user)
