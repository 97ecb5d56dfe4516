"""Entries from before versions were kept: they were answered on the form as it is now, so that
becomes each form's version 1 (the same snapshot and digest ``MultiStepFormPage.steps_snapshot``
makes, written out here because historical models have no methods)."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations


def snapshot(page, field):
    stream_block = field.stream_block
    value = stream_block.to_python(page.steps.get_prep_value())
    list(value)
    return json.loads(json.dumps(stream_block.get_prep_value(value), cls=DjangoJSONEncoder))


def record_versions(apps, schema_editor):
    Page = apps.get_model("lc_forms", "MultiStepFormPage")
    FormVersion = apps.get_model("lc_forms", "FormVersion")
    FormEntry = apps.get_model("lc_forms", "FormEntry")
    field = Page._meta.get_field("steps")
    for page in Page.objects.filter(pk__in=FormEntry.objects.values("page_id")):
        steps = snapshot(page, field)
        digest = hashlib.sha256(json.dumps(steps, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        version, _created = FormVersion.objects.get_or_create(
            page=page, digest=digest, defaults={"number": 1, "steps": steps}
        )
        FormEntry.objects.filter(page=page, version__isnull=True).update(version=version)


class Migration(migrations.Migration):
    dependencies = [("lc_forms", "0005_form_versions")]

    operations = [migrations.RunPython(record_versions, migrations.RunPython.noop)]
