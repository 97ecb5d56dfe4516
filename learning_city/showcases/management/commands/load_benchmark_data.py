from django.core.management.base import BaseCommand

from learning_city.showcases.benchmark_data import load_members, load_showcases


class Command(BaseCommand):
    help = (
        "Load the site at benchmark scale on a throw-away database: showcases (1,000 by default) and every "
        "prefecture-level division a network member, all marked as demonstration content. Run load_content first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--showcases", type=int, default=1000, help="How many benchmark showcases to have.")

    def handle(self, *args, showcases, **options):
        members = load_members()
        made = load_showcases(showcases)
        self.stdout.write(f"Benchmark data: {made} showcase(s) and {members} membership(s) made.")
