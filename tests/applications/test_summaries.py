"""Attachment 2: the province orders its recommendations and sends them; reminders before the deadline."""

import datetime

import pytest
from django.core import mail

from learning_city.applications.models import DeadlineReminder, ProvincialRecommendation
from learning_city.applications.reminders import send_due_reminders
from tests.applications.conftest import act, application_of, send_summary, submitted_entry, task_state_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
OPINION = {"opinion": "同意推荐。", "confirmed_route": "application"}
SUZHOU, WUXI, NANJING = "320500", "320200", "320100"


@pytest.fixture
def recommended(application_page, jiangsu_reviewer):
    applications = []
    for code in (SUZHOU, WUXI, NANJING):
        application = application_of(submitted_entry(application_page, UserFactory(), city_code=code))
        act(application, jiangsu_reviewer, "approve", **OPINION)
        applications.append(application)
    return applications


def summary_page(client, summary):
    return client.get(f"/admin/review-desk/summaries/{summary.pk}/").content.decode()


def cities_in_order(summary):
    return [item.application.city.name for item in summary.items.order_by("sort_order")]


def test_the_province_orders_and_sends_its_summary(client, recommended, jiangsu_reviewer, ministry_reviewer):
    summary = ProvincialRecommendation.objects.get()
    assert cities_in_order(summary) == ["苏州市", "无锡市", "南京市"]
    client.force_login(jiangsu_reviewer)
    url = f"/admin/review-desk/summaries/{summary.pk}/"
    nanjing_row = summary.items.get(application=recommended[2])
    client.post(url, {"move": f"{nanjing_row.pk}:up", "department": "", "filled_in_by": "", "contact": ""})
    client.post(url, {"move": f"{nanjing_row.pk}:up", "department": "", "filled_in_by": "", "contact": ""})
    assert cities_in_order(summary) == ["南京市", "苏州市", "无锡市"]

    # sending needs the header filled in
    client.post(url, {"submit": "1", "department": "", "filled_in_by": "", "contact": ""})
    summary.refresh_from_db()
    assert not summary.is_submitted
    mail.outbox.clear()
    response = client.post(
        url, {"submit": "1", "department": "江苏省教育厅", "filled_in_by": "李四", "contact": "025-83335555"}
    )
    assert response.status_code == 302
    summary.refresh_from_db()
    assert summary.is_submitted and summary.submitted_by == jiangsu_reviewer
    # once sent it is read-only, and the ministry has the applications in its queue
    client.post(url, {"move": f"{nanjing_row.pk}:down", "department": "x", "filled_in_by": "x", "contact": "x"})
    assert cities_in_order(summary) == ["南京市", "苏州市", "无锡市"]
    ministry_task = task_state_of(recommended[0]).task.specific
    assert ministry_task.get_task_states_user_can_moderate(ministry_reviewer).count() == 3


def test_another_province_and_the_ministry_cannot_change_a_summary(
    client, recommended, zhejiang_reviewer, ministry_reviewer
):
    summary = ProvincialRecommendation.objects.get()
    client.force_login(zhejiang_reviewer)
    assert client.get(f"/admin/review-desk/summaries/{summary.pk}/").status_code == 404
    assert "江苏省" not in client.get("/admin/review-desk/summaries/").content.decode()
    client.force_login(ministry_reviewer)
    assert "苏州市" in summary_page(client, summary)
    response = client.post(
        f"/admin/review-desk/summaries/{summary.pk}/",
        {"submit": "1", "department": "x", "filled_in_by": "x", "contact": "x"},
    )
    assert response.status_code in (302, 403)
    summary.refresh_from_db()
    assert not summary.is_submitted


def test_reminders_go_to_provinces_with_work_once_a_day(application_page, jiangsu_reviewer, zhejiang_reviewer):
    application = application_of(submitted_entry(application_page, UserFactory()))
    application.round.provincial_deadline = datetime.date(2024, 12, 10)
    application.round.save()
    mail.outbox.clear()

    assert send_due_reminders(today=datetime.date(2024, 12, 5)) == 0  # 5 days before: not a reminder day
    assert send_due_reminders(today=datetime.date(2024, 12, 7)) == 1  # 3 days before
    assert send_due_reminders(today=datetime.date(2024, 12, 7)) == 0  # never twice a day
    assert [message.to for message in mail.outbox] == [[jiangsu_reviewer.email]]
    assert "12月10日截止" in mail.outbox[0].subject

    assert send_due_reminders(today=datetime.date(2024, 12, 12)) == 1
    assert "已逾期" in mail.outbox[-1].subject and "逾期2天" in mail.outbox[-1].body
    assert DeadlineReminder.objects.filter(overdue=True).count() == 1

    # once the province has recommended and sent its summary, it has no work left
    act(application, jiangsu_reviewer, "approve", **OPINION)
    send_summary(application, jiangsu_reviewer)
    assert send_due_reminders(today=datetime.date(2024, 12, 13)) == 0


def test_the_dashboard_shows_the_reviewers_queue(client, application_page, jiangsu_reviewer):
    application_of(submitted_entry(application_page, UserFactory()))
    client.force_login(jiangsu_reviewer)
    page = client.get("/admin/").content.decode()
    assert "审核工作台" in page and "待您审核的入网申请：<strong>1</strong>" in page


def test_exports_are_for_the_province_and_the_ministry_only(
    client, recommended, jiangsu_reviewer, zhejiang_reviewer, ministry_reviewer
):
    summary = ProvincialRecommendation.objects.get()
    urls = [f"/admin/review-desk/summaries/{summary.pk}/export.{kind}" for kind in ("xlsx", "pdf", "zip")]
    urls.append(f"/admin/review-desk/{recommended[0].pk}/application.pdf")
    for user in (jiangsu_reviewer, ministry_reviewer):
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["Content-Disposition"].startswith("attachment")
            assert "no-store" in response["Cache-Control"]
    client.force_login(zhejiang_reviewer)
    for url in urls:
        assert client.get(url).status_code == 404, url
    client.force_login(recommended[0].applicant)
    for url in urls:
        assert client.get(url).status_code in (302, 403), url


def test_a_late_recommendation_waits_for_the_provinces_next_send(
    client, application_page, recommended, jiangsu_reviewer, ministry_reviewer
):
    summary = ProvincialRecommendation.objects.get()
    client.force_login(jiangsu_reviewer)
    header = {"department": "江苏省教育厅", "filled_in_by": "李四", "contact": "025-83335555"}
    client.post(f"/admin/review-desk/summaries/{summary.pk}/", {"submit": "1", **header})
    late = application_of(submitted_entry(application_page, UserFactory(), city_code="320400"))
    act(late, jiangsu_reviewer, "approve", **OPINION)

    summary.refresh_from_db()
    assert not summary.is_submitted and summary.has_unsent_rows()
    ministry_task = task_state_of(late).task.specific
    assert ministry_task.get_actions(late, ministry_reviewer) == []
    assert ministry_task.get_task_states_user_can_moderate(ministry_reviewer).count() == 3
    assert "有新推荐的申请待报送" in summary_page(client, summary)

    client.post(f"/admin/review-desk/summaries/{summary.pk}/", {"submit": "1", **header})
    assert ministry_task.get_task_states_user_can_moderate(ministry_reviewer).count() == 4
    assert cities_in_order(summary)[-1] == "常州市"
