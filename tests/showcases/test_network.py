import datetime

from learning_city.guide.models import CoverageTarget, TaskPage
from learning_city.regions.models import City, NetworkMembership
from learning_city.showcases.models import ShowcaseIndexPage
from tests.factories import make_showcase


def test_network_page_shows_demo_members_and_coverage_against_targets(client, site_content):
    html = client.get("/network/").content.decode()
    assert "演示数据" in html
    # Demo members: the guide's 2024 phase — capitals and separately planned cities (east 8 + 5).
    assert "东部地区</strong>：13 / 99（13.1%），目标约50%，还差 37 个城市" in html
    assert "西部地区</strong>：11 / 130（8.5%），目标30%，还差 28 个城市" in html
    assert '<th scope="row">江苏省</th><td>东部地区</td><td>1</td><td>13</td><td>7.7%</td>' in html
    assert 'aria-label="东部地区覆盖13.1%，目标50%"' in html


def test_network_page_counts_east_and_central_together_as_the_guide_sets_their_target(client, site_content):
    html = client.get("/network/").content.decode()
    section = html[html.index('id="coverage-heading"') : html.index('id="members-heading"')]
    assert "按《指南》要求，到2025年覆盖东中部地区50%左右、西部地区30%的地市级城市。" in section
    # One figure over east and central (13 + 8 of 99 + 104), then each as its part, then the west.
    bars = [
        "<strong>东中部地区</strong>：21 / 203（10.3%），目标约50%，还差 81 个城市",
        "其中<strong>东部地区</strong>：13 / 99（13.1%）",
        "其中<strong>中部地区</strong>：8 / 104（7.7%）",
        "<strong>西部地区</strong>：11 / 130（8.5%）",
    ]
    positions = [section.find(bar) for bar in bars]
    assert -1 not in positions and positions == sorted(positions), positions
    assert 'aria-label="东中部地区覆盖10.3%，目标50%"' in section


def test_network_page_says_which_regions_the_counts_use(client, site_content):
    html = client.get("/network/").content.decode()
    section = html[html.index('id="coverage-heading"') : html.index('class="coverage-chart"')]
    assert "地区按东部、中部、西部三大地带划分" in section
    assert "辽宁计入东部，吉林、黑龙江计入中部" in section
    assert "东中部地区为东部、中部地区合计" in section


def test_east_and_central_without_a_shared_target_are_still_counted_together(client, site_content):
    CoverageTarget.objects.filter(region="central").update(share_percent=45)
    html = client.get("/network/").content.decode()
    assert "<strong>东中部地区</strong>：21 / 203（10.3%），各地区目标不同</figcaption>" in html
    assert 'aria-label="东中部地区覆盖10.3%"' in html
    assert "覆盖东部地区50%左右、中部地区45%左右、西部地区30%的地市级城市" in html
    assert "其中<strong>中部地区</strong>：8 / 104（7.7%），目标约45%" in html


def test_members_filter_by_province_region_route_and_year(client, site_content):
    NetworkMembership.objects.create(
        city=City.objects.get(code="320500"), route=NetworkMembership.Route.GNLC, joined_on=datetime.date(2023, 9, 1)
    )
    html = client.get("/network/", {"province": "320000"}).content.decode()
    assert "共 2 个成员城市" in html and "苏州市" in html and "南京市" in html
    assert "共 1 个成员城市" in client.get("/network/", {"route": "gnlc"}).content.decode()
    assert "共 1 个成员城市" in client.get("/network/", {"year": "2023"}).content.decode()
    assert "共 12 个成员城市" in client.get("/network/", {"region": "west"}).content.decode()  # 11 capitals + 重庆


def test_city_profile_links_the_city_showcases(client, without_demo_showcases):
    index = ShowcaseIndexPage.objects.get()
    make_showcase(index, "brand", "320100", 2024, [TaskPage.objects.get(number=2)], title="南京社区教育品牌")
    html = client.get("/network/city/320100/").content.decode()
    assert "<h1>南京市</h1>" in html and "南京社区教育品牌" in html and "演示数据" in html
    assert client.get("/network/city/320500/").status_code == 404  # not a member


def test_network_page_queries_do_not_grow_with_members(client, site_content, django_assert_max_num_queries):
    client.get("/network/")
    with django_assert_max_num_queries(20):
        client.get("/network/")
    NetworkMembership.objects.bulk_create(
        NetworkMembership(city=city, route="application", joined_on=datetime.date(2025, 6, 1))
        for city in City.objects.filter(membership__isnull=True)[:150]
    )
    with django_assert_max_num_queries(20):
        client.get("/network/")


def test_api_has_the_same_filters_and_figures(client, without_demo_showcases):
    index = ShowcaseIndexPage.objects.get()
    make_showcase(index, "brand", "320500", 2024, [TaskPage.objects.get(number=2)], title="苏州社区教育云课堂")
    make_showcase(index, "star", "510100", 2023, [TaskPage.objects.get(number=5)], title="成都读书之星")
    data = client.get(
        "/api/showcases/", {"type": "brand", "task": 2, "province": "320000", "region": "east", "year": 2024}
    ).json()
    assert [item["title"] for item in data["items"]] == ["苏州社区教育云课堂"]
    assert data["items"][0]["tasks"] == [2] and data["meta"]["filters"]["type"] == "brand"
    members = client.get("/api/network/members/", {"region": "central"}).json()
    assert members["meta"]["total_count"] == 8 and all(item["demo"] for item in members["items"])
    regions = {row["key"]: row for row in client.get("/api/network/coverage/").json()["regions"]}
    assert (regions["east"]["members"], regions["east"]["total"], regions["east"]["target_percent"]) == (13, 99, 50)
    coverage = client.get("/api/network/coverage/").json()
    [east_and_central] = coverage["region_groups"]
    assert east_and_central["regions"] == ["east", "central"] and east_and_central["label"] == "东中部地区"
    assert (east_and_central["members"], east_and_central["total"], east_and_central["target_percent"]) == (21, 203, 50)
