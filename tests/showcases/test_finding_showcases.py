""" "典型展示" in the sidebar lists every showcase, filterable by moderation, and the dashboard lists
those awaiting moderation to those who may edit them."""

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from learning_city.showcases.models import ShowcaseIndexPage
from learning_city.showcases.moderation import ShowcasesToModeratePanel
from tests.factories import UserFactory, editors_group, make_showcase

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, without_demo_showcases):
    user = UserFactory(username="editor", first_name="小", last_name="王")
    user.groups.add(editors_group())
    client.force_login(user)
    return user


def submit_for_moderation(page, user):
    page.save_revision(user=user)
    return page.get_workflow().start(page, user)


@pytest.fixture
def showcases(editor):
    index = ShowcaseIndexPage.objects.get()
    waiting = make_showcase(index, "brand", "320500", 2024, title="苏州社区教育云课堂")
    submit_for_moderation(waiting, editor)
    published = make_showcase(index, "star", "330100", 2023, title="杭州百姓学习之星")
    return waiting, published


def test_the_listing_shows_every_showcase_with_its_city_and_filters_by_moderation(client, showcases):
    html = client.get("/admin/showcases/").content.decode()
    assert "苏州社区教育云课堂" in html and "杭州百姓学习之星" in html and "苏州市" in html
    waiting = client.get("/admin/showcases/", {"moderation": "in_progress"}).content.decode()
    assert "苏州社区教育云课堂" in waiting and "杭州百姓学习之星" not in waiting


def test_the_dashboard_lists_showcases_awaiting_moderation(client, showcases):
    waiting, _published = showcases
    html = client.get("/admin/").content.decode()
    panel = html.split('id="showcases-to-moderate', 1)[1]
    assert "苏州社区教育云课堂" in panel and f"/admin/pages/{waiting.pk}/edit/" in panel
    assert "杭州百姓学习之星" not in panel.split("</section>", 1)[0]
    assert "审核员审核" in panel  # the task it waits in


def test_people_without_page_rights_see_neither(client, showcases):
    client.force_login(UserFactory(username="reviewer", is_staff=True, is_superuser=False))
    assert 'id="showcases-to-moderate' not in client.get("/admin/").content.decode()
    assert client.get("/admin/showcases/").status_code in (302, 403)


def test_queries_do_not_grow_with_showcases(client, showcases, editor):
    index = ShowcaseIndexPage.objects.get()

    def count():
        with CaptureQueriesContext(connection) as listing:
            assert client.get("/admin/showcases/").status_code == 200
        with CaptureQueriesContext(connection) as panel:
            html = ShowcasesToModeratePanel(editor).render_html({"request": RequestFactory().get("/admin/")})
        return len(listing), len(panel), len(re.findall(r"/admin/pages/\d+/edit/", html))

    count()
    listing, panel, rows = count()
    for number in range(4):
        submit_for_moderation(make_showcase(index, "brand", "320500", 2020 + number), editor)
    assert count() == (listing, panel, rows + 4)
