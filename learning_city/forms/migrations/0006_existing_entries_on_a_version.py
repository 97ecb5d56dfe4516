"""Entries from before versions were kept: they were answered on the form as it is now, so that
becomes each form's version 1 (the same snapshot and digest as ``MultiStepFormPage.steps_snapshot``
and ``snapshot_digest``, written out here because historical models have no methods)."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations


def snapshot(page, field):
    stream_block = field.stream_block
    value = stream_block.to_python(page.steps.get_prep_value())
    list(value)
    return json.loads(json.dumps(stream_block.get_prep_value(value), cls=DjangoJSONEncoder))


def without_ids(data):
    if isinstance(data, dict):
        return {name: without_ids(value) for name, value in data.items() if name != "id"}
    if isinstance(data, list):
        return [without_ids(item) for item in data]
    return data


def keys(page, field):
    """The questions' keys in order, as ``blocks.field_key`` gives them (sections did not exist yet)."""
    found = []
    for step in field.stream_block.to_python(page.steps.get_prep_value()):
        for child in step.value["fields"]:
            if child.block_type not in ("heading", "help"):
                found.append(child.value["key"] or f"f_{child.id.replace('-', '')[:12]}")
    return found


def record_versions(apps, schema_editor):
    Page = apps.get_model("lc_forms", "MultiStepFormPage")
    FormVersion = apps.get_model("lc_forms", "FormVersion")
    FormEntry = apps.get_model("lc_forms", "FormEntry")
    field = Page._meta.get_field("steps")
    for page in Page.objects.filter(pk__in=FormEntry.objects.values("page_id")):
        steps = snapshot(page, field)
        digest = hashlib.sha256(
            json.dumps({"steps": without_ids(steps), "keys": keys(page, field)}, sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()
        version, _created = FormVersion.objects.get_or_create(
            page=page, digest=digest, defaults={"number": 1, "steps": steps}
        )
        FormEntry.objects.filter(page=page, version__isnull=True).update(version=version)


class Migration(migrations.Migration):
    dependencies = [("lc_forms", "0005_form_versions")]

    operations = [migrations.RunPython(record_versions, migrations.RunPython.noop)]
