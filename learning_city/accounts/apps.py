from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "learning_city.accounts"
    label = "accounts"
    verbose_name = _("Applicant accounts")
