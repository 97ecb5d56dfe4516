from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from learning_city.forms import purposes


class FormsConfig(AppConfig):
    name = "learning_city.forms"
    label = "lc_forms"  # "forms" is django.forms's label
    verbose_name = _("Forms")

    def ready(self):
        from wagtail.signals import page_published

        from learning_city.forms import versions

        purposes.register(purposes.STORE_ONLY)
        # A published change is a new version at once (the numbers follow the publishes).
        page_published.connect(versions.record_published, dispatch_uid="lc_forms_record_version")
