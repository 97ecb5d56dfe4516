"""The ministry's reviewers keep the list of provincial reviewers and the rounds' deadlines."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MINISTRY_GROUP = "教育部审核员"
CODENAMES = (
    "add_provincereviewer",
    "change_provincereviewer",
    "delete_provincereviewer",
    "view_provincereviewer",
    "add_applicationround",
    "change_applicationround",
    "view_applicationround",
)


def grant(apps, schema_editor):
    config = apps.get_app_config("applications")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group = Group.objects.filter(name=MINISTRY_GROUP).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="applications", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [("applications", "0004_join_route_question")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
