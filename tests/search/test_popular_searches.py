"""What visitors see under "热门搜索": searches that found something, minus the terms editors hid."""

import re
from collections import Counter

import pytest
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from learning_city.workflows.models import group_for
from search import query_log
from tests.factories import UserFactory


@pytest.fixture
def flush_every_search(monkeypatch):
    monkeypatch.setattr(query_log, "_pending", Counter())
    monkeypatch.setattr(query_log, "_missing", Counter())
    monkeypatch.setattr(query_log, "FLUSH_EVERY_HITS", 1)


def chips(html):
    return re.findall(r'<a class="chip" href="[^"]*">([^<]*)</a>', html)


def popular_terms(client, query=""):
    """The searches suggested to a visitor: an empty search, or one that finds nothing, shows them."""
    return chips(client.get("/search/", {"q": query}).content.decode())


def test_searches_without_results_are_not_counted(client, site_content, flush_every_search):
    for _ in range(5):
        assert "没有找到" in client.get("/search/", {"q": "免费领取奖品"}).content.decode()
    client.get("/search/", {"q": "社区教育"})

    hits = {row.query.query_string: row.hits for row in QueryDailyHits.objects.select_related("query")}
    assert hits == {"社区教育": 1}
    assert popular_terms(client) == ["社区教育"]


def test_editors_hide_terms_from_the_public_list(client, site_content):
    for term, hits in (("社区教育", 3), ("某某 是骗子", 9)):
        for _ in range(hits):
            Query.get(term).add_hit()
    assert popular_terms(client) == ["某某 是骗子", "社区教育"]

    editor = UserFactory(username="editor", is_staff=True)
    editor.groups.add(group_for("editors"))
    client.force_login(editor)
    assert client.get("/admin/").content.decode().count("/admin/hidden_search_terms/") >= 1  # in the menu
    response = client.post("/admin/hidden_search_terms/new/", {"term": "  某某   是骗子 ", "note": "恶意刷词"})
    assert response.status_code == 302
    # The same term written differently is already hidden.
    duplicate = client.post("/admin/hidden_search_terms/new/", {"term": "某某 是骗子"})
    assert duplicate.status_code == 200 and "已存在" in duplicate.content.decode()
    client.logout()

    assert popular_terms(client) == ["社区教育"]
    assert popular_terms(client, "火星移民") == ["社区教育"]


def test_only_staff_with_the_permission_manage_hidden_terms(client, site_content):
    moderator = UserFactory(username="moderator", is_staff=True)
    moderator.groups.add(group_for("moderators"))
    client.force_login(moderator)
    assert "隐藏的搜索词" in client.get("/admin/hidden_search_terms/").content.decode()
    client.force_login(UserFactory(username="clerk", is_staff=True))
    assert client.get("/admin/hidden_search_terms/").status_code in (302, 403)
