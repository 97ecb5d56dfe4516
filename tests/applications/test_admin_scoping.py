"""Who sees which application in the admin: a province's reviewers their own province only,
everywhere an application can be reached, Wagtail's own views included."""

import pytest
from wagtail.models import TaskState

from tests.applications.conftest import HANGZHOU, SUZHOU, act, application_of, submitted_entry, task_state_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SNIPPETS = "/admin/snippets/applications/cityapplication"
OPINION = {"opinion": "同意推荐。", "confirmed_route": "application"}


@pytest.fixture
def suzhou(application_page):
    return application_of(submitted_entry(application_page, UserFactory(username="sz"), city_code=SUZHOU))


@pytest.fixture
def hangzhou(application_page):
    return application_of(submitted_entry(application_page, UserFactory(username="hz"), city_code=HANGZHOU))


# Wagtail's admin answers a PermissionDenied with a redirect to the dashboard.
DENIED = (302, 403, 404)


def signed_in(client, user):
    client.force_login(user)
    return client


def test_the_desk_lists_only_the_reviewers_province(client, suzhou, hangzhou, jiangsu_reviewer):
    page = signed_in(client, jiangsu_reviewer).get("/admin/review-desk/").content.decode()
    assert suzhou.reference in page and hangzhou.reference not in page
    assert client.get(f"/admin/review-desk/{suzhou.pk}/").status_code == 200
    assert client.get(f"/admin/review-desk/{hangzhou.pk}/").status_code == 404


def test_the_ministry_sees_every_province(client, suzhou, hangzhou, ministry_reviewer):
    page = signed_in(client, ministry_reviewer).get("/admin/review-desk/").content.decode()
    assert suzhou.reference in page and hangzhou.reference in page
    assert client.get(f"{SNIPPETS}/").status_code == 200
    assert client.get(f"{SNIPPETS}/history/{hangzhou.pk}/").status_code == 200
    assert client.get("/admin/snippets/choose/applications/cityapplication/").status_code == 200


@pytest.mark.parametrize("username", [None, "applicant"])
def test_visitors_and_applicants_never_reach_the_desk(client, suzhou, username):
    if username:
        client.force_login(suzhou.applicant)
    for url in ("/admin/review-desk/", f"/admin/review-desk/{suzhou.pk}/", f"{SNIPPETS}/edit/{suzhou.pk}/"):
        response = client.get(url)
        assert response.status_code in DENIED
        assert suzhou.reference not in response.content.decode()


def test_another_province_reaches_no_object_url(client, suzhou, zhejiang_reviewer):
    signed_in(client, zhejiang_reviewer)
    state = task_state_of(suzhou)
    urls = [
        f"{SNIPPETS}/",
        f"{SNIPPETS}/edit/{suzhou.pk}/",
        f"{SNIPPETS}/inspect/{suzhou.pk}/",
        f"{SNIPPETS}/history/{suzhou.pk}/",
        f"{SNIPPETS}/usage/{suzhou.pk}/",
        f"{SNIPPETS}/workflow_history/{suzhou.pk}/",
        f"{SNIPPETS}/workflow/action/{suzhou.pk}/approve/{state.pk}/",
        f"{SNIPPETS}/lock/{suzhou.pk}/",
        "/admin/snippets/choose/applications/cityapplication/",
    ]
    for url in urls:
        assert client.get(url).status_code in DENIED, url


def test_the_editor_opens_to_a_province_only_while_the_application_is_at_its_step(
    client, suzhou, jiangsu_reviewer, ministry_reviewer
):
    signed_in(client, jiangsu_reviewer)
    assert client.get(f"{SNIPPETS}/edit/{suzhou.pk}/").status_code == 200
    act(suzhou, jiangsu_reviewer, "approve", **OPINION)
    assert client.get(f"{SNIPPETS}/edit/{suzhou.pk}/").status_code in DENIED


def test_a_task_state_of_another_application_is_refused_in_the_action_url(client, suzhou, hangzhou, jiangsu_reviewer):
    """Pairing one's own application's pk with another province's task state id changes nothing."""
    signed_in(client, jiangsu_reviewer)
    other_state = task_state_of(hangzhou)
    response = client.post(f"{SNIPPETS}/workflow/action/{suzhou.pk}/approve/{other_state.pk}/", OPINION)
    assert response.status_code in (302, 403) and response.get("Location") != f"{SNIPPETS}/edit/{suzhou.pk}/"
    assert TaskState.objects.get(pk=other_state.pk).status == TaskState.STATUS_IN_PROGRESS
    assert not hangzhou.provincial_opinions.exists()


def test_recommending_through_the_admin_action_url(client, suzhou, jiangsu_reviewer):
    signed_in(client, jiangsu_reviewer)
    state = task_state_of(suzhou)
    response = client.post(f"{SNIPPETS}/workflow/action/{suzhou.pk}/approve/{state.pk}/", OPINION)
    assert response.status_code == 302
    assert suzhou.provincial_opinions.get().opinion == "同意推荐。"


def test_site_history_and_workflow_reports_show_no_application_to_a_province(client, suzhou, jiangsu_reviewer):
    signed_in(client, jiangsu_reviewer)
    for url in ("/admin/reports/site-history/", "/admin/reports/workflow/", "/admin/reports/workflow_tasks/"):
        response = client.get(url)
        assert suzhou.reference not in response.content.decode() and "苏州市" not in response.content.decode(), url


def test_the_dashboard_queue_of_wagtail_is_scoped(client, suzhou, hangzhou, jiangsu_reviewer):
    page = signed_in(client, jiangsu_reviewer).get("/admin/").content.decode()
    assert "苏州市" in page and "杭州市" not in page
