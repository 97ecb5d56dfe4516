"""Fragments, partial matches, ranking, synonyms and pinyin, as a visitor sees them on /search/."""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning_city.workflows.models import group_for
from search import query_log
from search.models import SearchSynonym, ZeroResultSearch
from tests.factories import TaskPageFactory, UserFactory


def titles(client, query):
    html = client.get("/search/", {"q": query}).content.decode()
    found = re.findall(r'class="result__title">(.*?)</h[23]>', html, re.S)
    return [re.sub(r"<[^>]+>", "", title).strip() for title in found]


def test_a_run_inside_a_compound_is_found(client, site_content):
    TaskPageFactory(parent=site_content, number=6, slug="brand", title="品牌建设", summary="宣传推介终身学习品牌项目。")
    # The task page on the learning atmosphere holds it too (终身学习品牌”项目, the quote skipped).
    assert "品牌建设" in titles(client, "学习品牌项")[:2]


def test_words_not_all_found_give_labelled_partial_matches(client, site_content):
    html = client.get("/search/", {"q": "老年大学 火星移民"}).content.decode()
    assert "部分匹配" in html and "加快发展社区教育和老年教育" in html
    assert "没有找到" not in html


def test_a_title_or_summary_outranks_a_passing_mention(client, site_content):
    TaskPageFactory(
        parent=site_content,
        number=3,
        slug="mention",
        title="其他工作",
        body="<p>" + "开展工作。" * 30 + "研学旅行。</p>",
    )
    TaskPageFactory(parent=site_content, number=3, slug="about", title="工作安排", summary="研学旅行的组织。")
    assert titles(client, "研学旅行")[:2] == ["工作安排", "其他工作"]


def test_a_whole_word_outranks_a_fragment_only_match(client, site_content):
    # jieba reads 乒乓球拍卖会 as 乒乓球 / 拍卖会: 球拍 is there only as characters in a row, in the
    # title and summary, where a match weighs most. 新球拍 holds the word, once, in its text.
    TaskPageFactory(
        parent=site_content, number=5, slug="auction", title="乒乓球拍卖会", summary="乒乓球拍卖会，乒乓球拍卖会。"
    )
    TaskPageFactory(parent=site_content, number=5, slug="racket", title="活动简报", body="<p>送来新球拍。</p>")
    assert titles(client, "球拍") == ["活动简报", "乒乓球拍卖会"]


def test_an_editors_synonym_applies_to_the_next_search(client, site_content):
    assert titles(client, "书香城市")[:1] != ["高质量推进全民阅读"]
    SearchSynonym.objects.create(term="书香城市", synonym="全民阅读")
    assert titles(client, "书香城市")[:1] == ["高质量推进全民阅读"]


def test_the_guides_synonyms_ship_as_data(db):
    pairs = set(SearchSynonym.objects.values_list("term", "synonym"))
    assert {("老年大学", "老年开放大学"), ("社区学院", "社区教育学院"), ("学分银行", "学习成果认证")} <= pairs


@pytest.mark.parametrize("typed", ["shequ jiaoyu", "sqjy", "SheQu JiaoYu"])
def test_pinyin_finds_the_chinese(client, site_content, typed):
    assert titles(client, typed)[:1] == ["加快发展社区教育和老年教育"]


def test_pinyin_ranks_below_an_exact_match(client, site_content):
    TaskPageFactory(parent=site_content, number=2, slug="latin", title="Shequ 简介", summary="shequ")
    found = titles(client, "shequ")
    assert found.index("Shequ 简介") < found.index("加快发展社区教育和老年教育")


def test_a_task_page_outranks_a_showcase_on_the_guides_terms(client, site_content):
    found = titles(client, "社区教育")
    showcases = [title for title in found if title == "家门口的云课堂"]
    assert found[0] == "加快发展社区教育和老年教育"
    assert not showcases or found.index(showcases[0]) > 0


def test_the_search_page_takes_a_fixed_number_of_queries(client, site_content, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as one_word:
        client.get("/search/", {"q": "社区教育"})
    with django_assert_max_num_queries(len(one_word.captured_queries)):
        client.get("/search/", {"q": "社区教育 老年大学 学分银行 全民阅读 shequ"})


def test_the_search_page_takes_as_many_queries_with_more_pages(client, site_content, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as few_pages:
        client.get("/search/", {"q": "社区教育"})
    for n in range(30):
        TaskPageFactory(parent=site_content, number=2, slug=f"more-{n}", title=f"社区教育案例{n}", summary="社区教育")
    with django_assert_max_num_queries(len(few_pages.captured_queries)):
        html = client.get("/search/", {"q": "社区教育", "page": 2}).content.decode()
    assert html.count('class="result"') == 10  # 33 pages found: the second page is full


def test_searches_that_find_nothing_are_counted_for_editors_only(client, site_content, monkeypatch):
    monkeypatch.setattr(query_log, "_pending", Counter())
    monkeypatch.setattr(query_log, "_missing", Counter())
    client.get("/search/", {"q": "火星移民"})
    client.get("/search/", {"q": "火星移民"})
    client.get("/search/", {"q": "社区教育"})
    query_log.flush_now()
    assert list(ZeroResultSearch.objects.values_list("query_string", "hits")) == [("火星移民", 2)]

    editor = UserFactory(username="editor", is_staff=True)
    editor.groups.add(group_for("editors"))
    client.force_login(editor)
    report = client.get("/admin/reports/zero-result-searches/")
    assert report.status_code == 200
    html = report.content.decode()
    assert "火星移民" in html and "社区教育" not in html.split("<tbody>")[1]
    add_synonym = re.search(r'<a href="([^"]+)">添加同义词</a></td>', html).group(1)
    form = client.get(add_synonym.replace("&amp;", "&")).content.decode()
    assert re.search(r'name="term"[^>]*value="火星移民"', form)


def test_a_visitor_cannot_read_the_zero_result_report(client, site_content):
    visitor = UserFactory(username="applicant")
    client.force_login(visitor)
    assert client.get("/admin/reports/zero-result-searches/").status_code in (302, 403)
