"""The issue's own test: brand projects for 社区教育 in 江苏省 → one → its city → the eastern gap."""

import re


def test_visitor_goes_from_a_brand_project_to_its_city_and_the_eastern_target(client, site_content):
    listing = client.get("/showcases/", {"type": "brand", "task": 2, "province": "320000"}).content.decode()
    link = re.search(r'<a class="showcase-card__link" href="([^"]+)"', listing).group(1)
    project = client.get(link).content.decode()
    assert "家门口的云课堂" in project and "演示内容" in project
    profile_url = re.search(r'<a href="(/network/city/\d+/)">南京市</a>', project).group(1)
    profile = client.get(profile_url).content.decode()
    assert "<h1>南京市</h1>" in profile and "家门口的云课堂" in profile
    network = client.get(re.search(r'<a href="(/network/)">', profile).group(1)).content.decode()
    assert "东部地区</strong>：13 / 99（13.1%），目标约50%，还差 37 个城市" in network
