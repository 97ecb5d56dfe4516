"""The moderation workflow showcase pages go through: an editor submits, a moderator approves.

Migration 0002 creates it under ``WORKFLOW_NAME``; migration 0005 records it under ``HANDLE``, by which the
code finds it, since administrators may rename it in the admin.
"""

from wagtail.models import WorkflowPage

from learning_city.workflows.models import workflow_for

HANDLE = "showcases"
WORKFLOW_NAME = "典型展示发布审核"  # the name it is created with
TASK_NAME = "审核员审核"
MODERATORS = "Moderators"  # the group Wagtail's own migrations create


def showcase_workflow():
    return workflow_for(HANDLE)


def assign_to(index_page):
    """Showcases under ``index_page`` use the showcase workflow (idempotent)."""
    workflow = showcase_workflow()
    if workflow is not None:
        WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
