"""The page cache (config/cache/): anonymous pages from the cache, never anything personal, and every
page that shows something purged when it changes, so an edit is seen on the next request."""

import datetime
import gzip
import io
import time

import pytest
from django.contrib import messages
from django.contrib.sessions.backends.cache import SessionStore
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction, Site

from config.cache import policy
from home.models import HomePage, SiteSettings
from learning_city.guide.models import GuidePage, TaskPage
from learning_city.regions.models import City, NetworkMembership
from learning_city.showcases.models import NetworkPage, ShowcaseIndexPage
from tests.factories import UserFactory, make_showcase


@pytest.fixture
def page_cache(settings, site_content):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": True}
    caches["pages"].clear()


def kept(client, path, **extra):
    """Ask ``path`` twice; True when the second answer came from the page cache."""
    client.get(path, **extra)
    return client.get(path, **extra).get("X-Cache") == "HIT"


def publish(page, **changes):
    page = page.specific
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


# --- served from the cache ------------------------------------------------------------------------------


def test_an_anonymous_page_is_served_again_without_the_database(client, page_cache, django_assert_num_queries):
    first = client.get("/guide/")
    assert first["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        again = client.get("/guide/")
    assert again["X-Cache"] == "HIT" and again.content == first.content


def test_a_kept_page_keeps_its_security_headers(client, page_cache):
    made = client.get("/")
    hit = client.get("/")
    assert hit["X-Cache"] == "HIT" and hit["Content-Security-Policy"] == made["Content-Security-Policy"]
    assert "script-src 'self'" in hit["Content-Security-Policy"]
    assert "camera=()" in hit["Permissions-Policy"] and hit["X-Frame-Options"] == "DENY"


def test_html_is_gzipped_for_clients_that_take_it(client, page_cache):
    made = client.get("/guide/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")  # made now, and kept
    kept_packed = client.get("/guide/", HTTP_ACCEPT_ENCODING="gzip")
    plain = client.get("/guide/")
    assert "Content-Encoding" not in plain and int(plain["Content-Length"]) == len(plain.content)
    for packed in (made, kept_packed):
        assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
        assert int(packed["Content-Length"]) == len(packed.content)
        assert gzip.decompress(packed.content) == plain.content and len(packed.content) < len(plain.content) / 2


def test_filters_and_pages_of_the_index_are_kept_whatever_their_order(client, page_cache):
    client.get("/showcases/?type=brand&region=east")
    assert client.get("/showcases/?region=east&type=brand")["X-Cache"] == "HIT"
    assert kept(client, "/network/?region=west&page=2")


def test_the_form_landing_page_is_kept_and_starts_no_session(client, page_cache):
    from tests.factories import MultiStepFormPageFactory

    MultiStepFormPageFactory(parent=HomePage.objects.get(), slug="apply-cache")
    landing = client.get("/apply-cache/")
    assert landing.status_code == 200 and not landing.cookies
    assert kept(client, "/apply-cache/")


def test_a_form_landing_page_is_kept_no_longer_than_until_the_form_opens(client, page_cache):
    from django.utils import timezone

    from tests.factories import MultiStepFormPageFactory

    opens_at = timezone.now() + datetime.timedelta(seconds=2)
    MultiStepFormPageFactory(parent=HomePage.objects.get(), slug="apply-soon", opens_at=opens_at)
    assert kept(client, "/apply-soon/") and "开放填报" in client.get("/apply-soon/").content.decode()
    time.sleep((opens_at - timezone.now()).total_seconds() + 1.1)  # no publish announces the opening
    opened = client.get("/apply-soon/")
    assert opened["X-Cache"] == "MISS" and "开放填报" not in opened.content.decode()


def test_api_reads_and_the_sitemap_are_kept(client, page_cache):
    assert kept(client, "/api/v2/pages/?type=guide.TaskPage&fields=title")
    assert kept(client, "/api/showcases/?type=brand")
    assert kept(client, "/sitemap.xml")


# --- never cached ---------------------------------------------------------------------------------------


def test_nothing_is_cached_for_a_signed_in_user(client, page_cache):
    assert kept(client, "/guide/")
    client.force_login(UserFactory(username="reader"))
    assert client.get("/guide/").get("X-Cache") is None
    assert not kept(client, "/network/")


def test_search_is_cached_only_without_a_query(client, page_cache):
    assert kept(client, "/search/")
    assert not kept(client, "/search/?q=社区教育")


@pytest.mark.parametrize("path", ["/guide/?_bench=1", "/showcases/?utm_source=x", "/network/?page=" + "9" * 80])
def test_other_query_strings_are_never_cached(client, page_cache, path):
    assert not kept(client, path)


def test_admin_accounts_form_steps_and_previews_are_never_cached(client, page_cache, superuser):
    from tests.factories import MultiStepFormPageFactory

    form = MultiStepFormPageFactory(parent=HomePage.objects.get(), slug="apply-cache", login_required=False)
    for path in ("/accounts/login/", "/admin/login/", form.url + "step/1/", form.url + "check/"):
        assert not kept(client, path), path
    client.force_login(superuser)
    preview = f"/admin/pages/{GuidePage.objects.get().pk}/edit/preview/"
    assert not kept(client, preview)


def test_posts_are_never_answered_from_the_cache(client, page_cache):
    client.get("/search/")
    assert client.post("/search/").get("X-Cache") is None


def test_a_missing_page_is_not_kept(client, page_cache):
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/no-such-page/").get("X-Cache") is None


def respond(response=None, prepare=None):
    request = RequestFactory().get("/guide/")
    request.session = SessionStore()
    request._messages = messages.storage.default_storage(request)
    if prepare:
        prepare(request)
    return request, response or HttpResponse("<p>页面</p>")


def test_a_plain_page_may_be_kept():
    assert policy.storable_response(*respond())


def test_a_response_setting_a_cookie_is_not_kept():
    response = HttpResponse("x")
    response.set_cookie("age_friendly", "1")
    assert not policy.storable_response(*respond(response))


def test_a_response_carrying_a_csrf_token_is_not_kept():
    assert not policy.storable_response(*respond(prepare=get_token))


def test_a_response_with_a_message_is_not_kept():
    assert not policy.storable_response(*respond(prepare=lambda request: messages.info(request, "已保存")))


@pytest.mark.parametrize(
    "header", [("Cache-Control", "private"), ("Cache-Control", "no-store"), ("Vary", "User-Agent")]
)
def test_a_response_marked_private_or_varying_by_visitor_is_not_kept(header):
    response = HttpResponse("x")
    response[header[0]] = header[1]
    assert not policy.storable_response(*respond(response))


def test_a_response_past_its_fresh_until_is_not_kept():
    from django.utils import timezone

    response = HttpResponse("x")
    response.fresh_until = timezone.now() + datetime.timedelta(hours=1)
    assert policy.storable_response(*respond(response))
    response.fresh_until = timezone.now() - datetime.timedelta(seconds=1)
    assert not policy.storable_response(*respond(response))


def test_an_error_is_not_kept():
    assert not policy.storable_response(*respond(HttpResponse("x", status=500)))


def test_a_request_with_a_session_cookie_is_not_answered_from_the_cache(client, page_cache):
    assert kept(client, "/guide/")
    client.cookies["sessionid"] = "whatever"
    assert client.get("/guide/").get("X-Cache") is None
    del client.cookies["sessionid"]
    client.cookies["csrftoken"] = "x" * 32  # the CSRF cookie alone is no reason
    assert client.get("/guide/")["X-Cache"] == "HIT"


# --- purged when what they show changes ------------------------------------------------------------------


def test_an_edit_is_visible_on_the_next_request_after_publish(client, page_cache):
    task = TaskPage.objects.get(number=2)
    assert kept(client, task.url)
    publish(task, title="社区教育改名了")
    response = client.get(task.url)
    assert response["X-Cache"] == "MISS" and "社区教育改名了" in response.content.decode()


@pytest.fixture
def showcase(page_cache):
    index = ShowcaseIndexPage.objects.get()
    return make_showcase(index, "city", "320500", 2024, [TaskPage.objects.get(number=2)], title="苏州学习型城市")


def pages_showing(showcase):
    task = TaskPage.objects.get(number=2)
    return [showcase.url, "/showcases/", "/showcases/?type=city", task.url, "/network/city/320500/", "/"]


def test_publishing_a_showcase_purges_it_its_index_its_task_its_city_profile_and_home(client, showcase):
    NetworkMembership.objects.create(
        city=City.objects.get(code="320500"), route="application", joined_on=datetime.date(2025, 1, 1)
    )
    paths = pages_showing(showcase)
    for path in paths:
        assert kept(client, path), path
    publish(showcase, title="苏州终身学习之城")
    for path in paths:
        response = client.get(path)
        assert response["X-Cache"] == "MISS", path
    assert "苏州终身学习之城" in client.get("/showcases/").content.decode()


def test_a_showcase_of_the_same_city_is_purged_too(client, showcase):
    other = make_showcase(ShowcaseIndexPage.objects.get(), "city", "320500", 2023, title="苏州另一个案例")
    assert kept(client, other.url)
    publish(showcase, title="苏州终身学习之城")
    assert "苏州终身学习之城" in client.get(other.url).content.decode()


def test_unpublishing_a_showcase_takes_it_off_the_index_and_its_page(client, showcase):
    assert kept(client, "/showcases/") and kept(client, showcase.url)
    showcase.unpublish()
    assert "苏州学习型城市" not in client.get("/showcases/").content.decode()
    assert client.get(showcase.url).status_code == 404


def test_deleting_a_showcase_takes_it_off_the_index_and_its_page(client, showcase):
    url = showcase.url
    assert kept(client, "/showcases/") and kept(client, url)
    Page.objects.get(pk=showcase.pk).delete()
    assert "苏州学习型城市" not in client.get("/showcases/").content.decode()
    assert client.get(url).status_code == 404


def test_moving_a_page_purges_its_old_and_new_place(client, page_cache):
    task, other = TaskPage.objects.get(number=2), TaskPage.objects.get(number=3)
    old_url = task.url
    assert kept(client, old_url) and kept(client, "/guide/")
    task.move(other, pos="last-child")
    new_url = TaskPage.objects.get(pk=task.pk).url
    assert client.get(old_url).status_code == 301  # Wagtail's redirect to where it went, not the kept page
    assert client.get(new_url).status_code == 200
    assert f'href="{old_url}"' not in client.get("/guide/").content.decode()


def test_a_membership_change_purges_the_network_page_its_profiles_and_the_coverage_figures(client, page_cache):
    paths = ["/network/", "/network/?region=east", "/api/network/coverage/", "/api/network/members/"]
    for path in paths:
        assert kept(client, path), path
    NetworkMembership.objects.create(
        city=City.objects.get(code="320500"), route="application", joined_on=datetime.date(2025, 1, 1)
    )
    for path in paths:
        assert client.get(path)["X-Cache"] == "MISS", path
    assert client.get("/network/city/320500/").status_code == 200


def test_navigation_and_site_settings_purge_every_page(client, page_cache):
    paths = ["/", "/guide/", TaskPage.objects.get(number=1).url, "/network/"]
    for path in paths:
        assert kept(client, path)
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.footer_note = "新的页脚说明"
    site_settings.save()
    for path in paths:
        assert "新的页脚说明" in client.get(path).content.decode(), path
    assert all(kept(client, path) for path in paths)
    publish(NetworkPage.objects.get(), title="网络成员")  # in the main menu
    for path in paths:
        assert "网络成员" in client.get(path).content.decode(), path


def test_making_a_page_private_purges_it(client, page_cache):
    guide = GuidePage.objects.get()
    assert kept(client, guide.url)
    PageViewRestriction.objects.create(page=guide, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(guide.url).status_code == 302


class RecordingFrontendCache:
    """A front-end cache backend that remembers what it was told to purge."""

    purged = []

    def __init__(self, params):
        pass

    def invalidates_hostname(self, hostname):
        return True

    def purge_batch(self, urls):
        self.purged.extend(urls)


def test_the_cdn_is_purged_with_the_same_pages(client, showcase, settings, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": f"{__name__}.RecordingFrontendCache"}}
    RecordingFrontendCache.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish(showcase, title="苏州终身学习之城")
    task = TaskPage.objects.get(number=2)
    for path in (showcase.url, "/showcases/", task.url, "/"):
        assert any(url.endswith(path) for url in RecordingFrontendCache.purged), path


def test_a_page_added_live_without_publishing_is_shown_at_once(client, page_cache):
    assert kept(client, "/showcases/")
    make_showcase(
        ShowcaseIndexPage.objects.get(), "brand", "320500", 2024, title="导入的品牌项目"
    )  # as an import adds it
    assert "导入的品牌项目" in client.get("/showcases/").content.decode()


def test_the_purge_command_purges_every_page(client, page_cache):
    from django.core.management import call_command

    assert kept(client, "/") and kept(client, "/network/")
    call_command("purge_page_cache", stdout=io.StringIO())
    assert client.get("/")["X-Cache"] == "MISS" and client.get("/network/")["X-Cache"] == "MISS"
