"""Add the join-route question to application forms that exist already.

``load_content`` leaves an existing /apply/ page alone (only ``--overwrite`` would replace it, and
that also overwrites the guide), and the page's ``clean()`` would now refuse a form without the
question. The question goes after the city question, in the page and in its latest revision, so
the editor shows what is live. Running it twice changes nothing.
"""

import json
import uuid

from django.db import migrations

QUESTION = {
    "type": "single_choice",
    "value": {
        "key": "join_route",
        "label": "加入方式",
        "help_text": "已加入联合国教科文组织全球学习型城市网络的城市和原全国学习型城市建设联盟的城市，"
        "填报本表后直接加入，无需教育部审核和实地考察，由省级相关部门核实确认。",
        "required": True,
        "choices": ["申请加入全国学习型城市网络", "已加入联合国教科文组织全球学习型城市网络", "原全国学习型城市建设联盟成员"],
    },
}


def with_question(steps):
    """The steps (raw stream data) with the question after the city question; None if it is there."""
    keys = [
        field["value"].get("key")
        for step in steps
        for field in step["value"]["fields"]
        if isinstance(field.get("value"), dict)
    ]
    if "join_route" in keys:
        return None
    for step in steps:
        fields = step["value"]["fields"]
        for index, field in enumerate(fields):
            if field["type"] == "city":
                fields.insert(index + 1, {**QUESTION, "id": str(uuid.uuid4())})
                return steps
    return None


def add_question(apps, schema_editor):
    MultiStepFormPage = apps.get_model("lc_forms", "MultiStepFormPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    for page in MultiStepFormPage.objects.filter(purpose="city_network_application"):
        steps = with_question(list(page.steps.raw_data))
        if steps is not None:
            page.steps = json.dumps(steps)
            page.save(update_fields=["steps"])
        revision = Revision.objects.filter(pk=page.latest_revision_id).first()
        if revision is not None and isinstance(revision.content.get("steps"), str):
            revised = with_question(json.loads(revision.content["steps"]))
            if revised is not None:
                revision.content["steps"] = json.dumps(revised)
                revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_deadline_reminders"),
        ("lc_forms", "0004_completed_steps_as_numbers"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(add_question, migrations.RunPython.noop)]
