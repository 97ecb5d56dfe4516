"""The workflow's steps as Wagtail tasks.

Wagtail's workflow action URL carries the object's pk and the task state's id separately and
checks permissions against the pk, so every action here checks the acting user against the
application of the task state it was given, not only in ``get_actions``.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Task, TaskState

from learning_city.applications.action_forms import (
    ApproveForm,
    ChangesForm,
    DeclineForm,
    FieldVisitForm,
    RecommendForm,
)
from learning_city.applications.models.application import DIRECT_ROUTES, CityApplication
from learning_city.applications.models.records import (
    Decision,
    FieldVisit,
    ProvincialOpinion,
    ProvincialRecommendation,
    RecommendationItem,
)
from learning_city.applications.models.reviewers import reviewed_province_ids, reviews_province
from learning_city.forms import entries


def _applications_task_states(task, applications):
    """In-progress task states of ``task`` whose application is in ``applications`` (a queryset)."""
    # WorkflowState.object_id is a char field: compare it with the pk as text (PostgreSQL insists).
    pks = applications.annotate(pk_text=Cast("pk", models.CharField())).values("pk_text")
    return task.task_states.filter(
        status=TaskState.STATUS_IN_PROGRESS,
        workflow_state__base_content_type=ContentType.objects.get_for_model(CityApplication),
        workflow_state__object_id__in=pks,
    )


class ApplicationTaskMixin:
    """What the three review steps share: who may act, checked on the task state's own application."""

    review_stage = ""

    def may_act(self, user, application):
        raise NotImplementedError

    def actions_for(self, application):
        """This step's actions (name, label, asks for data), for a user who may act on ``application``."""
        raise NotImplementedError

    def get_actions(self, obj, user):
        if not isinstance(obj, CityApplication) or not self.may_act(user, obj):
            return []
        return self.actions_for(obj)

    def user_can_access_editor(self, obj, user):
        return isinstance(obj, CityApplication) and self.may_act(user, obj)

    def locked_for_user(self, obj, user):
        return not self.user_can_access_editor(obj, user)

    def application_of(self, task_state, user):
        """The task state's application, once the user is allowed to act on it now."""
        if task_state.task_id != self.pk or task_state.status != TaskState.STATUS_IN_PROGRESS:
            raise PermissionDenied
        application = task_state.workflow_state.content_object
        if not isinstance(application, CityApplication) or not self.may_act(user, application):
            raise PermissionDenied
        return application

    forms_by_action = {"approve": ApproveForm, "reject": ChangesForm, "decline": DeclineForm}

    def get_form_for_action(self, action):
        return self.forms_by_action.get(action) or super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        application = self.application_of(task_state, user)
        if action_name not in {name for name, _label, _modal in self.get_actions(application, user)}:
            raise PermissionDenied
        return getattr(self, f"act_{action_name}")(task_state, application, user, **kwargs)

    def act_approve(self, task_state, application, user, comment="", **kwargs):
        task_state.approve(user=user, comment=comment)

    def act_reject(self, task_state, application, user, comment="", **kwargs):
        """Request changes: the workflow waits, and the applicant's entry opens for editing again."""
        task_state.reject(user=user, comment=comment)
        entries.reopen(application.entry)

    def act_decline(self, task_state, application, user, reason="", **kwargs):
        """A refusal: recorded with its reason, and the workflow ends without approval."""
        Decision.objects.create(
            application=application, admitted=False, stage=self.decision_stage, reason=reason, decided_by=user
        )
        workflow_state = task_state.workflow_state
        workflow_state.cancel(user=user)
        type(task_state).objects.filter(pk=task_state.pk).update(comment=reason)
        CityApplication.objects.filter(pk=application.pk).update(is_open=False)


