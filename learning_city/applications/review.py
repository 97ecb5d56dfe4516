"""An application's life outside the reviewers' actions: arrival, resubmission and admission."""

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils import timezone

from learning_city.applications.models import ApplicationRound, CityApplication, Decision, ProvinceReviewTask
from learning_city.applications.models.application import Route
from learning_city.regions.models import City, NetworkMembership

# The join-route question's choices, matched by label so an editor's rewording of the
# keys does not matter (as the nomination purpose maps its answers).
ROUTE_BY_LABEL_WORD = (("全球学习型城市网络", Route.GNLC), ("联盟", Route.ALLIANCE))


def claimed_route(answers):
    answer = answers.get("join_route") or ""
    if answer in Route.values:
        return answer
    for word, route in ROUTE_BY_LABEL_WORD:
        if word in str(answer):
            return route
    return Route.APPLICATION


def city_of(answers):
    code = (answers.get("city") or {}).get("code")
    return City.objects.select_related("province").filter(code=code).first()


def round_for(page):
    application_round, _created = ApplicationRound.objects.get_or_create(
        form_page=page, defaults={"year": timezone.localdate().year, "name": page.title}
    )
    return application_round


def open_application_for(city, page):
    """The application under review for this city in the page's round, if any."""
    return CityApplication.objects.filter(city=city, round__form_page=page, is_open=True).first()


def open_application_of(user, page):
    """The user's application on this page that is still open (under review or admitted)."""
    return (
        CityApplication.objects.filter(applicant=user, round__form_page=page, is_open=True)
        .exclude(decision__admitted=True)
        .select_related("city")
        .first()
    )


def file_manifest(entry):
    """What was attached when the revision was made: reviewers can name a file the city later removed."""
    return [
        {
            "key": item.field_key,
            "name": item.original_name,
            "size": item.size,
            "sha256": item.sha256,
            "caption": item.caption,
            "copyright": item.copyright,
        }
        for item in entry.files.order_by("field_key", "position", "pk")
    ]


def starts_with_province(workflow):
    first = workflow.tasks.filter(active=True).first()
    return first is not None and isinstance(first.specific, ProvinceReviewTask)


def workflow_is_sound():
    """An active workflow is assigned to applications and starts with the provincial review."""
    workflow = CityApplication.get_default_workflow()
    return workflow is not None and workflow.active and starts_with_province(workflow)


def receive(entry):
    """A first submission: the application is created and its review workflow started."""
    city = city_of(entry.answers)
    if city is None:
        raise ValueError(f"entry {entry.pk} names no known city")
    application = CityApplication.objects.create(
        entry=entry,
        applicant=entry.user,
        city=city,
        province_id=city.province_id,
        round=round_for(entry.page),
        reference=entry.reference,
        claimed_route=claimed_route(entry.answers),
        answers=entry.answers,
        form_version_id=entry.version_id,
        file_manifest=file_manifest(entry),
        submitted_at=entry.submitted_at,
        live=False,
    )
    workflow = application.get_workflow()
    if workflow is None or not workflow.active:
        # An application that nobody reviews must not exist: the submission fails instead.
        raise ImproperlyConfigured("No active workflow is assigned to city applications.")
    if not starts_with_province(workflow):
        # The province's step is what keeps each province to its own cities.
        raise ImproperlyConfigured(f"The workflow “{workflow}” must start with a provincial review task.")
    application.save_revision(user=entry.user, log_action=True)
    workflow.start(application, entry.user)
    return application


def resubmit(entry):
    """The applicant sends the same entry back: a new revision, and the workflow resumes where it asked."""
    application = CityApplication.objects.select_for_update().get(entry=entry)
    application.answers = entry.answers
    application.form_version_id = entry.version_id
    application.file_manifest = file_manifest(entry)
    application.submitted_at = timezone.now()
    application.save(update_fields=["answers", "form_version", "file_manifest", "submitted_at"])
    application.save_revision(user=entry.user, log_action=True)
    state = application.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        state.resume(user=entry.user)
    return application


def close_stopped_review(sender, instance, user=None, **kwargs):
    """A review cancelled without a decision (the workflow deactivated in the admin) no longer holds
    the city's place in the round: the city may apply again."""
    if instance.base_content_type.model_class() is CityApplication:
        CityApplication.objects.filter(pk=instance.object_id, decision__isnull=True).update(is_open=False)


def admit(workflow_state, user=None):
    """The final approval: published (admitted), decided, and the city becomes a network member."""
    application = CityApplication.objects.select_for_update().get(pk=workflow_state.object_id)
    if application.city_is_real_member():
        raise PermissionDenied("The city is already a member of the network.")
    application.get_latest_revision().publish(user=user, skip_permission_checks=True)
    Decision.objects.create(application=application, admitted=True, stage=Decision.Stage.MINISTRY, decided_by=user)
    NetworkMembership.objects.filter(city_id=application.city_id, is_demo=True).delete()
    NetworkMembership.objects.create(
        city_id=application.city_id,
        route=application.confirmed_route(),
        joined_on=timezone.localdate(),
        application_reference=application.reference,
    )
    return application
