from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    """The three-region scheme that decides which coverage target a city counts toward."""

    EAST = "east", _("Eastern region")
    CENTRAL = "central", _("Central region")
    WEST = "west", _("Western region")
