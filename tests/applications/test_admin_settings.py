"""The ministry's office keeps who reviews which province and each round's deadline, in the admin."""

import pytest

from learning_city.applications.models import ApplicationRound, ProvinceReviewer
from learning_city.regions.models import Province
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_ministry_assigns_a_provincial_reviewer(client, ministry_reviewer):
    newcomer = UserFactory(username="anhui-reviewer")
    anhui = Province.objects.get(code="340000")
    client.force_login(ministry_reviewer)
    assert client.get("/admin/province_reviewers/").status_code == 200
    response = client.post("/admin/province_reviewers/new/", {"user": newcomer.pk, "province": anhui.pk})
    assert response.status_code == 302
    assert ProvinceReviewer.objects.filter(user=newcomer, province=anhui).exists()


def test_the_ministry_sets_a_rounds_deadline(client, ministry_reviewer, application_page):
    client.force_login(ministry_reviewer)
    response = client.post(
        "/admin/application_rounds/new/",
        {"form_page": application_page.pk, "year": 2024, "name": "2024年申报", "provincial_deadline": "2024-12-10"},
    )
    assert response.status_code == 302
    assert str(ApplicationRound.objects.get(form_page=application_page).provincial_deadline) == "2024-12-10"


def test_provincial_reviewers_cannot_assign_themselves_more_provinces(client, jiangsu_reviewer):
    client.force_login(jiangsu_reviewer)
    for url in ("/admin/province_reviewers/", "/admin/province_reviewers/new/", "/admin/application_rounds/"):
        assert client.get(url).status_code in (302, 403), url
    assert "/admin/province_reviewers/" not in client.get("/admin/").content.decode()
