"""`manage.py load_benchmark_data`: the site at the scale the benchmark measures, made once."""

import io

from django.core.management import call_command

from learning_city.regions.coverage import COUNTED_KINDS
from learning_city.regions.models import City, NetworkMembership
from learning_city.showcases.models import SHOWCASE_TYPES, ShowcasePage


def load(showcases):
    out = io.StringIO()
    call_command("load_benchmark_data", showcases=showcases, stdout=out)
    return out.getvalue()


def test_every_prefecture_level_division_becomes_a_member_and_showcases_are_made_once(site_content, client):
    counted = City.objects.filter(kind__in=COUNTED_KINDS)
    already = NetworkMembership.objects.filter(city__in=counted).count()

    assert "7 showcase(s)" in load(7)
    assert load(7).startswith("Benchmark data: 0 showcase(s) and 0 membership(s) made.")

    assert counted.count() == 333
    assert NetworkMembership.objects.filter(city__in=counted).count() == 333 > already
    made = ShowcasePage.objects.filter(slug__startswith="bench-").specific()
    assert made.count() == 7
    assert {type(page) for page in made} == set(SHOWCASE_TYPES.values())
    assert all(page.live and page.is_demo and len(page.task_numbers) == 2 for page in made)
    assert len({page.city_id for page in made}) == 7
    assert client.get("/showcases/bench-1/").status_code == 200
    assert "bench-7" in client.get("/api/showcases/").content.decode()


def test_it_tops_up_to_the_number_asked_for(site_content):
    load(3)
    assert "2 showcase(s)" in load(5)
    assert ShowcasePage.objects.filter(slug__startswith="bench-").count() == 5
