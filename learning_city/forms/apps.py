from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from learning_city.forms import purposes


class FormsConfig(AppConfig):
    name = "learning_city.forms"
    label = "lc_forms"  # "forms" is django.forms's label
    verbose_name = _("Forms")

    def ready(self):
        purposes.register(purposes.STORE_ONLY)
