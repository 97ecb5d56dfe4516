from django.db import migrations

from learning_city.regions.reference import load_reference_data


def load(apps, schema_editor):
    load_reference_data(apps.get_model("regions", "Province"), apps.get_model("regions", "City"))


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
