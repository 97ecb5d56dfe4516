"""Numbers out of range in the showcase and network JSON: HTTP 400 with the reason in Chinese, never a
server error; the pages with the same filters ignore such a number like any value they cannot use."""

import pytest


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/showcases/?offset=99999999999999999999", "offset"),
        ("/api/showcases/?year=99999999999999", "year"),
        ("/api/showcases/?task=99999999999999999999", "task"),
        ("/api/network/members/?year=99999999999999", "year"),
        ("/api/network/members/?year=0", "year"),
        ("/api/network/members/?offset=10000000000000000000000&region=east", "offset"),
    ],
)
def test_out_of_range_numbers_answer_400_in_chinese(client, site_content, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["error"] == "out_of_range" and body["parameter"] == parameter
    assert body["message"].startswith(f"参数 {parameter} 须为") and "之间的整数" in body["message"]


def test_numbers_in_range_and_values_that_are_no_number_still_answer(client, site_content):
    assert client.get("/api/showcases/", {"offset": "1000000", "year": "9999"}).json()["items"] == []
    members = client.get("/api/network/members/", {"year": "2024", "offset": "0"}).json()
    assert members["meta"]["total_count"] > 0
    # Not a number at all: ignored, as the filters always have.
    assert client.get("/api/network/members/", {"year": "x", "offset": "²"}).status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/showcases/?year=99999999999999&task=99999999999999999999", "/network/?year=99999999999999", "/network/?year=0"],
)
def test_the_pages_ignore_out_of_range_numbers(client, site_content, url):
    assert client.get(url).status_code == 200
