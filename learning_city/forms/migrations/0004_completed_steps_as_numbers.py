"""Completed steps were stored as strings ("1", "2"); they are step numbers (int) now."""

from django.db import migrations


def as_numbers(apps, schema_editor):
    FormEntry = apps.get_model("lc_forms", "FormEntry")
    for entry in FormEntry.objects.only("pk", "completed_steps").iterator():
        numbers = sorted({int(step) for step in entry.completed_steps})
        if numbers != entry.completed_steps:
            FormEntry.objects.filter(pk=entry.pk).update(completed_steps=numbers)


def as_strings(apps, schema_editor):
    FormEntry = apps.get_model("lc_forms", "FormEntry")
    for entry in FormEntry.objects.only("pk", "completed_steps").iterator():
        FormEntry.objects.filter(pk=entry.pk).update(completed_steps=[str(step) for step in entry.completed_steps])


class Migration(migrations.Migration):
    dependencies = [("lc_forms", "0003_returned_entries_and_step_numbers")]

    operations = [migrations.RunPython(as_numbers, as_strings)]
