from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "config.cache"
    label = "page_cache"
    verbose_name = "Page cache"

    def ready(self):
        from config.cache import signals

        signals.connect()
