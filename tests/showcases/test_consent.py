"""A learning star's page goes to moderation, or live, only once the person's consent is ticked."""

import pytest
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from learning_city.regions.models import City
from learning_city.showcases.models import LearningStarPage, ShowcaseIndexPage
from learning_city.workflows.models import group_for
from tests.factories import UserFactory, make_showcase

REFUSED = "未经本人同意，页面不能提交审核或发布"


@pytest.fixture
def editor(client, site_content):
    user = UserFactory(username="editor", is_staff=True)
    user.groups.add(group_for("editors"))
    client.force_login(user)
    return user


@pytest.fixture
def star(site_content):
    page = make_showcase(ShowcaseIndexPage.objects.get(), "star", title="社区学习之星", person_name="王老师")
    page.unpublish()
    return page


def form(page, action=None, consent=False, **extra):
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "city": City.objects.get(code="320500").pk,
            "year": "2024",
            "image_credit": "",
            "body": streamfield([]),
            "person_name": "王老师",
            "comments": inline_formset([]),
            **extra,
        }
    )
    if consent:
        data["consent_obtained"] = "on"
    if action:
        data[action] = action
    return data


def submitted(page):
    page = Page.objects.get(pk=page.pk)
    return page.workflow_in_progress


def test_submitting_for_moderation_without_consent_is_refused_beside_the_box(client, editor, star):
    response = client.post(f"/admin/pages/{star.pk}/edit/", form(star, "action-submit"))
    assert response.status_code == 200
    html = response.content.decode()
    assert REFUSED in html
    assert not submitted(star)


def test_a_draft_may_be_saved_before_consent_is_asked(client, editor, star):
    response = client.post(f"/admin/pages/{star.pk}/edit/", form(star, summary="改过的简介。"))
    assert response.status_code == 302
    assert Page.objects.get(pk=star.pk).get_latest_revision_as_object().summary == "改过的简介。"
    assert not submitted(star)


def test_with_consent_ticked_it_goes_to_moderation(client, editor, star):
    response = client.post(f"/admin/pages/{star.pk}/edit/", form(star, "action-submit", consent=True))
    assert response.status_code == 302
    assert submitted(star)


def test_a_new_page_cannot_be_submitted_without_consent(client, editor):
    index = ShowcaseIndexPage.objects.get()
    url = f"/admin/pages/add/showcases/learningstarpage/{index.pk}/"
    page = LearningStarPage(title="新的学习之星", slug="new-star", summary="简介。")
    response = client.post(url, form(page, "action-submit"))
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert not LearningStarPage.objects.filter(slug="new-star").exists()


def test_a_superuser_cannot_publish_it_without_consent_either(client, superuser, star):
    client.force_login(superuser)
    response = client.post(f"/admin/pages/{star.pk}/edit/", form(star, "action-publish"))
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert not Page.objects.get(pk=star.pk).live
