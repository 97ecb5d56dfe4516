"""The groups and the page workflow the site starts with, named in Chinese and recorded under handles.

Wagtail's own migrations create the groups "Editors" and "Moderators" and the workflow (and its task)
"Moderators approval"; editors read those names in the admin and in e-mails. The groups are recorded under
handles first (the code finds them by handle: ``group_for``), then renamed where they still bear the name
they were created with: a name an administrator chose is left alone. The migrations that found these
groups by their English names run before this one.
"""

from django.db import migrations

from learning_city.workflows.models import record_group

# handle: (the name the group was created with, its Chinese name)
GROUPS = {
    "editors": ("Editors", "编辑"),
    "moderators": ("Moderators", "审核发布员"),
    "province-reviewers": ("省级审核员", "省级审核员"),
    "ministry-reviewers": ("教育部审核员", "教育部审核员"),
}
# Wagtail names the workflow and its task after the group: "Moderators approval".
WORKFLOW_NAMES = ("Moderators approval", "审核发布员审批")


def rename(apps, schema_editor, backwards=False):
    Group = apps.get_model("auth.Group")
    Handle = apps.get_model("workflows", "GroupHandle")
    for handle, names in GROUPS.items():
        old, new = reversed(names) if backwards else names
        recorded = Handle.objects.filter(handle=handle).select_related("group").first()
        group = recorded.group if recorded else Group.objects.filter(name=old).first()
        if group is None:
            continue
        record_group(apps, handle, group)
        if group.name == old and not Group.objects.filter(name=new).exists():
            group.name = new
            group.save(update_fields=["name"])
    old, new = reversed(WORKFLOW_NAMES) if backwards else WORKFLOW_NAMES
    apps.get_model("wagtailcore.Workflow").objects.filter(name=old).update(name=new)
    apps.get_model("wagtailcore.Task").objects.filter(name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0002_grouphandle"),
        ("wagtailcore", "0098_apitoken"),
        ("search", "0002_editors_hide_search_terms"),
        ("showcases", "0002_showcase_workflow"),
        ("applications", "0005_ministry_keeps_reviewers_and_rounds"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
