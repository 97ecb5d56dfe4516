from django.core.management.base import BaseCommand
from django.db import transaction

from home.loaders import load_home
from learning_city.applications.loaders import load_application_form
from learning_city.guide.loaders import load_guide
from learning_city.showcases.loaders import load_network, load_showcases


class Command(BaseCommand):
    help = "Build the page tree with the guide's full text. Safe to run again: nothing is duplicated."

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Put the shipped text back on pages that already exist (editors' changes are lost).",
        )

    @transaction.atomic
    def handle(self, *args, overwrite=False, **options):
        # Each app loads its own content; the order matters (the site root first, the guide's task
        # pages before the showcases that serve them).
        home, changed = load_home()
        changed += load_guide(home, overwrite=overwrite)
        changed += load_application_form(home, overwrite=overwrite)
        changed += load_showcases(home)
        changed += load_network(home)
        self.stdout.write(f"Content ready: {changed} page(s) created or overwritten, site root {home.url_path}")
