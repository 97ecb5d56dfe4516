"""What Wagtail's snippet editor offers on a city application, and what its buttons do.

Nobody holds publish permission on applications, so "Publish" (which would skip the remaining
steps and admit the city) is never offered, and a crafted POST does not publish either. Wagtail
shows "Cancel workflow" to whoever may approve the current step: a review cancelled that way,
without a decision, reads "stopped" to the applicant. An application returned for changes is
resubmitted by the applicant only, never from the editor.
"""

import re

import pytest
from django.core import mail
from wagtail.models import WorkflowState

from learning_city.applications.models.application import PublicStatus
from learning_city.forms.models import FormEntry
from learning_city.regions.models import NetworkMembership
from tests.applications.conftest import act, application_of, send_summary, submitted_entry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SNIPPETS = "/admin/snippets/applications/cityapplication"
OPINION = {"opinion": "同意推荐。", "confirmed_route": "application"}


@pytest.fixture
def applicant(db):
    return UserFactory(username="suzhou-office", email="office@suzhou.example.cn")


@pytest.fixture
def application(application_page, applicant):
    return application_of(submitted_entry(application_page, applicant))


def editor_actions(client, application):
    """The editor's action menu: Wagtail's own items and the workflow's actions."""
    response = client.get(f"{SNIPPETS}/edit/{application.pk}/")
    assert response.status_code == 200, response.get("Location")
    html = response.content.decode()
    own = set(re.findall(r'name="(action-[\w-]+)"', html))
    workflow = set(re.findall(rf"/workflow/(?:collect_action_data|action)/{application.pk}/([\w-]+)/", html))
    return own | workflow


@pytest.mark.parametrize("stage", ["province", "ministry", "confirmation"])
def test_the_ministry_is_never_offered_publish(client, application, jiangsu_reviewer, ministry_reviewer, stage):
    if stage != "province":
        act(application, jiangsu_reviewer, "approve", **OPINION)
        send_summary(application, jiangsu_reviewer)
    if stage == "confirmation":
        act(application, ministry_reviewer, "approve")
    assert not ministry_reviewer.has_perm("applications.publish_cityapplication")
    assert ministry_reviewer.has_perm("applications.change_cityapplication")
    client.force_login(ministry_reviewer)
    offered = editor_actions(client, application)
    assert "action-publish" not in offered
    if stage != "province":
        assert "approve" in offered

    # A crafted "Publish" changes nothing: still unpublished, not decided, not a member.
    client.post(f"{SNIPPETS}/edit/{application.pk}/", {"action-publish": "1"})
    application.refresh_from_db()
    assert application.live is False and application.decision_or_none() is None
    assert not NetworkMembership.objects.filter(city=application.city, is_demo=False).exists()
    assert application.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_the_editor_offers_no_cancel_and_refuses_a_crafted_one(client, application, jiangsu_reviewer):
    client.force_login(jiangsu_reviewer)
    offered = editor_actions(client, application)
    assert {"approve", "reject", "decline"} <= offered
    assert not offered & {"action-cancel-workflow", "action-restart-workflow", "action-submit", "action-publish"}
    client.post(f"{SNIPPETS}/edit/{application.pk}/", {"action-cancel-workflow": "1"})
    assert application.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_a_review_stopped_without_a_decision_has_its_own_status_and_is_told(
    application, applicant, jiangsu_reviewer, django_capture_on_commit_callbacks
):
    """Deactivating the workflow in the admin cancels its reviews: "审核已中止", never "not admitted"."""
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application.current_workflow_state.cancel(user=jiangsu_reviewer)
    application.refresh_from_db()
    assert application.latest_workflow_state().status == WorkflowState.STATUS_CANCELLED
    assert application.decision_or_none() is None and application.live is False
    assert application.public_status() == PublicStatus.STOPPED
    # The applicant is told, like every other change of status.
    assert [message.subject for message in mail.outbox if applicant.email in message.to] == [
        f"您的入网申请审核已中止（{application.reference}）"
    ]


def test_another_province_is_offered_nothing(client, application, zhejiang_reviewer):
    client.force_login(zhejiang_reviewer)
    assert client.get(f"{SNIPPETS}/edit/{application.pk}/").status_code in (302, 403, 404)
    response = client.post(f"{SNIPPETS}/edit/{application.pk}/", {"action-cancel-workflow": "1"})
    assert response.status_code in (302, 403, 404)
    assert application.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_an_application_returned_for_changes_is_resubmitted_by_the_applicant_only(
    client, application, jiangsu_reviewer, ministry_reviewer
):
    act(application, jiangsu_reviewer, "reject", comment="请补充。")
    client.force_login(ministry_reviewer)
    assert "action-submit" not in editor_actions(client, application)

    client.post(f"{SNIPPETS}/edit/{application.pk}/", {"action-submit": "1"})
    application.refresh_from_db()
    assert application.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert application.entry.status == FormEntry.Status.RETURNED
    assert application.public_status() == PublicStatus.CHANGES_REQUESTED
    assert application.current_workflow_state.current_task_state.task.specific.review_stage == "province"
