"""Issue 11, item 7: searches are limited per client address, on the page and through the API."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_a_minute(settings):
    settings.RATE_LIMITS = {**getattr(settings, "RATE_LIMITS", {}), "search": {"ip": "3/m"}}


def test_the_search_page_is_limited_per_client_address(client, site_content, three_a_minute):
    assert [client.get("/search/", {"q": "社区教育"}).status_code for _ in range(3)] == [200] * 3
    refused = client.get("/search/", {"q": "学分银行"})
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60
    html = refused.content.decode()
    assert "操作过于频繁" in html and "秒后再试" in html
    assert Client(REMOTE_ADDR="10.9.8.7").get("/search/", {"q": "学分银行"}).status_code == 200


def test_the_api_search_is_limited_too(client, site_content, three_a_minute):
    for _ in range(3):
        assert client.get("/api/v2/pages/", {"search": "社区教育"}).status_code == 200
    refused = client.get("/api/v2/pages/", {"search": "学分银行"})
    assert refused.status_code == 429 and "Retry-After" in refused
    assert refused.json()["error"] == "too_many_requests" and "秒后再试" in refused.json()["message"]
    assert client.get("/api/v2/images/", {"search": "学习"}).status_code == 429  # the same counter
    assert client.get("/api/v2/pages/").status_code == 200  # listing without a search is not counted


def test_a_reader_searching_as_people_do_is_never_limited(client, site_content):
    for term in ["社区教育", "学分银行", "老年大学", "全民阅读", "产教融合"] * 6:
        assert client.get("/search/", {"q": term}).status_code == 200
