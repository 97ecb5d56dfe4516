from django.core.management.base import BaseCommand

from learning_city.regions.models import City, Province
from learning_city.regions.reference import load_reference_data


class Command(BaseCommand):
    help = "Create or update provinces and prefecture-level divisions from the shipped reference data."

    def handle(self, *args, **options):
        provinces, cities = load_reference_data(Province, City)
        self.stdout.write(f"{provinces} provinces, {cities} cities")
