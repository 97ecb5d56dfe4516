"""What keeps the review honest when an administrator changes things or an applicant removes a file."""

import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from wagtail.models import WorkflowTask

from learning_city.applications.models import CityApplication
from learning_city.applications.review import workflow_is_sound
from learning_city.forms import purposes
from learning_city.forms.models import EntryFile, FormEntry, new_reference
from tests.applications.conftest import application_of, submitted_entry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_workflow_that_drops_the_provincial_step_refuses_submissions(client, application_page, ministry_reviewer):
    workflow = CityApplication.get_default_workflow()
    province_step = WorkflowTask.objects.get(workflow=workflow, sort_order=0)
    province_step.sort_order = 9  # an administrator moves the province's step to the end
    province_step.save()
    assert not workflow_is_sound()
    with pytest.raises(ImproperlyConfigured):
        submitted_entry(application_page, UserFactory())
    assert not CityApplication.objects.exists()
    client.force_login(ministry_reviewer)
    assert "第一步不是“省级核实推荐”" in client.get("/admin/review-desk/").content.decode()


def test_the_revision_names_a_file_the_city_removed_later(application_page):
    """Files a reviewer has seen are named by the revision's manifest after the applicant removes them."""
    user = UserFactory()
    entry = FormEntry.objects.create(
        page=application_page,
        user=user,
        status="submitted",
        reference=new_reference(),
        submitted_at=timezone.now(),
        answers={"city": {"code": "320500", "name": "苏州市"}},
    )
    EntryFile.objects.create(
        entry=entry,
        field_key="evidence_documents",
        file="private/forms/x.pdf",
        original_name="实施意见.pdf",
        content_type="application/pdf",
        size=1234,
        sha256="a" * 64,
    )
    with transaction.atomic():
        purposes.get(application_page.purpose).on_submit(entry)
    application = application_of(entry)
    entry.files.all().delete()  # the applicant removes it once the application is returned
    revision = application.get_latest_revision()
    assert [(item["name"], item["size"], item["sha256"]) for item in revision.content["file_manifest"]] == [
        ("实施意见.pdf", 1234, "a" * 64)
    ]


def test_the_join_route_migration_adds_the_question_once():
    migration = importlib.import_module("learning_city.applications.migrations.0004_join_route_question")
    steps = [
        {
            "type": "step",
            "value": {
                "title": "一",
                "intro": "",
                "fields": [
                    {"type": "city", "value": {"key": "city", "label": "城市"}, "id": "c"},
                ],
            },
        }
    ]
    once = migration.with_question(steps)
    assert [field["value"].get("key") for field in once[0]["value"]["fields"]] == ["city", "join_route"]
    assert migration.with_question(once) is None


def test_the_provinces_reviewer_compares_the_citys_versions_and_no_other_province_can(
    client, application_page, jiangsu_reviewer, zhejiang_reviewer
):
    application = application_of(submitted_entry(application_page, UserFactory()))
    application.answers = {**application.answers, "contact_name": "李四"}
    application.save_revision(user=application.applicant)  # a resubmission's revision
    desk = f"/admin/review-desk/{application.pk}/"
    client.force_login(jiangsu_reviewer)
    compare = (
        f"/admin/snippets/applications/cityapplication/history/{application.pk}/revisions/compare/earliest...latest/"
    )
    assert compare in client.get(desk).content.decode()
    response = client.get(compare)
    assert response.status_code == 200 and "李四" in response.content.decode()
    client.force_login(zhejiang_reviewer)
    assert client.get(compare).status_code in (302, 403, 404)


def test_a_review_stopped_without_a_decision_frees_the_city(application_page, jiangsu_reviewer):
    first = application_of(submitted_entry(application_page, UserFactory()))
    # what deactivating the workflow in the admin does to each review in progress
    first.current_workflow_state.cancel(user=jiangsu_reviewer)
    first.refresh_from_db()
    assert first.is_open is False and first.public_status() == "stopped"
    again = application_of(submitted_entry(application_page, UserFactory()))
    assert again.city == first.city and again.public_status() == "provincial_review"
