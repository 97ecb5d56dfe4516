"""A city application travels province → ministry → membership on Wagtail's workflow engine."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from wagtail.models import TaskState, WorkflowContentType, WorkflowState

from learning_city.applications.models import (
    CityApplication,
    Decision,
    FieldVisit,
    ProvinceReviewTask,
)
from learning_city.applications.models.application import PublicStatus
from learning_city.regions.models import City, NetworkMembership
from tests.applications.conftest import HANGZHOU, act, application_of, send_summary, submitted_entry, task_state_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OPINION = {"opinion": "经核实，同意推荐。", "confirmed_route": "application"}


@pytest.fixture
def applicant(db):
    return UserFactory(username="suzhou-office")


@pytest.fixture
def application(application_page, applicant):
    return application_of(submitted_entry(application_page, applicant))


def submit_summary(application, user):
    return send_summary(application, user)


def test_a_submission_becomes_an_unpublished_application_at_the_provincial_step(application, applicant):
    assert application.live is False
    assert application.province.code == "320000" and application.city.code == "320500"
    assert application.reference == application.entry.reference
    revision = application.get_latest_revision()
    assert revision.user == applicant and revision.content["answers"]["contact_name"] == "张三"
    assert isinstance(task_state_of(application).task.specific, ProvinceReviewTask)
    assert application.public_status() == PublicStatus.PROVINCIAL_REVIEW


def test_without_an_active_workflow_the_submission_fails(application_page, applicant):
    WorkflowContentType.objects.all().delete()
    with pytest.raises(ImproperlyConfigured):
        submitted_entry(application_page, applicant)
    assert not CityApplication.objects.exists()


def test_only_the_applications_province_reviews_it(application, jiangsu_reviewer, zhejiang_reviewer):
    task = task_state_of(application).task.specific
    assert [name for name, _label, _modal in task.get_actions(application, jiangsu_reviewer)] == [
        "approve",
        "reject",
        "decline",
    ]
    assert task.get_actions(application, zhejiang_reviewer) == []
    assert list(task.get_task_states_user_can_moderate(jiangsu_reviewer)) == [task_state_of(application)]
    assert not task.get_task_states_user_can_moderate(zhejiang_reviewer).exists()
    assert task.user_can_access_editor(application, jiangsu_reviewer)
    assert not task.user_can_access_editor(application, zhejiang_reviewer)
    assert task.locked_for_user(application, zhejiang_reviewer)


def test_another_provinces_reviewer_cannot_act_even_when_calling_the_task_directly(application, zhejiang_reviewer):
    for action in ("approve", "reject", "decline"):
        with pytest.raises(PermissionDenied):
            act(application, zhejiang_reviewer, action, **OPINION)
    assert task_state_of(application).status == TaskState.STATUS_IN_PROGRESS


def test_a_task_state_of_another_task_is_refused(application_page, application, jiangsu_reviewer, ministry_reviewer):
    state = task_state_of(application)
    other_task = application.get_workflow().tasks.specific()[1]
    with pytest.raises(PermissionDenied):
        other_task.on_action(state, ministry_reviewer, "approve")


def test_the_ministry_sees_a_recommendation_only_once_the_province_submits_its_summary(
    application, jiangsu_reviewer, ministry_reviewer
):
    act(application, jiangsu_reviewer, "approve", **OPINION)
    assert application.provincial_opinions.get().opinion == "经核实，同意推荐。"
    assert application.public_status() == PublicStatus.RECOMMENDED
    ministry_task = task_state_of(application).task.specific
    assert ministry_task.get_actions(application, ministry_reviewer) == []
    assert not ministry_task.get_task_states_user_can_moderate(ministry_reviewer).exists()
    with pytest.raises(PermissionDenied):
        act(application, ministry_reviewer, "approve")

    summary = submit_summary(application, jiangsu_reviewer)
    assert [item.application for item in summary.items.all()] == [application]
    assert application.public_status() == PublicStatus.MINISTRY_REVIEW
    assert [name for name, *_ in ministry_task.get_actions(application, ministry_reviewer)] == [
        "approve",
        "reject",
        "decline",
        "visit",
    ]
    assert list(ministry_task.get_task_states_user_can_moderate(ministry_reviewer)) == [task_state_of(application)]
    assert ministry_task.get_actions(application, jiangsu_reviewer) == []


def test_confirmation_admits_the_city_and_replaces_its_demonstration_membership(
    application, jiangsu_reviewer, ministry_reviewer
):
    NetworkMembership.objects.create(
        city=application.city, route="application", joined_on=datetime.date(2024, 12, 1), is_demo=True
    )
    act(application, jiangsu_reviewer, "approve", **OPINION)
    submit_summary(application, jiangsu_reviewer)
    act(application, ministry_reviewer, "visit", visited_on=datetime.date(2025, 3, 1), visitors="专家组", findings="好")
    assert FieldVisit.objects.get(application=application).findings == "好"
    act(application, ministry_reviewer, "approve", comment="材料齐全")
    assert application.public_status() == PublicStatus.MINISTRY_REVIEW
    act(application, ministry_reviewer, "approve")

    application.refresh_from_db()
    assert application.live is True
    assert application.public_status() == PublicStatus.ADMITTED
    assert application.decision.admitted and application.decision.decided_by == ministry_reviewer
    membership = NetworkMembership.objects.get(city=application.city)
    assert (membership.is_demo, membership.route, membership.application_reference) == (
        False,
        "application",
        application.reference,
    )
    assert application.latest_workflow_state().status == WorkflowState.STATUS_APPROVED


def test_a_real_member_cannot_be_confirmed_twice(application, jiangsu_reviewer, ministry_reviewer):
    act(application, jiangsu_reviewer, "approve", **OPINION)
    submit_summary(application, jiangsu_reviewer)
    act(application, ministry_reviewer, "approve")
    NetworkMembership.objects.create(city=application.city, route="gnlc", joined_on=datetime.date(2023, 1, 1))
    task = task_state_of(application).task.specific
    assert [name for name, *_ in task.get_actions(application, ministry_reviewer)] == ["decline"]
    with pytest.raises(PermissionDenied):
        act(application, ministry_reviewer, "approve")
    assert application.decision_or_none() is None


def test_a_province_refusal_is_recorded_with_its_reason_and_frees_the_city(
    application_page, application, applicant, jiangsu_reviewer
):
    act(application, jiangsu_reviewer, "decline", reason="材料不全，今年不予推荐。")
    application.refresh_from_db()
    decision = Decision.objects.get(application=application)
    assert (decision.admitted, decision.stage, decision.reason) == (False, "province", "材料不全，今年不予推荐。")
    assert application.is_open is False and application.live is False
    assert application.latest_workflow_state().status == WorkflowState.STATUS_CANCELLED
    assert application.public_status() == PublicStatus.NOT_ADMITTED
    # the city may apply again in the same round
    again = application_of(submitted_entry(application_page, applicant))
    assert again.public_status() == PublicStatus.PROVINCIAL_REVIEW


def test_a_cancelled_review_without_a_decision_has_its_own_status(application, jiangsu_reviewer):
    application.current_workflow_state.cancel(user=jiangsu_reviewer)
    assert application.public_status() == PublicStatus.STOPPED


def test_a_confirmed_direct_join_skips_the_ministry_review(
    application_page, applicant, jiangsu_reviewer, ministry_reviewer
):
    city = City.objects.get(code=HANGZHOU)
    application = application_of(
        submitted_entry(application_page, applicant, city_code=city.code, join_route="已加入全球学习型城市网络")
    )
    assert application.claimed_route == "gnlc" and application.province.code == "330000"
    zhejiang = UserFactory(username="zj")
    application.province.reviewers.create(user=zhejiang)
    act(application, zhejiang, "approve", opinion="属实。", confirmed_route="gnlc")

    skipped = application.latest_workflow_state().task_states.get(task__name="教育部审核")
    assert skipped.status == TaskState.STATUS_SKIPPED
    task = task_state_of(application).task.specific
    assert task.review_stage == "confirmation"
    act(application, ministry_reviewer, "approve")
    assert NetworkMembership.objects.get(city=city).route == "gnlc"
