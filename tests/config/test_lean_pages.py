"""Public pages not in the page cache make at most six queries each, however many showcases and members
there are: the site, its routes, the navigation, the settings and the filters' options come from the cache."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import HomePage
from learning_city.regions.models import NetworkMembership
from learning_city.showcases import benchmark_data
from learning_city.showcases.models import ShowcasePage
from tests.factories import MultiStepFormPageFactory

MOST_QUERIES = 6


def public_paths():
    showcases = {page.specific_class: page.url for page in ShowcasePage.objects.live().order_by("pk")}
    return [
        "/",
        "/guide/",
        "/guide/community-and-elderly-education/",
        "/showcases/",
        "/showcases/?type=brand&region=east",
        *showcases.values(),  # one of each type
        "/network/",
        "/network/?region=west",
        f"/network/city/{NetworkMembership.objects.order_by('pk').first().city.code}/",
        "/apply-lean/",
        "/api/showcases/?type=brand",
        "/api/v2/pages/?type=guide.TaskPage",
        "/sitemap.xml",
    ]


def queries(client, path):
    client.get(path)  # the site, routes and fragments cached, as after any first visitor
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured.captured_queries)


@pytest.fixture
def site(site_content):
    MultiStepFormPageFactory(parent=HomePage.objects.get(), slug="apply-lean")
    # The showcases' cities members from the start, so that each page links its city's profile both times.
    for page in ShowcasePage.objects.all():
        NetworkMembership.objects.get_or_create(city=page.city, defaults={"joined_on": datetime.date(2024, 1, 1)})


def test_public_pages_make_at_most_six_queries_however_many_showcases_and_members(client, site):
    paths = public_paths()
    few = {path: queries(client, path) for path in paths}
    benchmark_data.load_members()  # every prefecture-level division
    benchmark_data.load_showcases(100)
    many = {path: queries(client, path) for path in paths}
    assert all(count <= MOST_QUERIES for count in many.values()), many
    # Flat: none grows.
    assert {path: many[path] for path in paths if many[path] > few[path]} == {}, few
