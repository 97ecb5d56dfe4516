"""The permission "查看和导出表单提交" (see ``forms/access.py``), given to the editors group.

The editors group is the one Wagtail's own initial data creates as "Editors"; should it have been
renamed already, it is found as that data made it: edit rights on the tree's root, no publishing.
"""

from django.db import migrations

CODENAME = "export_formentry"
NAME = "查看和导出表单提交"


def editors_groups(apps):
    Group = apps.get_model("auth.Group")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    named = Group.objects.filter(name="Editors")
    if named.exists():
        return named
    at_root = GroupPagePermission.objects.filter(page__depth=1)
    editing = at_root.filter(permission__codename="change_page").values("group")
    publishing = at_root.filter(permission__codename="publish_page").values("group")
    return Group.objects.filter(pk__in=editing).exclude(pk__in=publishing)


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label="lc_forms", model="formentry")
    permission, _created = Permission.objects.update_or_create(
        content_type=content_type, codename=CODENAME, defaults={"name": NAME}
    )
    for group in editors_groups(apps):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    apps.get_model("auth.Permission").objects.filter(content_type__app_label="lc_forms", codename=CODENAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lc_forms", "0009_merge_0008_form_limits_0008_private_storage"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
