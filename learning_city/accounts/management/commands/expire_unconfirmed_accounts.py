from django.core.management.base import BaseCommand

from learning_city.accounts.tasks import expire_unconfirmed


class Command(BaseCommand):
    help = "Delete registrations never confirmed whose last e-mailed link has expired (Celery beat runs it daily)."

    def handle(self, *args, **options):
        self.stdout.write(f"{expire_unconfirmed()} unconfirmed account(s) deleted")
