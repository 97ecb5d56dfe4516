"""Who hears what, when an application moves: e-mails queued from Wagtail's workflow signals.

Signals fire inside the action's transaction and an approval can still roll back, so each
mail is recorded as a ``Notification`` in that transaction and sent by Celery after commit.
Wagtail's own workflow mails never reach applicants (see ``staff_only_notifiers``).
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import TaskState

from learning_city.applications.models import CityApplication, Notification, ProvinceReviewer
from learning_city.applications.tasks import send_notification


def queue(application, kind, users, message=""):
    for email in sorted({user.email for user in users if user and user.is_active and user.email}):
        notification = Notification.objects.create(application=application, kind=kind, recipient=email, message=message)
        transaction.on_commit(lambda pk=notification.pk: send_notification.delay(pk))


def _application(workflow_state):
    # Reload: during a final approval the signal's object is the instance from before publishing.
    if workflow_state.base_content_type.model_class() is not CityApplication:
        return None
    return CityApplication.objects.filter(pk=workflow_state.object_id).select_related("applicant").first()


def reviewers_of(task, application):
    stage = getattr(task, "review_stage", "")
    if stage == "province":
        return [
            row.user for row in ProvinceReviewer.objects.filter(province=application.province).select_related("user")
        ]
    if stage in ("ministry", "confirmation"):
        return list(get_user_model().objects.filter(groups__in=task.groups.all()).distinct())
    return []


def on_task_submitted(sender, instance, user=None, **kwargs):
    """Something reached a review queue: tell that step's reviewers (never another province's)."""
    application = _application(instance.workflow_state)
    if application is None:
        return
    task = instance.task.specific
    if task.review_stage == "ministry" and not application.is_recommended_to_ministry():
        return  # the ministry hears of it when the province submits its summary
    queue(application, f"{task.review_stage}_queue", reviewers_of(task, application))


def on_task_approved(sender, instance, user=None, **kwargs):
    application = _application(instance.workflow_state)
    if application is not None and instance.task.specific.review_stage == "province":
        queue(application, "recommended", [application.applicant])


def on_task_rejected(sender, instance, user=None, **kwargs):
    """Changes requested: the reviewer's comment is addressed to the applicant."""
    application = _application(instance.workflow_state)
    if application is not None:
        queue(application, "changes_requested", [application.applicant], message=instance.comment)


def on_workflow_approved(sender, instance, user=None, **kwargs):
    application = _application(instance)
    if application is not None:
        queue(application, "admitted", [application.applicant])


def on_workflow_cancelled(sender, instance, user=None, **kwargs):
    application = _application(instance)
    if application is None:
        return
    decision = application.decision_or_none()
    if decision is not None and not decision.admitted:
        queue(application, "not_admitted", [application.applicant], message=decision.reason)
    elif decision is None:
        # Cancelled outside the review's own actions (an administrator deactivating the workflow):
        # the review stopped without a decision.
        queue(application, "stopped", [application.applicant])


def summary_submitted(items):
    """A province sent its summary: the ministry's reviewers have the newly sent applications in their queue."""
    for item in items:
        state = item.application.current_workflow_task_state
        if state is not None and state.status == TaskState.STATUS_IN_PROGRESS:
            task = state.task.specific
            if task.review_stage == "ministry":
                queue(item.application, "ministry_queue", reviewers_of(task, item.application))
                # "recommended" becomes "under ministry review" for the applicant too
                queue(item.application, "ministry_review", [item.application.applicant])
