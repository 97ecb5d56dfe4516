from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home")

    def ready(self):
        from home import checks  # noqa: F401 -- registers the system checks
        from home.admin_labels import label_wagtail_fields
        from home.permissions import name_permissions_in_chinese

        post_migrate.connect(name_permissions_in_chinese, dispatch_uid="home.name_permissions_in_chinese")
        label_wagtail_fields()
