"""Where a reviewer's work is: the dashboard lists the applications awaiting them (a province's
reviewer only their province's), and the sidebar's "申请" holds the desk, the applications and the
summaries for those who may open them."""

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.admin.menu import admin_menu

from learning_city.applications.admin_views import ReviewQueuePanel
from tests.applications.conftest import HANGZHOU, JIANGSU, SUZHOU, application_of, reviewer_of, submitted_entry
from tests.factories import UserFactory, editors_group

pytestmark = pytest.mark.django_db


def awaiting(client, user):
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    panel = html.split('aria-labelledby="review-queue-heading"', 1)[1].split("</section>", 1)[0]
    return panel


def sidebar(user):
    """The sidebar's entries for ``user`` as {label: [submenu labels]}, as Wagtail builds them."""
    request = RequestFactory().get("/admin/")
    request.user = user
    entries = {}
    for item in admin_menu.menu_items_for_request(request):
        menu = getattr(item, "menu", None)
        children = sorted(menu.menu_items_for_request(request), key=lambda child: child.order) if menu else []
        entries[str(item.label)] = [str(child.label) for child in children]
    return entries


@pytest.fixture
def applications(application_page):
    return [
        application_of(submitted_entry(application_page, UserFactory(username=f"office-{code}"), city_code=code))
        for code in (SUZHOU, HANGZHOU, "320100")
    ]


def test_a_province_reviewer_sees_their_provinces_applications_awaiting_them(client, applications, jiangsu_reviewer):
    panel = awaiting(client, jiangsu_reviewer)
    suzhou, hangzhou, nanjing = applications
    assert suzhou.reference in panel and nanjing.reference in panel
    assert hangzhou.reference not in panel
    assert f"/admin/review-desk/{suzhou.pk}/" in panel
    assert "<strong>2</strong>" in panel


def test_another_province_and_editors_see_no_foreign_application(client, applications, zhejiang_reviewer):
    suzhou, hangzhou, _nanjing = applications
    panel = awaiting(client, zhejiang_reviewer)
    assert hangzhou.reference in panel and suzhou.reference not in panel
    editor = UserFactory(username="editor")
    editor.groups.add(editors_group())
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "review-queue-heading" not in html and suzhou.reference not in html


def test_the_panels_queries_do_not_grow_with_applications(client, application_page, jiangsu_reviewer):
    def count():
        panel = ReviewQueuePanel(jiangsu_reviewer)
        with CaptureQueriesContext(connection) as queries:
            html = panel.render_html({"request": RequestFactory().get("/admin/")})
        return len(queries), len(re.findall(r"/admin/review-desk/\d+/", html))

    submitted_entry(application_page, UserFactory(username="office-1"), city_code=SUZHOU)
    count()  # content types and permissions cached
    queries, rows = count()
    assert rows == 1
    for number, code in enumerate(("320100", "320200", "320300"), start=2):
        submitted_entry(application_page, UserFactory(username=f"office-{number}"), city_code=code)
    assert count() == (queries, 4)


def test_the_sidebar_per_role(ministry_reviewer, superuser):
    province = reviewer_of(JIANGSU, "jiangsu-desk")
    editor = UserFactory(username="editor")
    editor.groups.add(editors_group())

    assert sidebar(province)["申请"] == ["审核工作台", "省级推荐汇总表（附件2）"]
    assert sidebar(ministry_reviewer)["申请"] == ["审核工作台", "城市申请", "省级推荐汇总表（附件2）"]
    assert sidebar(superuser)["申请"] == ["审核工作台", "城市申请", "省级推荐汇总表（附件2）"]
    assert "申请" not in sidebar(editor)
    # no longer top-level entries of their own
    for user in (province, ministry_reviewer, superuser):
        assert not {"审核工作台", "城市申请"} & set(sidebar(user))

    everything = sidebar(superuser)
    assert everything["表单"] == ["全部表单", "表单提交"]
    assert {"典型展示", "网络成员"} <= set(everything)
    assert everything["地区"] == ["省份", "城市"]

    editor_sees = sidebar(editor)
    assert editor_sees["表单"] == ["全部表单", "表单提交"]
    assert "典型展示" in editor_sees
    assert "表单" not in sidebar(province)
