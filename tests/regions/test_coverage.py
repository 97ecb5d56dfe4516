import datetime

import pytest

from learning_city.regions import coverage
from learning_city.regions.models import City, NetworkMembership

pytestmark = pytest.mark.django_db


def join(*codes, route=NetworkMembership.Route.APPLICATION):
    for code in codes:
        NetworkMembership.objects.create(
            city=City.objects.get(code=code), route=route, joined_on=datetime.date(2024, 12, 1)
        )


def test_denominators_are_prefecture_level_divisions_only():
    regions = {row.key: row for row in coverage.by_region()}
    # Hand-counted per province: east 冀11 辽14 苏13 浙11 闽9 鲁16 粤21 琼4 = 99;
    # central 晋11 吉9 黑13 皖16 赣11 豫17 鄂13 湘14 = 104;
    # west 蒙12 桂14 川21 黔9 滇16 藏7 陕10 甘14 青8 宁5 新14 = 130 (重庆 is a municipality).
    assert (regions["east"].total, regions["central"].total, regions["west"].total) == (99, 104, 130)
    assert sum(row.total for row in regions.values()) == 333
    assert all(row.members == 0 and row.percent == 0.0 for row in regions.values())


def test_members_count_toward_their_region_and_province_but_municipalities_toward_neither():
    join("320100", "320500", "330100")  # 南京, 苏州 (江苏), 杭州 (浙江): east
    join("510100")  # 成都: west
    join("110100", "500100", route=NetworkMembership.Route.GNLC)  # 北京, 重庆: municipalities
    regions = {row.key: row for row in coverage.by_region()}
    assert (regions["east"].members, regions["west"].members, regions["central"].members) == (3, 1, 0)
    assert regions["east"].percent == round(100 * 3 / 99, 1)
    provinces = {province.short_name: row for province, row in coverage.by_province()}
    assert (provinces["江苏"].members, provinces["江苏"].total) == (2, 13)
    assert (provinces["浙江"].members, provinces["浙江"].total) == (1, 11)
    assert (provinces["北京"].members, provinces["北京"].total) == (0, 0)
    assert provinces["北京"].percent == 0.0


def test_coverage_is_two_queries_however_many_members(django_assert_num_queries):
    join(*City.objects.filter(province__short_name="江苏").values_list("code", flat=True))
    with django_assert_num_queries(1):
        coverage.by_region()
    with django_assert_num_queries(1):
        coverage.by_province()
