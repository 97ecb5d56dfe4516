from django.db import migrations

from learning_city.showcases.workflow import HANDLE, WORKFLOW_NAME
from learning_city.workflows.models import forget_handle, record_handle


def record_showcase_workflow(apps, schema_editor):
    """Record the workflow migration 0002 created under its handle.

    An administrator may have renamed it since: the workflow moderating /showcases/ comes first, then the
    one still bearing the name it was created with.
    """
    ContentType = apps.get_model("contenttypes.ContentType")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")

    index_type = ContentType.objects.filter(app_label="showcases", model="showcaseindexpage").first()
    assigned = WorkflowPage.objects.filter(page__content_type=index_type).select_related("workflow").first()
    workflow = assigned.workflow if assigned else Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None:
        record_handle(apps, HANDLE, workflow)


def forget_showcase_workflow(apps, schema_editor):
    forget_handle(apps, HANDLE)


class Migration(migrations.Migration):
    dependencies = [
        ("showcases", "0004_showcasepage_is_demo"),
        ("workflows", "0001_initial"),
    ]

    operations = [migrations.RunPython(record_showcase_workflow, forget_showcase_workflow)]
