"""The guide's three well-known synonym pairs, and the synonym admin for editors and moderators."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PAIRS = [
    ("老年大学", "老年开放大学"),
    ("社区学院", "社区教育学院"),
    ("学分银行", "学习成果认证"),
]
GROUPS = ("Editors", "Moderators")
CODENAMES = (
    "add_searchsynonym",
    "change_searchsynonym",
    "delete_searchsynonym",
    "view_searchsynonym",
    "view_zeroresultsearch",
)


def forwards(apps, schema_editor):
    SearchSynonym = apps.get_model("search", "SearchSynonym")
    for term, synonym in PAIRS:
        SearchSynonym.objects.get_or_create(term=term, synonym=synonym)
    config = apps.get_app_config("search")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permissions = Permission.objects.filter(content_type__app_label="search", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_synonyms_and_zero_result_searches")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
