"""The moderation workflow showcase pages go through: an editor submits, a moderator approves."""

WORKFLOW_NAME = "典型展示发布审核"
TASK_NAME = "审核员审核"
MODERATORS = "Moderators"  # the group Wagtail's own migrations create


def showcase_workflow():
    from wagtail.models import Workflow

    return Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()


def assign_to(index_page):
    """Showcases under ``index_page`` use the showcase workflow (idempotent)."""
    from wagtail.models import WorkflowPage

    workflow = showcase_workflow()
    if workflow is not None:
        WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
