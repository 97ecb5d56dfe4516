from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from learning_city.forms import purposes


class ApplicationsConfig(AppConfig):
    name = "learning_city.applications"
    label = "applications"
    verbose_name = _("City applications")

    def ready(self):
        # Imported here: these modules import models, which are loaded only now.
        from wagtail.models import WorkflowState
        from wagtail.signals import task_approved, task_rejected, task_submitted, workflow_approved, workflow_cancelled

        from learning_city.applications import notifications, review, wagtail_notifiers
        from learning_city.applications.purpose import CITY_NETWORK_APPLICATION

        purposes.register(CITY_NETWORK_APPLICATION)
        wagtail_notifiers.connect()
        task_submitted.connect(notifications.on_task_submitted, dispatch_uid="applications_task_submitted")
        task_approved.connect(notifications.on_task_approved, dispatch_uid="applications_task_approved")
        task_rejected.connect(notifications.on_task_rejected, dispatch_uid="applications_task_rejected")
        workflow_approved.connect(
            notifications.on_workflow_approved, sender=WorkflowState, dispatch_uid="applications_workflow_approved"
        )
        workflow_cancelled.connect(
            notifications.on_workflow_cancelled, sender=WorkflowState, dispatch_uid="applications_workflow_cancelled"
        )
        workflow_cancelled.connect(
            review.close_stopped_review, sender=WorkflowState, dispatch_uid="applications_close_stopped_review"
        )
