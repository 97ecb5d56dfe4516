"""The network's coverage against the guide's targets, by region and by province (the tile map)."""

from learning_city.guide.models import CoverageTarget
from learning_city.regions import coverage
from learning_city.regions.models import NetworkMembership

# Where each province sits in the tile map (row, column): roughly its place on a map of China.
TILE_POSITIONS = {
    "230000": (0, 8),
    "150000": (1, 5),
    "220000": (1, 8),
    "650000": (2, 1),
    "620000": (2, 3),
    "640000": (2, 4),
    "110000": (2, 6),
    "120000": (2, 7),
    "210000": (2, 8),
    "540000": (3, 1),
    "630000": (3, 2),
    "610000": (3, 4),
    "140000": (3, 5),
    "130000": (3, 6),
    "370000": (3, 7),
    "510000": (4, 3),
    "500000": (4, 4),
    "410000": (4, 5),
    "340000": (4, 6),
    "320000": (4, 7),
    "310000": (4, 8),
    "530000": (5, 3),
    "520000": (5, 4),
    "420000": (5, 5),
    "360000": (5, 6),
    "330000": (5, 7),
    "450000": (6, 4),
    "430000": (6, 5),
    "440000": (6, 6),
    "350000": (6, 7),
    "460000": (7, 5),
}


def targets():
    """The guide's latest target per region, as {region: CoverageTarget}."""
    found = {}
    for target in CoverageTarget.objects.order_by("target_year"):
        found[target.region] = target
    return found


def region_rows():
    by_target = targets()
    rows = []
    for row in coverage.by_region():
        target = by_target.get(row.key)
        rows.append(
            {
                "key": row.key,
                "label": row.label,
                "members": row.members,
                "total": row.total,
                "percent": row.percent,
                "target_percent": target.share_percent if target else None,
                "target_year": target.target_year if target else None,
                "approximate": target.approximate if target else False,
                "needed": max(0, _needed(row.total, target.share_percent) - row.members) if target else None,
            }
        )
    return rows


def _needed(total, percent):
    return -(-total * percent // 100)  # ceiling: cities needed to reach the share


def province_rows():
    by_target = targets()
    rows = []
    for province, row in coverage.by_province():
        target = by_target.get(province.region)
        position = TILE_POSITIONS.get(province.code, (None, None))
        rows.append(
            {
                "code": province.code,
                "name": province.name,
                "short_name": province.short_name,
                "region": province.region,
                "region_label": province.get_region_display(),
                "members": row.members,
                "total": row.total,
                "percent": row.percent,
                "target_percent": target.share_percent if target else None,
                "row": position[0],
                "column": position[1],
                "band": _band(row.percent, target.share_percent if target else None, row.total),
            }
        )
    return rows


def _band(percent, target, total):
    """A coverage band for the tile map, always shown with its numbers, never by colour alone."""
    if not total:
        return "none"
    if target and percent >= target:
        return "met"
    return "some" if percent > 0 else "zero"


def has_demo_members():
    return NetworkMembership.objects.filter(is_demo=True).exists()
