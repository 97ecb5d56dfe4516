"""Wagtail's own workflow e-mails, for staff only.

Wagtail mails a workflow's requester and a group task's members, in mixed languages, with
links into the admin and the reviewer's comment quoted. Applicants and nominators are
requesters without admin access: they hear from the site's own Chinese notifications instead,
and city applications send none of Wagtail's mails at all (``notifications`` covers them).
Connected under Wagtail's own dispatch ids before ``wagtail.admin`` connects its notifiers, so
Wagtail's connections are ignored (this app comes first in INSTALLED_APPS).
"""

from wagtail.admin import mail
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from learning_city.applications.models import CityApplication


def _content_object(instance):
    state = instance if isinstance(instance, WorkflowState) else instance.workflow_state
    return state.content_object


class StaffOnly:
    def can_handle(self, instance, **kwargs):
        return super().can_handle(instance, **kwargs) and not isinstance(_content_object(instance), CityApplication)

    def get_valid_recipients(self, instance, **kwargs):
        recipients = super().get_valid_recipients(instance, **kwargs)
        return {user for user in recipients if user.has_perm("wagtailadmin.access_admin")}


class TaskSubmitted(StaffOnly, mail.GroupApprovalTaskStateSubmissionEmailNotifier):
    pass


class WorkflowSubmitted(StaffOnly, mail.WorkflowStateSubmissionEmailNotifier):
    pass


class WorkflowRejected(StaffOnly, mail.WorkflowStateRejectionEmailNotifier):
    pass


class WorkflowApproved(StaffOnly, mail.WorkflowStateApprovalEmailNotifier):
    pass


# Module-level: signals keep only weak references to their receivers.
task_submitted_notifier = TaskSubmitted()
workflow_submitted_notifier = WorkflowSubmitted()
workflow_rejected_notifier = WorkflowRejected()
workflow_approved_notifier = WorkflowApproved()


def connect():
    # The dispatch ids are Wagtail's own (wagtail/admin/signal_handlers.py).
    task_submitted.connect(
        task_submitted_notifier, sender=TaskState, dispatch_uid="group_approval_task_submitted_email_notification"
    )
    workflow_submitted.connect(
        workflow_submitted_notifier, sender=WorkflowState, dispatch_uid="workflow_state_submitted_email_notification"
    )
    workflow_rejected.connect(
        workflow_rejected_notifier, sender=WorkflowState, dispatch_uid="workflow_state_rejected_email_notification"
    )
    workflow_approved.connect(
        workflow_approved_notifier, sender=WorkflowState, dispatch_uid="workflow_state_approved_email_notification"
    )
