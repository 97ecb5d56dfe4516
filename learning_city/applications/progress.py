"""What the applicant is told of their application: its status in public words, the way through
the review, and the reviewers' messages addressed to them.

Addressed to the applicant are the comment of a request for changes and the reason of a
refusal. Approvals' comments, provincial opinions, field visits and anything else reviewers
write stay with staff: they are never read here.

Everything works on batches, in a fixed number of queries: "我的申请" lists all of an
applicant's entries at once.
"""

from django.utils.translation import gettext as _
from wagtail.models import TaskState

from learning_city.applications.models import CityApplication
from learning_city.applications.models.application import STAGE_BY_TASK_MODEL, PublicStatus
from learning_city.forms.models import FormEntry
from learning_city.forms.purposes import Message, Progress, Step


def _explanations():
    return {
        PublicStatus.RECEIVED: _("Your application has been received and is waiting for review."),
        PublicStatus.PROVINCIAL_REVIEW: _("The education department of your province is verifying your application."),
        PublicStatus.RECOMMENDED: _(
            "Your province has recommended your application. It reaches the Ministry of Education with the "
            "province's summary of its recommendations."
        ),
        PublicStatus.MINISTRY_REVIEW: _(
            "The Ministry of Education is reviewing your application and may arrange a field visit."
        ),
        PublicStatus.CHANGES_REQUESTED: _(
            "The reviewers have asked for changes. Please revise your application and submit it again; "
            "its reference stays the same and the review continues where it stopped."
        ),
        PublicStatus.ADMITTED: _("Your city has been admitted to the national learning city network."),
        PublicStatus.NOT_ADMITTED: _("Your application was not admitted. The reason is given below."),
        PublicStatus.STOPPED: _(
            "The review of your application has been stopped. Please contact the education department of your province."
        ),
    }


def _path():
    """The stages every application passes, in order, before the decision."""
    return (
        _("Received"),
        _("Provincial review"),
        _("Provincial recommendation"),
        _("Ministry review"),
    )


# Where on the path each status stands while the review goes on.
POSITION = {
    PublicStatus.RECEIVED: 0,
    PublicStatus.PROVINCIAL_REVIEW: 1,
    PublicStatus.RECOMMENDED: 2,
    PublicStatus.MINISTRY_REVIEW: 3,
}
# The stage a request for changes or a stop came from, by the current task's stage.
POSITION_BY_STAGE = {"province": 1, "ministry": 3, "confirmation": 3}


def steps_for(status, stage=None, decided_by=None):
    """The step indicator: the path up to the decision, each step done, current or to come.

    ``stage`` is the current task's stage (province, ministry, confirmation), ``decided_by`` the
    stage of a decision (province, ministry)."""
    path = _path()
    if status == PublicStatus.ADMITTED:
        return tuple(Step(label, "done") for label in path) + (Step(_("Admitted"), "done"),)
    if status == PublicStatus.NOT_ADMITTED:
        # A refusal ends the path where it was made: a province's refusal never reached the ministry.
        reached = path[:2] if decided_by == "province" else path
        return tuple(Step(label, "done") for label in reached) + (Step(_("Not admitted"), "done"),)
    if status in POSITION:
        position, state = POSITION[status], "current"
    else:
        position = POSITION_BY_STAGE.get(stage, 0)
        state = "changes" if status == PublicStatus.CHANGES_REQUESTED else "stopped"
    steps = [Step(label, "done" if number < position else "upcoming") for number, label in enumerate(path)]
    steps[position] = Step(path[position], state)
    return (*steps, Step(_("Decision"), "upcoming"))


def _request_title(stage):
    if stage == "province":
        return _("Changes requested by the provincial review")
    return _("Changes requested by the ministry review")


def applicant_messages(applications):
    """``{application.pk: [Message]}``, newest first: every request for changes with a comment, and
    a refusal's reason. Two queries at most, whatever the number of applications (the decision is
    read from ``application.decision``: load it with ``select_related("decision")``)."""
    applications = list(applications)
    found = {application.pk: [] for application in applications}
    if not applications:
        return found
    requests = (
        TaskState.objects.filter(
            status=TaskState.STATUS_REJECTED,
            workflow_state__base_content_type__app_label="applications",
            workflow_state__base_content_type__model="cityapplication",
            workflow_state__object_id__in=[str(pk) for pk in found],
        )
        .exclude(comment="")
        .select_related("workflow_state", "task__content_type")
    )
    for request in requests:
        stage = STAGE_BY_TASK_MODEL.get(request.task.content_type.model)
        found[int(request.workflow_state.object_id)].append(
            Message(_request_title(stage), request.comment, request.finished_at)
        )
    for application in applications:
        decision = application.decision_or_none()
        if decision is not None and not decision.admitted and decision.reason:
            found[application.pk].append(
                Message(_("Reason the application was not admitted"), decision.reason, decision.decided_at)
            )
    for messages in found.values():
        messages.sort(key=lambda message: message.at, reverse=True)
    return found


def progress(entries):
    """The purpose's ``progress`` hook: ``{entry.pk: Progress}`` for the entries that have an
    application, in three queries whatever their number."""
    by_entry = {entry.pk: entry for entry in entries}
    applications = list(
        CityApplication.objects.with_status().filter(entry_id__in=by_entry).select_related("city__province", "decision")
    )
    messages = applicant_messages(applications)
    explanations = _explanations()
    found = {}
    for application in applications:
        status = PublicStatus(application.public_status())
        decision = application.decision_or_none()
        entry = by_entry[application.entry_id]
        found[entry.pk] = Progress(
            status=status.value,
            label=str(status.label),
            explanation=explanations[status],
            subject=f"{application.city.province.name} {application.city.name}",
            steps=steps_for(
                status,
                stage=STAGE_BY_TASK_MODEL.get(application.task_model),
                decided_by=decision.stage if decision else None,
            ),
            messages=tuple(messages[application.pk]),
            can_resubmit=entry.status == FormEntry.Status.RETURNED,
        )
    return found
