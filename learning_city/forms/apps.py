from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsConfig(AppConfig):
    name = "learning_city.forms"
    label = "lc_forms"  # "forms" is django.forms's label
    verbose_name = _("Forms")

    def ready(self):
        from learning_city.forms import purposes

        purposes.register(purposes.STORE_ONLY)
