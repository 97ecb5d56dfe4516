"""The review workflow of city applications, its three tasks and the two reviewer groups.

All of them stay editable in the admin afterwards. Model permissions of this app's models do
not exist yet during the ``migrate`` run that creates the models, so they are created first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from learning_city.workflows.models import forget_handle, record_handle

WORKFLOW_NAME = "城市申请审核"
HANDLE = "city-application"
PROVINCE_GROUP = "省级审核员"
MINISTRY_GROUP = "教育部审核员"
TASKS = (
    ("provincereviewtask", "省级核实推荐"),
    ("ministryreviewtask", "教育部审核"),
    ("membershipconfirmationtask", "确认加入网络"),
)
# Province reviewers hold no model permission on applications or submissions: they work from
# their scoped queue and reach Wagtail's editor only while an application is at their task.
PROVINCE_PERMISSIONS = (("wagtailadmin", "admin", "access_admin"),)
MINISTRY_PERMISSIONS = (
    ("wagtailadmin", "admin", "access_admin"),
    ("applications", "cityapplication", "view_cityapplication"),
    # "change" opens Wagtail's history and revision comparison; applications have no editable
    # field, and no group holds "publish", which would skip the remaining steps.
    ("applications", "cityapplication", "change_cityapplication"),
    ("applications", "provincialrecommendation", "view_provincialrecommendation"),
    ("lc_forms", "formentry", "view_formentry"),
)


def _permissions(apps, wanted):
    Permission = apps.get_model("auth.Permission")
    return [
        Permission.objects.get(content_type__app_label=app, content_type__model=model, codename=codename)
        for app, model, codename in wanted
    ]


def create_workflow(apps, schema_editor):
    for label in ("applications", "lc_forms", "wagtailadmin"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)

    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")

    province_group, _ = Group.objects.get_or_create(name=PROVINCE_GROUP)
    province_group.permissions.add(*_permissions(apps, PROVINCE_PERMISSIONS))
    ministry_group, _ = Group.objects.get_or_create(name=MINISTRY_GROUP)
    ministry_group.permissions.add(*_permissions(apps, MINISTRY_PERMISSIONS))

    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if created:
        for position, (model_name, task_name) in enumerate(TASKS):
            model = apps.get_model("applications", model_name)
            task_type, _ = ContentType.objects.get_or_create(app_label="applications", model=model_name)
            task = model.objects.create(name=task_name, content_type=task_type, active=True)
            if model_name != "provincereviewtask":
                task.groups.set([ministry_group])
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=position)
    record_handle(apps, HANDLE, workflow)
    application_type, _ = ContentType.objects.get_or_create(app_label="applications", model="cityapplication")
    WorkflowContentType.objects.update_or_create(content_type=application_type, defaults={"workflow": workflow})


def remove_workflow(apps, schema_editor):
    forget_handle(apps, HANDLE)
    apps.get_model("wagtailcore.Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    for model_name, _task_name in TASKS:
        apps.get_model("applications", model_name).objects.all().delete()
    apps.get_model("auth.Group").objects.filter(name__in=[PROVINCE_GROUP, MINISTRY_GROUP]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("workflows", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
