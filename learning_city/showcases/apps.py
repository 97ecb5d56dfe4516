from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcasesConfig(AppConfig):
    name = "learning_city.showcases"
    label = "showcases"
    verbose_name = _("Showcases")

    def ready(self):
        # Imported here: the purpose module uses models, which exist only once the registry is ready.
        from wagtail.signals import page_published

        from learning_city.forms import purposes
        from learning_city.showcases.photos import publish_photos
        from learning_city.showcases.purpose import SHOWCASE_NOMINATION

        purposes.register(SHOWCASE_NOMINATION)
        page_published.connect(publish_photos, dispatch_uid="showcases.publish_photos")
