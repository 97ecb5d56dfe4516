import io

import pytest
from django.core.management import call_command

from learning_city.regions.models import City, Province

pytestmark = pytest.mark.django_db


def test_every_provincial_division_with_its_region():
    assert Province.objects.count() == 31
    by_region = {region: Province.objects.filter(region=region).count() for region in ("east", "central", "west")}
    assert by_region == {"east": 11, "central": 8, "west": 12}
    assert Province.objects.get(code="320000").name == "江苏省"
    assert Province.objects.get(short_name="新疆").region == "west"


def test_prefecture_level_divisions_and_their_flags():
    assert City.objects.exclude(kind=City.Kind.MUNICIPALITY).count() == 333
    assert City.objects.filter(kind=City.Kind.MUNICIPALITY).count() == 4
    assert City.objects.filter(is_provincial_capital=True).count() == 27
    assert set(City.objects.filter(is_separately_planned=True).values_list("name", flat=True)) == {
        "大连市",
        "青岛市",
        "宁波市",
        "厦门市",
        "深圳市",
    }
    suzhou = City.objects.get(code="320500")
    assert (suzhou.name, suzhou.province.name, suzhou.province.region) == ("苏州市", "江苏省", "east")
    assert City.objects.get(code="152900").kind == City.Kind.LEAGUE
    assert not City.objects.filter(name__in=["济源市", "莱芜市", "石河子市"]).exists()
    assert all(city.code[:2] == city.province.code[:2] for city in City.objects.select_related("province"))


def test_reloading_updates_in_place():
    City.objects.filter(code="320500").update(name="旧名")
    out = io.StringIO()
    call_command("load_regions", stdout=out)
    assert out.getvalue().strip() == "31 provinces, 337 cities"
    assert City.objects.get(code="320500").name == "苏州市"
    assert City.objects.count() == 337


def test_admin_lists_cities_filtered_by_region(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/regions/city/", {"province__region__exact": "west"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "成都市" in html and "苏州市" not in html
