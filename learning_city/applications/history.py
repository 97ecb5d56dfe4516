"""An application's whole history, from Wagtail's own records and the review records, in time order."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry, TaskState


@dataclass
class Event:
    when: datetime
    who: object
    what: str
    text: str = ""
    for_applicant: bool = False


def _task_states(application):
    states = TaskState.objects.filter(workflow_state__in=application.workflow_states.all()).select_related(
        "task", "finished_by"
    )
    for state in states:
        if state.finished_at and state.status != TaskState.STATUS_IN_PROGRESS:
            yield Event(
                state.finished_at,
                state.finished_by,
                f"{state.task.name}：{state.get_status_display()}",
                state.comment,
                # a request for changes is addressed to the applicant; approvals' notes are staff-only
                for_applicant=state.status == TaskState.STATUS_REJECTED,
            )


def events(application):
    found = [
        Event(revision.created_at, revision.user, _("Submitted (revision %(id)s)") % {"id": revision.pk})
        for revision in application.revisions.select_related("user")
    ]
    found += list(_task_states(application))
    found += [
        Event(entry.timestamp, entry.user, str(entry.message))
        for entry in ModelLogEntry.objects.for_instance(application).select_related("user")
        if entry.action.startswith("wagtail.workflow.")
    ]
    found += [
        Event(opinion.written_at, opinion.written_by, _("Provincial opinion"), opinion.opinion)
        for opinion in application.provincial_opinions.select_related("written_by")
    ]
    found += [
        Event(
            visit.recorded_at,
            visit.recorded_by,
            _("Field visit on %(date)s") % {"date": visit.visited_on},
            f"{visit.visitors}：{visit.findings}",
        )
        for visit in application.field_visits.select_related("recorded_by")
    ]
    decision = application.decision_or_none()
    if decision is not None:
        what = _("Admitted") if decision.admitted else _("Not admitted")
        found.append(Event(decision.decided_at, decision.decided_by, what, decision.reason, for_applicant=True))
    return sorted(found, key=lambda event: event.when)
