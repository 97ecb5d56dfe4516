from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "learning_city.applications"
    label = "applications"
    verbose_name = _("City applications")

    def ready(self):
        from learning_city.applications.purpose import CITY_NETWORK_APPLICATION
        from learning_city.forms import purposes

        purposes.register(CITY_NETWORK_APPLICATION)
