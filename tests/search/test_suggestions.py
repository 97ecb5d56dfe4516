"""Suggestions while typing: page titles and the guide's terms as JSON, pinyin too."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import TaskPageFactory


def suggest(client, typed):
    response = client.get("/search/suggest/", {"q": typed})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()["suggestions"]


def test_titles_then_terms(client, site_content):
    found = suggest(client, "社区")
    pages = [item for item in found if item["kind"] == "page"]
    terms = [item["label"] for item in found if item["kind"] == "term"]
    task = {"label": "加快发展社区教育和老年教育", "url": "/guide/community-and-elderly-education/", "kind": "page"}
    assert task in pages and "社区教育" in terms
    assert found[: len(pages)] == pages


def test_pinyin_initials_and_full_pinyin_suggest_terms(client, site_content):
    assert "社区教育" in [item["label"] for item in suggest(client, "sqjy")]
    assert "社区教育" in [item["label"] for item in suggest(client, "shequ jiao")]


def test_a_term_links_to_its_search(client, site_content):
    term = next(item for item in suggest(client, "学分") if item["label"] == "学分银行")
    assert term["url"] == "/search/?q=%E5%AD%A6%E5%88%86%E9%93%B6%E8%A1%8C"


def test_empty_or_unknown_input_suggests_nothing_with_few_queries(client, site_content):
    assert suggest(client, "   ") == []
    with CaptureQueriesContext(connection) as queries:
        assert suggest(client, "zzzzqx") == []
    assert len(queries.captured_queries) <= 4  # the site, view restrictions, titles, synonyms


def test_without_javascript_the_boxes_still_submit_to_the_search_page(client, site_content):
    html = client.get("/").content.decode()
    assert 'action="/search/"' in html and 'data-suggest-url="/search/suggest/"' in html
    assert "js/search-suggest" in html and "<script>" not in html


def test_a_new_title_is_suggested_at_once_and_an_unpublished_one_no_more(client, site_content):
    assert suggest(client, "社区书院") == []
    page = TaskPageFactory(parent=site_content, number=2, slug="academy", title="社区书院")
    assert [item["label"] for item in suggest(client, "社区书院")] == ["社区书院"]
    page.unpublish()
    assert suggest(client, "社区书院") == []
