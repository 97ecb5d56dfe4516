import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from learning_city.guide.models import TaskPage
from learning_city.showcases.models import (
    BrandProjectPage,
    ExemplaryCityPage,
    LearningStarPage,
    ShowcaseIndexPage,
    ShowcasePage,
)
from tests.factories import make_showcase


@pytest.fixture
def index(without_demo_showcases):
    return ShowcaseIndexPage.objects.get()  # load_content publishes /showcases/


def titles(client, **params):
    html = client.get("/showcases/", params).content.decode()
    return html


def test_page_tree_rules(index):
    assert not ShowcasePage.is_creatable
    for model in (BrandProjectPage, LearningStarPage, ExemplaryCityPage):
        assert model.can_create_at(index)
        assert not model.can_create_at(index.get_parent())
    assert not ShowcaseIndexPage.can_create_at(index.get_parent())  # one index


def test_filters_combine_and_stay_in_the_url(client, index):
    community = TaskPage.objects.get(number=2)
    reading = TaskPage.objects.get(number=5)
    make_showcase(index, "brand", "320500", 2024, [community], title="苏州社区教育云课堂")
    make_showcase(index, "brand", "320100", 2023, [reading], title="南京读书节")
    make_showcase(index, "star", "320500", 2024, [community], title="苏州学习之星")
    make_showcase(index, "brand", "510100", 2024, [community], title="成都社区学院")
    html = titles(client, type="brand", task=2, province="320000")
    assert "苏州社区教育云课堂" in html
    assert "南京读书节" not in html and "苏州学习之星" not in html and "成都社区学院" not in html
    assert 'value="brand" selected' in html and 'value="320000" selected' in html
    west = titles(client, region="west")
    assert "成都社区学院" in west and "苏州" not in west.split("共 ")[1]
    assert "共 1 项" in titles(client, year=2023)
    assert "共 4 项" in titles(client, task="x", region="north")  # nonsense filters are ignored


def test_pagination_keeps_the_filters(client, index):
    for _ in range(14):
        make_showcase(index, "brand", "320500", 2024)
    html = titles(client, type="brand")
    assert "第 1/2 页" in html and 'href="?type=brand&amp;page=2"' in html


@pytest.mark.parametrize("count", [10, 500])
def test_listing_queries_do_not_grow_with_showcases(client, index, count, django_assert_max_num_queries):
    image = Image.objects.create(title="活动", file=get_test_image_file(size=(640, 480)))
    tasks = list(TaskPage.objects.all()[:2])
    for number in range(count):
        make_showcase(index, ("brand", "star", "city")[number % 3], "320500", 2020 + number % 5, tasks, image=image)
    client.get("/showcases/")  # renditions are generated on the first view
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/showcases/").status_code == 200
    # Measured with 10 showcases; 60 must not need more.
    with django_assert_max_num_queries(25):
        client.get("/showcases/")
    assert len(queries.captured_queries) <= 25


def test_each_task_page_lists_the_showcases_that_serve_it(client, index):
    community = TaskPage.objects.get(number=2)
    make_showcase(index, "brand", "320500", 2024, [community], title="苏州社区教育云课堂")
    make_showcase(index, "star", "510100", 2024, [TaskPage.objects.get(number=5)], title="成都读书之星")
    html = client.get("/guide/community-and-elderly-education/").content.decode()
    assert "苏州社区教育云课堂" in html and "成都读书之星" not in html


def test_a_showcase_page_reads_well(client, index):
    page = make_showcase(
        index, "city", "320500", 2024, [TaskPage.objects.get(number=1)], title="苏州市", population="1295.80"
    )
    html = client.get(page.url).content.decode()
    assert "1295.80 万人" in html and "江苏省 苏州市" in html and "重点任务（一）" in html


def test_network_page_lives_once_under_the_home_page(site_content):
    from learning_city.showcases.models import NetworkPage

    home = site_content.get_parent()
    assert NetworkPage.objects.child_of(home).count() == 1
    assert not NetworkPage.can_create_at(home)  # max_count reached
    assert NetworkPage.allowed_subpage_models() == []
