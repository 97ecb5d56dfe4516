"""Pages' content blocks kept for anonymous page-cache misses (config/cache/content.py): the same page
without the database, purged with the page, never for a signed-in user, a preview or a CSRF token."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from config.cache import content
from home.models import HomePage
from learning_city.guide.models import GuidePage, GuidePhase, TaskPage
from learning_city.regions.models import City, NetworkMembership
from learning_city.showcases.models import ShowcaseIndexPage
from tests.factories import UserFactory, make_showcase

PAGES = ["/", "/guide/", "/guide/community-and-elderly-education/", "/showcases/?type=brand", "/network/"]


@pytest.fixture
def content_cache(settings, site_content):
    # The page cache stays off: every request below is one it would not have answered.
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False, "CONTENT": True}
    caches["pages"].clear()


def visit(path, tag):
    """``path`` with a campaign's tag, a parameter no page is kept for."""
    return f"{path}{'&' if '?' in path else '?'}utm_source={tag}"


def queries_and_body(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured.captured_queries), response.content.decode()


def kept(client, path):
    """True when ``path``'s content came from the cache the second time (no query at all)."""
    client.get(visit(path, "first"))
    count, _ = queries_and_body(client, visit(path, "second"))
    return count == 0


@pytest.mark.parametrize("path", PAGES)
def test_a_page_cache_miss_gets_the_same_page_without_the_database(client, content_cache, settings, path):
    made_count, made = queries_and_body(client, visit(path, "wechat"))
    again_count, again = queries_and_body(client, visit(path, "weibo"))
    assert made_count > 0 and again_count == 0
    assert again == made
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "CONTENT": False}
    assert queries_and_body(client, visit(path, "qq"))[1] == made  # as the page is made from the database


def test_filters_and_page_numbers_are_part_of_the_key(client, content_cache):
    index = ShowcaseIndexPage.objects.get()
    make_showcase(index, "brand", title="品牌项目甲")
    make_showcase(index, "star", title="学习之星乙")
    brand = client.get(visit("/showcases/?type=brand", "a")).content.decode()
    star = client.get(visit("/showcases/?type=star", "a")).content.decode()
    assert "品牌项目甲" in brand and "学习之星乙" not in brand
    assert "学习之星乙" in star and "品牌项目甲" not in star


def test_page_links_keep_the_filters_and_drop_the_other_parameters(client, content_cache):
    index = ShowcaseIndexPage.objects.get()
    for number in range(index.per_page + 1):
        make_showcase(index, "brand", title=f"品牌{number}")
    body = client.get(visit("/showcases/?type=brand", "campaign-42")).content.decode()
    assert "page=2" in body and "type=brand" in body
    assert "campaign-42" not in body  # not in the kept content another visitor will be given


def test_publishing_an_edit_is_seen_on_the_next_request(client, content_cache):
    assert kept(client, "/guide/")
    guide = GuidePage.objects.get()
    guide.title = "新时代学习型城市建设指南（修订）"
    guide.save_revision().publish()
    assert "（修订）" in client.get(visit("/guide/", "after")).content.decode()


def test_a_published_showcase_reaches_the_index_its_task_and_home(client, content_cache):
    task = TaskPage.objects.get(number=2)
    paths = ["/showcases/?type=city", task.url, "/"]
    for path in paths:
        assert kept(client, path), path
    showcase = make_showcase(ShowcaseIndexPage.objects.get(), "city", "320500", 2024, [task], title="苏州学习型城市")
    showcase.save_revision().publish()
    assert "苏州学习型城市" in client.get(visit("/showcases/?type=city", "after")).content.decode()
    assert "苏州学习型城市" in client.get(visit(task.url, "after")).content.decode()


def test_a_membership_change_reaches_the_network_page(client, content_cache):
    assert kept(client, "/network/")
    NetworkMembership.objects.create(
        city=City.objects.get(code="320500"), route="application", joined_on=datetime.date(2025, 1, 1)
    )
    assert "苏州" in client.get(visit("/network/", "after")).content.decode()


def test_a_signed_in_user_gets_the_content_as_the_database_has_it(client, content_cache):
    assert kept(client, "/")
    phase = GuidePhase.objects.order_by("year").first()
    GuidePhase.objects.filter(pk=phase.pk).update(title="未经发布的阶段")  # no signal, no purge: kept content is stale
    assert "未经发布的阶段" not in client.get(visit("/", "anonymous")).content.decode()
    client.force_login(UserFactory())
    assert "未经发布的阶段" in client.get(visit("/", "signed-in")).content.decode()


def test_a_preview_is_never_given_kept_content_nor_kept(client, content_cache):
    assert kept(client, "/guide/")
    guide = GuidePage.objects.get()
    guide.title = "预览中的标题"  # an unsaved edit, as the editor's preview shows it
    assert "预览中的标题" in guide.make_preview_request().render().content.decode()
    assert "预览中的标题" not in client.get(visit("/guide/", "later")).content.decode()


def look_up(request):
    keys = content.keys(request)
    content.look_up(request, HomePage.objects.get(), keys, caches["pages"].get_many([keys[0], *keys[1]]))


def test_content_with_a_csrf_token_is_never_kept(content_cache):
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    look_up(request)
    content.keep(request, '<form method="post"><input name="csrfmiddlewaretoken" value="secret"></form>')
    again = RequestFactory().get("/?utm_source=x", HTTP_HOST="localhost")
    look_up(again)
    assert content.found(again) is None
    content.keep(again, "<p>首页</p>")
    last = RequestFactory().get("/?utm_source=y", HTTP_HOST="localhost")
    look_up(last)
    assert content.found(last) == "<p>首页</p>"
