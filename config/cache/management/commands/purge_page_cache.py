from django.core.management.base import BaseCommand

from config.cache import purge


class Command(BaseCommand):
    help = "Purge every page the page cache keeps (and the CDN's copies when WAGTAILFRONTENDCACHE is set)."

    def handle(self, *args, **options):
        purge.everything()
        self.stdout.write("Page cache purged.")
