import pytest


def get_json(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_guide_is_readable_as_json_with_timeline_targets_and_steps(client, site_content):
    listing = get_json(client, "/api/v2/pages/?type=guide.GuidePage&fields=*")
    assert listing["meta"]["total_count"] == 1
    guide = listing["items"][0]
    assert guide["title"] == "新时代学习型城市建设指南"
    assert guide["issuer"] == "教育部"
    assert "“十四五”时期" in guide["general_requirements"]
    assert [phase["year"] for phase in guide["phases"]] == [2023, 2024, 2025]
    assert guide["phases"][1]["lead"] == "直辖市、省会城市及计划单列市"
    targets = {t["region"]: t for t in guide["coverage_targets"]}
    assert targets["east"]["share_percent"] == 50 and targets["east"]["approximate"] is True
    assert targets["west"]["share_percent"] == 30 and targets["west"]["approximate"] is False
    assert targets["central"]["region_label"] == "中部地区"
    assert [s["kind"] for s in guide["organisation_steps"] if s["in_main_sequence"]] == [
        "apply",
        "recommend",
        "confirm",
    ]
    assert [phase["lead_role"] for phase in guide["phases"]] == ["为示范", "为引领", "为主"]
    assert [(group["label"], group["share_percent"], group["approximate"]) for group in guide["coverage_groups"]] == [
        ("东中部地区", 50, True),
        ("西部地区", 30, False),
    ]
    assert [(s["title"], s["item_number"]) for s in guide["organisation_steps"]] == [
        ("城市申请", 1),
        ("省级推荐", 2),
        ("确定加入", 3),
        ("直接加入", 3),
        ("推广典型模式", 4),
        ("建设监测", None),
    ]
    assert guide["provincial_deadline"] == "2024-12-10"
    assert [task["number"] for task in guide["tasks"]] == [1, 2, 3, 4, 5, 6]
    assert guide["tasks"][4]["url"] == "/guide/reading-for-all/"


def test_rich_text_comes_out_as_display_html(client, site_content):
    guide = get_json(client, "/api/v2/pages/?type=guide.GuidePage&fields=general_requirements")
    assert guide["items"][0]["general_requirements"].startswith("<p>")


def test_six_tasks_are_listed_in_order_with_their_text(client, site_content):
    data = get_json(client, "/api/v2/pages/?type=guide.TaskPage&fields=number,numeral,summary,body&order=number")
    assert data["meta"]["total_count"] == 6
    assert [item["numeral"] for item in data["items"]] == list("一二三四五六")
    assert "学分银行" in data["items"][0]["body"]
    assert data["items"][1]["summary"].startswith("整合利用各级各类教育资源")


def test_page_detail_and_home_page(client, site_content):
    home = get_json(client, "/api/v2/pages/?type=home.HomePage&fields=lead,intro")["items"][0]
    assert home["lead"]
    detail = get_json(client, f"/api/v2/pages/{home['id']}/")
    assert detail["meta"]["type"] == "home.HomePage"
    assert detail["meta"]["html_url"] == "http://127.0.0.1:8000/"  # SITE_URL


def test_drafts_are_not_in_the_api(client, site_content):
    from learning_city.guide.models import TaskPage

    TaskPage.objects.get(number=6).unpublish()
    data = get_json(client, "/api/v2/pages/?type=guide.TaskPage")
    assert data["meta"]["total_count"] == 5


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_media_endpoints_answer(client, db, endpoint):
    assert get_json(client, f"/api/v2/{endpoint}/")["meta"]["total_count"] == 0


def test_api_is_read_only(client, site_content):
    assert client.post("/api/v2/pages/", {}).status_code == 405
