"""How much of each region and province the network covers, computed, never stored.

The guide's targets are shares of prefecture-level cities (地市级城市). The denominator is
therefore every prefecture-level division — prefecture-level cities, autonomous prefectures,
prefectures and leagues. The four municipalities are provincial-level: they can be members,
but they count toward no share, so they appear in neither numerator nor denominator.

Regions are the three belts of ``Region`` (东部, 中部, 西部地区): Liaoning counts as eastern, Jilin and
Heilongjiang as central. The guide states one target over the eastern and central regions together,
so ``by_region_group`` counts them together too.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from learning_city.regions.choices import REGION_GROUPS, Region
from learning_city.regions.models import City, Province

COUNTED_KINDS = (
    City.Kind.PREFECTURE_CITY,
    City.Kind.AUTONOMOUS_PREFECTURE,
    City.Kind.PREFECTURE,
    City.Kind.LEAGUE,
)


@dataclass(frozen=True)
class Coverage:
    key: str
    label: str
    members: int
    total: int

    @property
    def percent(self):
        return round(100 * self.members / self.total, 1) if self.total else 0.0


def by_region():
    rows = (
        City.objects.filter(kind__in=COUNTED_KINDS)
        .values("province__region")
        .annotate(total=Count("id"), members=Count("id", filter=Q(membership__isnull=False)))
    )
    found = {row["province__region"]: row for row in rows}
    return [
        Coverage(
            region.value,
            str(region.label),
            found.get(region.value, {}).get("members", 0),
            found.get(region.value, {}).get("total", 0),
        )
        for region in Region
    ]


def by_region_group(regions=None):
    """The groups of ``REGION_GROUPS`` (东中部地区), each counted as one, from ``by_region()``'s rows."""
    found = {row.key: row for row in (by_region() if regions is None else regions)}
    return [
        Coverage(
            group.value,
            str(group.label),
            sum(found[region].members for region in regions),
            sum(found[region].total for region in regions),
        )
        for group, regions in REGION_GROUPS.items()
    ]


def by_province():
    provinces = Province.objects.annotate(
        total=Count("cities", filter=Q(cities__kind__in=COUNTED_KINDS)),
        members=Count("cities", filter=Q(cities__kind__in=COUNTED_KINDS, cities__membership__isnull=False)),
    ).order_by("code")
    return [
        (province, Coverage(province.code, province.name, province.members, province.total)) for province in provinces
    ]
