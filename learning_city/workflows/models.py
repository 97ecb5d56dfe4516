"""A workflow, or a group acting in one, that the code needs is found by a handle, never by its name:
administrators may rename workflows and groups in the admin (the project names its own in Chinese), and
neither Wagtail's ``Workflow`` nor Django's ``Group`` has a field of its own that stays put.

An app records its workflow once, in the data migration that creates it (``record_handle``), and finds it
with ``workflow_for``; groups likewise (``record_group``, ``group_for``). The handle tables are not shown in
the admin.
"""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Workflow


class Handle(models.Model):
    handle = models.SlugField(_("handle"), unique=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.handle


class WorkflowHandle(Handle):
    workflow = models.OneToOneField(Workflow, on_delete=models.CASCADE, related_name="+", verbose_name=_("workflow"))

    class Meta:
        verbose_name = _("workflow handle")
        verbose_name_plural = _("workflow handles")


def workflow_for(handle):
    """The workflow recorded under ``handle`` if it is enabled; None if it is disabled or was never recorded."""
    record = WorkflowHandle.objects.select_related("workflow").filter(handle=handle, workflow__active=True).first()
    return record.workflow if record is not None else None


def record_handle(apps, handle, workflow):
    """For data migrations: remember ``workflow`` (a historical ``Workflow``) under ``handle``.

    The migration calling this depends on ``("workflows", "0001_initial")``.
    """
    apps.get_model("workflows", "WorkflowHandle").objects.update_or_create(
        handle=handle, defaults={"workflow_id": workflow.pk}
    )


def forget_handle(apps, handle):
    """For data migrations, the reverse of ``record_handle``."""
    apps.get_model("workflows", "WorkflowHandle").objects.filter(handle=handle).delete()


class GroupHandle(Handle):
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="+", verbose_name=_("group"))

    class Meta:
        verbose_name = _("group handle")
        verbose_name_plural = _("group handles")


def group_for(handle):
    """The group recorded under ``handle`` ("editors", "moderators", "province-reviewers",
    "ministry-reviewers"); None if it was deleted or never recorded."""
    record = GroupHandle.objects.select_related("group").filter(handle=handle).first()
    return record.group if record is not None else None


def record_group(apps, handle, group):
    """For data migrations: remember ``group`` (a historical ``Group``) under ``handle``."""
    apps.get_model("workflows", "GroupHandle").objects.update_or_create(handle=handle, defaults={"group_id": group.pk})
