from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from learning_city.forms import purposes


class ApplicationsConfig(AppConfig):
    name = "learning_city.applications"
    label = "applications"
    verbose_name = _("City applications")

    def ready(self):
        # Lazy: the purpose's module imports models, which are not loaded before ready().
        from learning_city.applications.purpose import CITY_NETWORK_APPLICATION

        purposes.register(CITY_NETWORK_APPLICATION)