class ProvinceReviewTask(ApplicationTaskMixin, Task):
    """Provincial verification and recommendation, by the reviewers of the application's province only.

    Not a group task: Wagtail mails every member of a group task's groups, which would reach
    every province's reviewers. Who reviews which province is ``ProvinceReviewer``.
    """

    review_stage = "province"
    decision_stage = Decision.Stage.PROVINCE
    forms_by_action = {**ApplicationTaskMixin.forms_by_action, "approve": RecommendForm}

    class Meta:
        verbose_name = _("provincial review task")
        verbose_name_plural = _("provincial review tasks")

    @classmethod
    def get_description(cls):
        return _("Reviewers of the application's province verify it and recommend it, or not")

    def may_act(self, user, application):
        return user.is_active and reviews_province(user, application.province_id)

    def actions_for(self, application):
        return [
            ("approve", _("Recommend"), True),
            ("reject", _("Request changes"), True),
            ("decline", _("Do not recommend"), True),
        ]

    def act_approve(self, task_state, application, user, opinion="", confirmed_route="", **kwargs):
        """Recommend: part 6 of the form is written, and the application joins the province's summary."""
        ProvincialOpinion.objects.create(
            application=application, opinion=opinion, confirmed_route=confirmed_route, written_by=user
        )
        summary, _created = ProvincialRecommendation.objects.get_or_create(
            province_id=application.province_id, round_id=application.round_id
        )
        rows = RecommendationItem.objects.filter(recommendation=summary)
        if not rows.filter(application=application).exists():
            RecommendationItem.objects.create(recommendation=summary, application=application, sort_order=rows.count())
        task_state.approve(user=user, comment="")

    def get_task_states_user_can_moderate(self, user, **kwargs):
        provinces = reviewed_province_ids(user)
        if not provinces or not user.is_active:
            return TaskState.objects.none()
        return _applications_task_states(self, CityApplication.objects.filter(province_id__in=provinces))


class MinistryGroupTask(ApplicationTaskMixin, AbstractGroupApprovalTask):
    """A step for the ministry's reviewers (the task's groups, chosen in the admin)."""

    decision_stage = Decision.Stage.MINISTRY

    class Meta:
        abstract = True

    def is_ministry_reviewer(self, user):
        return user.is_active and (user.is_superuser or self._user_in_groups(user))

    def may_act(self, user, application):
        return self.is_ministry_reviewer(user)

    def moderated_applications(self):
        """The applications whose in-progress states of this step appear in the ministry's queue."""
        return CityApplication.objects.all()

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if not self.is_ministry_reviewer(user):
            return TaskState.objects.none()
        return _applications_task_states(self, self.moderated_applications())

    def user_can_lock(self, obj, user):
        return self.user_can_access_editor(obj, user)


class MinistryReviewTask(MinistryGroupTask):
    """The ministry's review, possibly with a field visit; it opens once the province has sent its summary."""

    review_stage = "ministry"
    forms_by_action = {**ApplicationTaskMixin.forms_by_action, "visit": FieldVisitForm}

    class Meta:
        verbose_name = _("ministry review task")
        verbose_name_plural = _("ministry review tasks")

    @classmethod
    def get_description(cls):
        return _("Ministry reviewers examine recommended applications, may visit, and pass them to confirmation")

    def start(self, workflow_state, user=None):
        application = workflow_state.content_object
        if application.confirmed_route() not in DIRECT_ROUTES:
            return super().start(workflow_state, user=user)
        # A confirmed direct join needs no ministry review. Built without ``task_submitted``,
        # so nobody is told that something awaits a review that will never happen.
        state = self.get_task_state_class()(workflow_state=workflow_state, task=self)
        state.status = TaskState.STATUS_SKIPPED
        state.revision = application.get_latest_revision()
        state.finished_at = timezone.now()
        state.comment = str(_("Direct join confirmed by the province: no ministry review."))
        state.save()
        return state

    def may_act(self, user, application):
        return super().may_act(user, application) and application.is_recommended_to_ministry()

    def actions_for(self, application):
        return [
            ("approve", _("Pass"), True),
            ("reject", _("Request changes"), True),
            ("decline", _("Do not admit"), True),
            ("visit", _("Record a field visit"), True),
        ]

    def act_visit(self, task_state, application, user, visited_on=None, visitors="", findings="", **kwargs):
        """A field visit is recorded; the review stays open."""
        FieldVisit.objects.create(
            application=application, visited_on=visited_on, visitors=visitors, findings=findings, recorded_by=user
        )

    def moderated_applications(self):
        return CityApplication.objects.filter(recommendation_items__sent_at__isnull=False)


class MembershipConfirmationTask(MinistryGroupTask):
    """The final step: the ministry confirms membership, and the city joins the network."""

    review_stage = "confirmation"

    class Meta:
        verbose_name = _("membership confirmation task")
        verbose_name_plural = _("membership confirmation tasks")

    @classmethod
    def get_description(cls):
        return _("Ministry reviewers confirm membership; the city then joins the network")

    def actions_for(self, application):
        actions = [("decline", _("Do not admit"), True)]
        if not application.city_is_real_member():
            actions.insert(0, ("approve", _("Confirm membership"), True))
        return actions
