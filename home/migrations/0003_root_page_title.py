"""Wagtail's root page is titled "Root", and editors see it in the explorer's breadcrumbs, the page chooser and
the group permissions: named in Chinese, unless an administrator named it already."""

from django.db import migrations

NAMES = ("Root", "全部站点")


def rename(apps, schema_editor, names=NAMES):
    old, new = names
    apps.get_model("wagtailcore.Page").objects.filter(depth=1, title=old).update(title=new, draft_title=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, names=tuple(reversed(NAMES)))


class Migration(migrations.Migration):
    dependencies = [("home", "0002_homepage_body"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(rename, rename_back)]
