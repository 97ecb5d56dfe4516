from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models

from learning_city.forms.private_files import move_leftovers, move_legacy_files, private_storage


class Command(BaseCommand):
    help = (
        "Move private files still kept under MEDIA_ROOT's private/ folder (or the bucket's) to the private "
        "storage and record their new names (migrate does it once; safe to run again)."
    )

    def handle(self, *args, **options):
        storage = private_storage()
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.FileField) and field.storage is storage:
                    renamed = move_legacy_files(model, field.name)
                    self.stdout.write(f"{model._meta.label}.{field.name}: {renamed} moved")
        self.stdout.write(f"files no row names: {move_leftovers()} moved")
