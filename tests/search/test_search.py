from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from learning_city.guide.models import TaskPage
from search import query_log
from tests.factories import TaskPageFactory

# Each task is found first by a term from its own text.
TASK_TERMS = {
    1: ["学分银行", "职普融通", "产教融合"],
    2: ["社区教育", "老年大学", "老年教育"],
    3: ["职业技能培训", "退役军人", "乡村振兴"],
    4: ["数字化教育资源", "互联互通", "公共服务平台"],
    5: ["全民阅读", "读书节", "留守儿童"],
    6: ["全民终身学习活动周", "虚拟现实", "博物馆"],
}


def search_titles(query, queryset=None):
    queryset = queryset if queryset is not None else Page.objects.live()
    return [page.title for page in queryset.search(query)]


@pytest.mark.parametrize("number,term", [(number, term) for number, terms in TASK_TERMS.items() for term in terms])
def test_each_task_is_found_first_by_terms_from_its_text(site_content, number, term):
    expected = TaskPage.objects.get(number=number).title
    titles = search_titles(term)
    assert titles and titles[0] == expected, f"{term}: {titles}"


@pytest.mark.parametrize(
    "query,expected",
    [
        ("社区教育 老年大学", "加快发展社区教育和老年教育"),
        ("5G 人工智能", "营造全民终身学习浓厚氛围"),
        ("５Ｇ，人工智能！", "营造全民终身学习浓厚氛围"),
        ("“全民阅读”", "高质量推进全民阅读"),
        ("学习型城市", "全国学习型城市网络"),
    ],
)
def test_mixed_full_width_and_punctuated_queries(site_content, query, expected):
    assert expected in search_titles(query)[:2]


def test_search_page_shows_ranked_results_with_highlighted_snippets(client, site_content):
    response = client.get("/search/", {"q": "社区教育"})
    html = response.content.decode()
    assert response.status_code == 200
    first = html.index('class="result"')
    assert html.index("加快发展<mark>社区教育</mark>和老年教育", first) < html.index("推进各类教育融通发展", first)
    assert "<mark>社区教育</mark>" in html[html.index('class="result__snippet"') :]
    assert "重点任务页面" in html  # the page type
    assert '<meta name="robots" content="noindex">' in html


def test_filter_by_page_type_is_kept_with_the_query(client, site_content):
    all_types = client.get("/search/", {"q": "学习型城市"}).content.decode()
    assert "首页（1）" in all_types and "指南页面（1）" in all_types
    filtered = client.get("/search/", {"q": "学习型城市", "type": "guide.guidepage"}).content.decode()
    assert "新时代<mark>学习型城市</mark>建设指南" in filtered
    assert "全国<mark>学习型城市</mark>网络</a>" not in filtered
    assert 'name="type" value="guide.guidepage"' in filtered


def test_results_are_paginated_with_flat_query_counts(client, site_content, django_assert_max_num_queries):
    guide = site_content
    for n in range(25):
        TaskPageFactory(parent=guide, number=1, slug=f"extra-{n}", title=f"社区教育案例{n}", summary="社区教育")
    first = client.get("/search/", {"q": "社区教育"}).content.decode()
    assert "找到 28 条" in first and "第 1/3 页" in first
    assert 'rel="next"' in first
    third = client.get("/search/", {"q": "社区教育", "page": 3}).content.decode()
    assert third.count('class="result"') == 8
    with CaptureQueriesContext(connection) as ten_results:
        client.get("/search/", {"q": "社区教育"})
    with django_assert_max_num_queries(len(ten_results.captured_queries)):
        client.get("/search/", {"q": "社区教育", "page": 2})


def test_no_results_page_helps_the_visitor_on(client, site_content):
    html = client.get("/search/", {"q": "火星移民"}).content.decode()
    assert "没有找到与“火星移民”相关的内容" in html
    assert 'href="/guide/reading-for-all/"' in html
    assert "?q=%E7%A4%BE%E5%8C%BA%E6%95%99%E8%82%B2" in html or "?q=社区教育" in html


def test_empty_and_punctuation_only_queries_get_a_clear_page(client, site_content):
    empty = client.get("/search/", {"q": "  "})
    assert empty.status_code == 200 and "输入想了解的内容" in empty.content.decode()
    punctuation = client.get("/search/", {"q": "！？。"})
    assert punctuation.status_code == 200 and "没有找到" in punctuation.content.decode()


def test_a_thousand_character_query_gets_a_clear_answer(client, site_content):
    response = client.get("/search/", {"q": "学" * 1000})
    html = response.content.decode()
    assert response.status_code == 200
    assert "搜索词最多 100 个字，您输入了 1000 个字" in html
    assert 'aria-invalid="true"' in html


def test_editors_promotions_come_first(client, site_content):
    reading = TaskPage.objects.get(number=5)
    SearchPromotion.objects.create(query=Query.get("读书"), page=reading, description="编辑推荐", sort_order=0)
    html = client.get("/search/", {"q": "读书"}).content.decode()
    assert html.index("编辑推荐") < html.index('class="result"')


def test_queries_are_logged_without_a_write_per_search(client, site_content, monkeypatch):
    monkeypatch.setattr(query_log, "_pending", Counter())
    monkeypatch.setattr(query_log, "_missing", Counter())
    monkeypatch.setattr(query_log, "FLUSH_EVERY_SECONDS", 3600)
    monkeypatch.setattr(query_log, "FLUSH_EVERY_HITS", 3)
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/", {"q": "社区教育"})
        client.get("/search/", {"q": "社区教育 "})
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert writes == []
    assert not QueryDailyHits.objects.exists()
    client.get("/search/", {"q": "全民阅读"})  # the third search sends the tally
    hits = {row.query.query_string: row.hits for row in QueryDailyHits.objects.select_related("query")}
    assert hits == {"社区教育": 2, "全民阅读": 1}


def test_api_search_uses_the_same_segmentation(client, site_content):
    data = client.get("/api/v2/pages/", {"search": "老年大学", "type": "guide.TaskPage"}).json()
    assert [item["title"] for item in data["items"]] == ["加快发展社区教育和老年教育"]
    long_query = client.get("/api/v2/pages/", {"search": "学习" * 500})
    assert long_query.status_code == 200


ADMIN_EXPECTED = {
    "社区教育": "加快发展社区教育和老年教育",
    "老年大学": "加快发展社区教育和老年教育",
    "学分银行": "推进各类教育融通发展",
    "全民阅读": "高质量推进全民阅读",
}


@pytest.mark.parametrize("query,expected", ADMIN_EXPECTED.items())
def test_admin_page_search_understands_chinese(client, site_content, superuser, query, expected):
    client.force_login(superuser)
    html = client.get("/admin/pages/search/results/", {"q": query}).content.decode()
    titles = [title for title in TaskPage.objects.values_list("title", flat=True) if title in html]
    assert expected in titles
    first = min(titles, key=html.index)
    assert first == expected, titles


def test_admin_image_search_understands_chinese(client, superuser):
    Image.objects.create(title="社区教育活动现场照片", file=get_test_image_file())
    Image.objects.create(title="读书节", file=get_test_image_file())
    client.force_login(superuser)
    html = client.get("/admin/images/", {"q": "社区教育"}).content.decode()
    assert "社区教育活动现场照片" in html and "读书节" not in html
