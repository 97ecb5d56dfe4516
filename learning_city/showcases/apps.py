from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcasesConfig(AppConfig):
    name = "learning_city.showcases"
    label = "showcases"
    verbose_name = _("Showcases")
