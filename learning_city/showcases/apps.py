from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcasesConfig(AppConfig):
    name = "learning_city.showcases"
    label = "showcases"
    verbose_name = _("Showcases")

    def ready(self):
        from learning_city.forms import purposes
        from learning_city.showcases.nomination import SHOWCASE_NOMINATION

        purposes.register(SHOWCASE_NOMINATION)
