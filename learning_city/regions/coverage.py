"""How much of each region and province the network covers, computed, never stored.

The guide's targets are shares of prefecture-level cities (地市级城市). The denominator is
therefore every prefecture-level division — prefecture-level cities, autonomous prefectures,
prefectures and leagues. The four municipalities are provincial-level: they can be members,
but they count toward no share, so they appear in neither numerator nor denominator.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from learning_city.regions.choices import Region
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


def by_province():
    provinces = Province.objects.annotate(
        total=Count("cities", filter=Q(cities__kind__in=COUNTED_KINDS)),
        members=Count("cities", filter=Q(cities__kind__in=COUNTED_KINDS, cities__membership__isnull=False)),
    ).order_by("code")
    return [
        (province, Coverage(province.code, province.name, province.members, province.total)) for province in provinces
    ]
