import pytest
from wagtail.models import Page

from home.models import HomePage
from learning_city.guide.models import GuidePage, TaskPage
from tests.factories import GuidePageFactory, HomePageFactory, TaskPageFactory


@pytest.fixture
def home(db):
    return HomePageFactory()


def test_home_page_only_at_the_tree_root_and_only_once(home):
    root = Page.get_first_root_node()
    assert not HomePage.can_create_at(root)  # max_count reached
    assert not HomePage.can_create_at(home)
    from learning_city.forms.models import MultiStepFormPage
    from learning_city.showcases.models import NetworkPage, ShowcaseIndexPage

    assert HomePage.allowed_subpage_models() == [GuidePage, MultiStepFormPage, ShowcaseIndexPage, NetworkPage]


def test_one_guide_under_the_home_page(home):
    assert GuidePage.can_create_at(home)
    guide = GuidePageFactory(parent=home)
    assert not GuidePage.can_create_at(home)
    assert not GuidePage.can_create_at(guide)
    assert not GuidePage.can_create_at(Page.get_first_root_node())


def test_task_pages_live_only_under_the_guide_and_have_no_children(home):
    guide = GuidePageFactory(parent=home)
    task = TaskPageFactory(parent=guide, number=1)
    assert TaskPage.can_create_at(guide)
    assert not TaskPage.can_create_at(home)
    assert not TaskPage.can_create_at(task)
    assert TaskPage.allowed_subpage_models() == []


def test_admin_refuses_a_second_task_with_the_same_number(client, superuser, home):
    guide = GuidePageFactory(parent=home)
    TaskPageFactory(parent=guide, number=2, title="加快发展社区教育和老年教育")
    client.force_login(superuser)
    response = client.post(
        f"/admin/pages/add/guide/taskpage/{guide.pk}/",
        {
            "title": "重复的任务",
            "slug": "duplicate-task",
            "number": "2",
            "summary": "摘要",
            "body": '{"blocks":[{"key":"a","type":"unstyled","text":"正文","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
            "action-publish": "publish",
        },
    )
    assert response.status_code == 200
    assert "已有其他重点任务页面使用该序号" in response.content.decode()
    assert TaskPage.objects.filter(number=2).count() == 1


def test_admin_creates_a_task_with_a_free_number(client, superuser, home):
    guide = GuidePageFactory(parent=home)
    client.force_login(superuser)
    response = client.post(
        f"/admin/pages/add/guide/taskpage/{guide.pk}/",
        {
            "title": "高质量推进全民阅读",
            "slug": "reading-for-all",
            "number": "5",
            "summary": "开展全民阅读日等活动。",
            "body": '{"blocks":[{"key":"a","type":"unstyled","text":"正文","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302
    assert TaskPage.objects.get(number=5).live
