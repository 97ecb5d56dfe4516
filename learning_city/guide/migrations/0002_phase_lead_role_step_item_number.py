"""Each timeline phase says how the guide puts its leading cities (以…为示范, 以…为引领, 以…为主), and each
organisation step which numbered item of part three it is written under (（一） to （四）).

``load_content`` leaves an existing guide page alone, so the values of pages that exist already are
derived here from what they hold: a phase's words from its own description (以地市级城市为主，… gives
为主; 为引领, what the timeline showed of every phase until now, when the description does not say),
a step's item from its kind. The page's rows and its revisions are filled alike, so the editor shows
what is live. Running it twice changes nothing.
"""

import re

from django.db import migrations, models

FORMER_ROLE = "为引领"  # the timeline used to say "引领：" of every phase
# The first clause of a description, 以<cities>为<role>, up to its last 为.
ROLE_IN_DESCRIPTION = re.compile(r"^以[^，。；]*(为[^，。；、为\s]{1,8})(?:[，。；]|$)")
ITEM_OF_KIND = {"apply": 1, "recommend": 2, "confirm": 3, "direct_join": 3, "promote": 4}


def role_from(description):
    match = ROLE_IN_DESCRIPTION.match((description or "").strip())
    return match.group(1) if match else FORMER_ROLE


def fill(apps, schema_editor):
    GuidePhase = apps.get_model("guide", "GuidePhase")
    OrganisationStep = apps.get_model("guide", "OrganisationStep")
    Revision = apps.get_model("wagtailcore", "Revision")

    for phase in GuidePhase.objects.filter(lead_role=""):
        phase.lead_role = role_from(phase.description)
        phase.save(update_fields=["lead_role"])
    for kind, number in ITEM_OF_KIND.items():
        OrganisationStep.objects.filter(kind=kind, item_number__isnull=True).update(item_number=number)

    revisions = Revision.objects.filter(content_type__app_label="guide", content_type__model="guidepage")
    for revision in revisions.iterator():
        changed = False
        for phase in revision.content.get("phases") or []:
            if not phase.get("lead_role"):
                phase["lead_role"] = role_from(phase.get("description"))
                changed = True
        for step in revision.content.get("organisation_steps") or []:
            if "item_number" not in step:
                step["item_number"] = ITEM_OF_KIND.get(step.get("kind"))
                changed = True
        if changed:
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("guide", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="guidephase",
            name="lead_role",
            field=models.CharField(
                default="",
                help_text="The guide's words after the cities, shown as 以…为示范: 为示范, 为引领 or 为主.",
                max_length=20,
                verbose_name="role of the leading cities",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="organisationstep",
            name="item_number",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[
                    (1, "（一）"),
                    (2, "（二）"),
                    (3, "（三）"),
                    (4, "（四）"),
                    (5, "（五）"),
                    (6, "（六）"),
                    (7, "（七）"),
                    (8, "（八）"),
                    (9, "（九）"),
                    (10, "（十）"),
                ],
                help_text=(
                    "The numbered item of part three this step is written under, as the guide numbers it. A step "
                    "after the first under the same item is shown within it; leave blank for a step the "
                    "introduction describes."
                ),
                null=True,
                verbose_name="item of the guide",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
