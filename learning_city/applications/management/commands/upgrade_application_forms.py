from django.core.management.base import BaseCommand

from learning_city.applications.form_upgrades import upgrade_application_forms


class Command(BaseCommand):
    help = "Bring live application forms to attachment 1's wording as a new form version (safe to run again)."

    def handle(self, *args, **options):
        changed = upgrade_application_forms()
        for page in changed:
            self.stdout.write(f"Upgraded and published: {page.title} ({page.url_path})")
        if not changed:
            self.stdout.write("Application forms are up to date.")
