"""The network's coverage against the guide's targets, by region and by province (the tile map).

Regions are the three belts (东部, 中部, 西部地区; Liaoning eastern, Jilin and Heilongjiang central). The
guide states one target over the eastern and central regions together, so they are also counted as
one (东中部地区), with each region's own figures as its parts.
"""

from learning_city.guide.models import CoverageTarget, target_groups
from learning_city.regions import coverage
from learning_city.regions.choices import REGION_GROUPS
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
    """The guide's latest target per region, as {region: CoverageTarget}, in the guide's order."""
    found = {}
    for target in CoverageTarget.objects.order_by("target_year", "sort_order", "pk"):
        found[target.region] = target
    return found


def region_figures(by_target=None):
    """Coverage by region against the guide's targets, from one count and one read of the targets.

    ``regions``: each region's row; ``groups``: the regions the guide gives one target together
    (东中部地区) counted as one, against the target they share (none when their targets differ);
    ``chart``: the bars in order, each group followed by its regions as its parts, then the other
    regions; ``targets``: the targets in the guide's words (``target_groups``).
    """
    by_target = targets() if by_target is None else by_target
    counted = coverage.by_region()
    regions = [_row(row, _target_figures(by_target.get(row.key))) for row in counted]
    stated = target_groups(by_target.values())
    shared = {tuple(group["regions"]): group for group in stated}
    groups = []
    for row, members in zip(coverage.by_region_group(counted), REGION_GROUPS.values(), strict=True):
        keys = [region.value for region in members]
        groups.append({**_row(row, _target_figures(shared.get(tuple(keys)))), "regions": keys})
    return {"regions": regions, "groups": groups, "chart": _chart(regions, groups), "targets": stated}


def _chart(regions, groups):
    by_key = {row["key"]: row for row in regions}
    rows, placed = [], set()
    for group in groups:
        rows.append(group)
        rows += [{**by_key[key], "part_of": group["label"]} for key in group["regions"]]
        placed.update(group["regions"])
    return rows + [row for row in regions if row["key"] not in placed]


def _target_figures(target):
    """(share_percent, target_year, approximate) of a CoverageTarget or a target group."""
    if target is None:
        return None
    if isinstance(target, dict):
        return target["share_percent"], target["target_year"], target["approximate"]
    return target.share_percent, target.target_year, target.approximate


def _row(row, target):
    share, year, approximate = target or (None, None, False)
    return {
        "key": row.key,
        "label": row.label,
        "members": row.members,
        "total": row.total,
        "percent": row.percent,
        "target_percent": share,
        "target_year": year,
        "approximate": approximate,
        "needed": max(0, _needed(row.total, share) - row.members) if target else None,
    }


def _needed(total, percent):
    return -(-total * percent // 100)  # ceiling: cities needed to reach the share


def province_rows(by_target=None):
    by_target = targets() if by_target is None else by_target
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
