from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    """The three-region scheme that decides which coverage target a city counts toward.

    The three belts (东部, 中部, 西部地区: 11, 8 and 12 provinces), not the four-region split with a
    north-east: Liaoning counts as eastern, Jilin and Heilongjiang as central.
    """

    EAST = "east", _("Eastern region")
    CENTRAL = "central", _("Central region")
    WEST = "west", _("Western region")


class RegionGroup(models.TextChoices):
    """Regions the guide gives one target together: 覆盖东中部地区50%左右、西部地区30%."""

    EAST_AND_CENTRAL = "east_central", _("Eastern and central regions")


REGION_GROUPS = {RegionGroup.EAST_AND_CENTRAL: (Region.EAST, Region.CENTRAL)}
