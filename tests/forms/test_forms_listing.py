""" "表单 → 全部表单": every form page with its number of submissions and whether it takes answers, each
linking to its submissions and its editor; and the dashboard's recent submissions per form."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learning_city.forms.dashboard import RecentSubmissionsPanel
from learning_city.forms.models import FormEntry
from tests.factories import HomePageFactory, MultiStepFormPageFactory, UserFactory

pytestmark = pytest.mark.django_db


def entries(page, count, status=FormEntry.Status.SUBMITTED, days_ago=0):
    for _number in range(count):
        FormEntry.objects.create(
            page=page,
            user=UserFactory(),
            status=status,
            reference=None if status == FormEntry.Status.DRAFT else f"LC-{FormEntry.objects.count():06d}",
            submitted_at=timezone.now() - timedelta(days=days_ago),
        )


@pytest.fixture
def forms(db):
    home = HomePageFactory()
    open_form = MultiStepFormPageFactory(parent=home, title="学习之星推荐表", slug="stars")
    closed = MultiStepFormPageFactory(
        parent=home, title="2023年申报表", slug="old", closes_at=timezone.now() - timedelta(days=1)
    )
    entries(open_form, 3)
    entries(open_form, 1, status=FormEntry.Status.RETURNED, days_ago=10)
    entries(open_form, 2, status=FormEntry.Status.DRAFT)
    return open_form, closed


def assert_same_queries_with_more_forms(count, home):
    count()  # content types and permissions cached
    before = count()
    for number in range(5):
        entries(MultiStepFormPageFactory(parent=home, title=f"表单{number}", slug=f"form-{number}"), 2)
    assert count() == before


def row_of(html, title):
    return next(row for row in re.findall(r"<tr.*?</tr>", html, re.S) if title in row)


def test_every_form_with_its_submissions_and_state(client, forms, editor):
    open_form, closed = forms
    html = client.get("/admin/forms/").content.decode()
    stars = row_of(html, "学习之星推荐表")
    assert "4 份提交" in stars  # drafts are not submissions
    assert f"/admin/lc_forms/formentry/?page={open_form.pk}" in stars
    assert f"/admin/pages/{open_form.pk}/edit/" in stars
    assert "开放填报" in stars
    old = row_of(html, "2023年申报表")
    assert "0 份提交" in old and "已截止" in old


def test_the_listing_is_for_those_who_edit_pages(client, forms):
    client.force_login(UserFactory(username="reviewer-only", is_staff=True))
    assert client.get("/admin/forms/").status_code in (302, 403)


def test_the_listings_queries_do_not_grow_with_forms(client, forms, editor):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/forms/").status_code == 200
        return len(queries)

    assert_same_queries_with_more_forms(count, forms[0].get_parent())


def test_the_dashboard_counts_recent_submissions_per_form(client, forms, editor):
    open_form, _closed = forms
    html = client.get("/admin/").content.decode()
    panel = html.split('id="recent-submissions', 1)[1]
    row = row_of(panel, "学习之星推荐表")
    assert re.findall(r"<td>(\d+)</td>", row) == ["4", "3"]  # in all, and in the last 7 days
    assert f"?page={open_form.pk}" in row
    assert "2023年申报表" not in panel.split("</section>", 1)[0]  # no submission: not listed


def test_the_recent_submissions_panel_is_for_reviewers_only(client, forms):
    client.force_login(UserFactory(username="plain", is_staff=True, is_superuser=False))
    assert 'id="recent-submissions' not in client.get("/admin/").content.decode()


def test_the_panels_queries_do_not_grow_with_forms(forms, editor):
    def count():
        with CaptureQueriesContext(connection) as queries:
            RecentSubmissionsPanel(editor).render_html({"request": RequestFactory().get("/admin/")})
        return len(queries)

    assert_same_queries_with_more_forms(count, forms[0].get_parent())


def test_a_city_applications_count_does_not_lead_editors_to_entries_they_cannot_read(client, forms, editor):
    applications = MultiStepFormPageFactory(parent=forms[0].get_parent(), title="成员城市申请表", slug="apply")
    type(applications).objects.filter(pk=applications.pk).update(purpose="city_network_application")
    entries(applications, 2)
    row = row_of(client.get("/admin/forms/").content.decode(), "成员城市申请表")
    assert "2 份提交" in row and "由审核人员在“申请”中处理" in row
    assert "/admin/lc_forms/formentry/" not in row
    listing = client.get(f"/admin/lc_forms/formentry/?page={applications.pk}").content.decode()
    for reference in FormEntry.objects.filter(page=applications).values_list("reference", flat=True):
        assert reference not in listing
