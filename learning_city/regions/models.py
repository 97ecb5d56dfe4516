from django.db import models
from django.utils.translation import gettext_lazy as _

from learning_city.regions.choices import Region


class Province(models.Model):
    """A provincial-level division of mainland China (GB/T 2260 code ending in 0000)."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        PROVINCE = "province", _("Province")
        AUTONOMOUS_REGION = "autonomous_region", _("Autonomous region")

    code = models.CharField(_("division code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=40, unique=True)
    short_name = models.CharField(_("short name"), max_length=10)
    region = models.CharField(_("region"), max_length=10, choices=Region.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class City(models.Model):
    """A prefecture-level division, or a municipality as a city in its own right."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        PREFECTURE_CITY = "prefecture_city", _("Prefecture-level city")
        AUTONOMOUS_PREFECTURE = "autonomous_prefecture", _("Autonomous prefecture")
        PREFECTURE = "prefecture", _("Prefecture")
        LEAGUE = "league", _("League")

    code = models.CharField(_("division code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=40)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="cities", verbose_name=_("province"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    is_provincial_capital = models.BooleanField(_("provincial capital"), default=False)
    is_separately_planned = models.BooleanField(_("separately planned city"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        constraints = [models.UniqueConstraint(fields=["province", "name"], name="unique_city_name_in_province")]

    def __str__(self):
        return self.name


class NetworkMembership(models.Model):
    """A city's membership of the national learning city network, and how it joined."""

    class Route(models.TextChoices):
        GNLC = "gnlc", _("UNESCO Global Network of Learning Cities")
        ALLIANCE = "alliance", _("Former national learning city alliance")
        APPLICATION = "application", _("Admitted by application")

    city = models.OneToOneField(City, on_delete=models.PROTECT, related_name="membership", verbose_name=_("city"))
    route = models.CharField(_("route"), max_length=20, choices=Route.choices, db_index=True)
    joined_on = models.DateField(_("joined on"))
    application_reference = models.CharField(
        _("application reference"),
        max_length=30,
        blank=True,
        help_text=_("The reference of the application that admitted the city, if it applied."),
    )
    is_demo = models.BooleanField(_("demonstration data"), default=False)

    class Meta:
        ordering = ["city__code"]
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")

    def __str__(self):
        return f"{self.city} ({self.get_route_display()})"
