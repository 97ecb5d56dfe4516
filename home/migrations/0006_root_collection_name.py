"""Wagtail's root collection is named "Root", and editors read it in the image and document libraries'
collection filters and in every group's image and document permissions: named in Chinese, unless an
administrator named it already."""

from django.db import migrations

NAMES = ("Root", "全部收藏集")


def rename(apps, schema_editor, names=NAMES):
    old, new = names
    apps.get_model("wagtailcore.Collection").objects.filter(depth=1, name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, names=tuple(reversed(NAMES)))


class Migration(migrations.Migration):
    dependencies = [("home", "0005_merge_0003_home_page_title_0004_chinese_block_labels")]

    operations = [migrations.RunPython(rename, rename_back)]
