import importlib
import io

from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import WorkflowPage, WorkflowTask

from learning_city.showcases.models import ShowcaseIndexPage
from learning_city.showcases.workflow import HANDLE, WORKFLOW_NAME, showcase_workflow
from learning_city.workflows.models import WorkflowHandle, workflow_for

RECORDING_MIGRATION = "learning_city.showcases.migrations.0005_showcase_workflow_handle"


def rename_in_admin(client, workflow, name):
    """What an administrator does on the workflow's edit screen: a new name, the same task and pages."""
    workflow_task = WorkflowTask.objects.get(workflow=workflow)
    pages = list(WorkflowPage.objects.filter(workflow=workflow).values_list("page_id", flat=True))
    data = {
        "name": name,
        "active": "on",
        "workflow_tasks-TOTAL_FORMS": "1",
        "workflow_tasks-INITIAL_FORMS": "1",
        "workflow_tasks-MIN_NUM_FORMS": "0",
        "workflow_tasks-MAX_NUM_FORMS": "1000",
        "workflow_tasks-0-task": str(workflow_task.task_id),
        "workflow_tasks-0-id": str(workflow_task.pk),
        "workflow_tasks-0-ORDER": "1",
        "workflow_tasks-0-DELETE": "",
        "pages-TOTAL_FORMS": str(len(pages)),
        "pages-INITIAL_FORMS": str(len(pages)),
        "pages-MIN_NUM_FORMS": "0",
        "pages-MAX_NUM_FORMS": "1000",
    }
    for n, page_id in enumerate(pages):
        data[f"pages-{n}-page"] = str(page_id)
        data[f"pages-{n}-DELETE"] = ""
    response = client.post(reverse("wagtailadmin_workflows:edit", args=[workflow.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    workflow.refresh_from_db()
    assert workflow.name == name


def test_the_migrations_record_the_showcase_workflow_under_its_handle(db):
    workflow = showcase_workflow()
    assert workflow is not None
    assert workflow.name == WORKFLOW_NAME
    assert WorkflowHandle.objects.get(handle=HANDLE).workflow == workflow


def test_a_workflow_renamed_in_the_admin_is_still_assigned_by_load_content(client, superuser):
    workflow = showcase_workflow()
    client.force_login(superuser)
    rename_in_admin(client, workflow, "典型展示审核（改名后）")

    call_command("load_content", stdout=io.StringIO())
    index = ShowcaseIndexPage.objects.get()
    assert WorkflowPage.objects.get(page=index).workflow == workflow
    assert showcase_workflow() == workflow


def test_a_disabled_or_unknown_workflow_is_not_found(db):
    workflow = showcase_workflow()
    workflow.deactivate()
    assert showcase_workflow() is None
    assert workflow_for("no-such-handle") is None


def test_the_recording_migration_finds_a_workflow_renamed_before_it_ran(client, superuser):
    """A site where an administrator renamed the workflow before the handle existed."""
    workflow = showcase_workflow()
    call_command("load_content", stdout=io.StringIO())
    client.force_login(superuser)
    rename_in_admin(client, workflow, "典型展示审核（改名后）")
    WorkflowHandle.objects.all().delete()

    importlib.import_module(RECORDING_MIGRATION).record_showcase_workflow(apps, None)
    assert showcase_workflow() == workflow
