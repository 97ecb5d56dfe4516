import pytest
from django.urls import path

from learning_city.guide.models import TaskPage

TASK_URLS = [
    "/guide/integrated-education/",
    "/guide/community-and-elderly-education/",
    "/guide/vocational-skills-training/",
    "/guide/digital-learning-resources/",
    "/guide/reading-for-all/",
    "/guide/lifelong-learning-atmosphere/",
]


def test_home_page_introduces_the_network_and_links_the_guide_and_tasks(client, site_content):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in html
    assert 'href="#main"' in html and "跳到主要内容" in html
    assert 'href="/guide/"' in html
    for url in TASK_URLS:
        assert f'href="{url}"' in html
    assert "2025" in html and "约50%" in html and "30%" in html


def test_guide_page_has_the_three_parts_timeline_targets_and_steps(client, site_content):
    html = client.get("/guide/").content.decode()
    for heading in ("一、总体要求", "二、重点任务", "三、组织实施"):
        assert heading in html
    for url in TASK_URLS:
        assert f'href="{url}"' in html
    # The main sequence is an ordered list, in the guide's order.
    steps = html[html.index('<ol class="steps">') : html.index("</ol>", html.index('<ol class="steps">'))]
    assert steps.index("城市申请") < steps.index("省级推荐") < steps.index("确定加入")
    assert "直接加入" in html and "推广典型模式" in html and "建设监测" in html
    assert '<time datetime="2024-12-10">2024年12月10日</time>' in html
    assert 'aria-label="当前位置"' in html  # breadcrumbs


@pytest.mark.parametrize("url", TASK_URLS)
def test_each_task_page_is_readable_with_neighbours(client, site_content, url):
    response = client.get(url)
    assert response.status_code == 200
    task = TaskPage.objects.get(url_path__endswith=url.removeprefix("/guide"))
    html = response.content.decode()
    assert f"<h1>{task.title}</h1>" in html
    assert task.summary in html
    assert ("上一项" in html) == (task.number > 1)
    assert ("下一项" in html) == (task.number < 6)


def test_draft_task_is_not_public(client, site_content):
    TaskPage.objects.get(number=4).unpublish()
    assert client.get("/guide/digital-learning-resources/").status_code == 404
    assert "/guide/digital-learning-resources/" not in client.get("/guide/").content.decode()


def test_unknown_page_gets_the_chinese_404(client, site_content):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面未找到" in response.content.decode()


def boom(request):
    raise RuntimeError("deliberate failure")


urlpatterns = [path("boom/", boom)]


@pytest.mark.urls("tests.home.test_public_pages")
def test_server_error_gets_the_chinese_500(client, db):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "服务器暂时出现问题" in response.content.decode()


def test_robots_txt_points_to_the_sitemap(client, site_content):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_home_guide_and_tasks(client, site_content):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<loc>http://127.0.0.1:8000/guide/</loc>" in body  # the site is at SITE_URL
    assert body.count("<loc>http://127.0.0.1:8000/guide/") == 7


def test_admin_is_in_chinese_and_asks_to_sign_in(client, site_content):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/admin/login/")
    html = response.content.decode()
    assert "登录" in html
    assert "密码" in html and "Password" not in html


def test_admin_dashboard_is_in_chinese_for_editors(client, site_content, superuser):
    client.force_login(superuser)
    html = client.get("/admin/pages/").content.decode()
    assert "页面" in html


def test_health_check_reports_database_and_cache(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_page_queries_do_not_depend_on_content_size(client, site_content, django_assert_max_num_queries):
    # Measured: 10, 13 and 12 queries with the site cache warm.
    client.get("/")
    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get("/guide/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/guide/reading-for-all/").status_code == 200


def test_public_media_is_served_but_private_uploads_are_not(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "photo.txt").write_text("public")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "evidence.txt").write_text("secret")
    assert client.get("/media/images/photo.txt").status_code == 200
    assert client.get("/media/private/evidence.txt").status_code == 404
    assert client.get("/media/images/../private/evidence.txt").status_code == 404
