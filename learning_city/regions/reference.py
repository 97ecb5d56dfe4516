"""The reference data of provinces and prefecture-level divisions shipped in data/*.csv."""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")


def read_rows(name):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_reference_data(province_model, city_model):
    """Create or update every province and city by its code; models are passed in so a
    migration can use its historical models. Returns (provinces, cities) counts."""
    provinces = {}
    for row in read_rows("provinces.csv"):
        provinces[row["code"]], _ = province_model.objects.update_or_create(
            code=row["code"],
            defaults={key: row[key] for key in ("name", "short_name", "region", "kind")},
        )
    for row in read_rows("cities.csv"):
        city_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "province": provinces[row["province_code"]],
                "kind": row["kind"],
                "is_provincial_capital": row["provincial_capital"] == "1",
                "is_separately_planned": row["separately_planned"] == "1",
            },
        )
    return len(provinces), city_model.objects.count()
