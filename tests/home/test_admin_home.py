"""The dashboard's drafts, and the home page named "首页" in the page explorer while the site keeps its
name as the browser title and heading."""

import importlib
import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from home.dashboard import DraftsPanel
from home.models import HomePage
from learning_city.showcases.models import NetworkPage
from tests.factories import GuidePageFactory, HomePageFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_drafts_list_pages_with_unpublished_changes(client, editor):
    home = HomePageFactory()
    changed = GuidePageFactory(parent=home, title="指南（修订中）", slug="guide-draft")
    changed.title = "指南（新标题）"
    changed.save_revision(user=editor)
    GuidePageFactory(parent=home, title="已发布的页面", slug="published")
    html = client.get("/admin/").content.decode()
    panel = html.split('id="drafts', 1)[1].split("</section>", 1)[0]
    assert "指南（新标题）" in panel and f"/admin/pages/{changed.pk}/edit/" in panel
    assert "已发布，有新的草稿" in panel and "已发布的页面" not in panel


def test_no_drafts_panel_without_page_rights(client):
    client.force_login(UserFactory(username="plain", is_staff=True))
    assert 'id="drafts' not in client.get("/admin/").content.decode()


def test_the_drafts_panels_queries_do_not_grow(editor):
    home = HomePageFactory()

    def count():
        with CaptureQueriesContext(connection) as queries:
            html = DraftsPanel(editor).render_html({"request": RequestFactory().get("/admin/")})
        return len(queries), len(re.findall(r"/admin/pages/\d+/edit/", html))

    def draft(number):
        page = GuidePageFactory(parent=home, slug=f"guide-{number}")
        page.save_revision(user=editor)

    draft(0)
    count()
    queries, rows = count()
    for number in range(1, 5):
        draft(number)
    assert count() == (queries, rows + 4)


def test_the_loaded_home_page_is_首页_in_the_explorer(client, site_content):
    home = HomePage.objects.get()
    assert home.title == "首页" and home.seo_title == "全国学习型城市网络"
    assert NetworkPage.objects.get().title == "全国学习型城市网络"
    html = client.get("/").content.decode()
    assert "<title>\n    全国学习型城市网络" in html or re.search(r"<title>\s*全国学习型城市网络", html)
    assert re.search(r'<h1 class="hero__title">全国学习型城市网络</h1>', html)


def test_the_migration_renames_a_home_page_still_titled_as_shipped(site_content):
    home = HomePage.objects.get()
    HomePage.objects.filter(pk=home.pk).update(
        title="全国学习型城市网络", draft_title="全国学习型城市网络", seo_title=""
    )
    revision = home.latest_revision
    revision.content.update(title="全国学习型城市网络", seo_title="")
    revision.save()
    migration = importlib.import_module("home.migrations.0003_home_page_title")
    migration.forwards(apps, None)
    home.refresh_from_db()
    assert (home.title, home.draft_title, home.seo_title) == ("首页", "首页", "全国学习型城市网络")
    assert home.latest_revision.content["title"] == "首页"
    # an editor's own title stays
    HomePage.objects.filter(pk=home.pk).update(title="学习型城市")
    migration.forwards(apps, None)
    assert HomePage.objects.get().title == "学习型城市"
    call_command("load_content", stdout=io.StringIO())
    assert HomePage.objects.get().title == "学习型城市"
