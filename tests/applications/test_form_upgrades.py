"""The shipped /apply/ form brought to attachment 1's wording on an existing site, as a new form
version: once, whatever the number of runs, without touching editors' other changes."""

import copy
import io
import json

import pytest
from django.core.management import call_command

from learning_city.applications import form_upgrades
from learning_city.applications.loaders import APPLICATION_FORM
from learning_city.forms.models import FormEntry, FormVersion, MultiStepFormPage
from tests.factories import UserFactory

SHIPPED = json.loads(APPLICATION_FORM.read_text(encoding="utf-8"))["steps"]


def old_steps():
    """/apply/ as shipped before: role headings, a plain date, the old featured-cases label, the
    declaration in the first person without the city."""
    steps = copy.deepcopy(SHIPPED)
    for step in steps:
        flat = []
        for item in step["value"]["fields"]:
            if item["type"] == "section":
                flat.append({"type": "heading", "value": item["value"]["title"]})
                flat += item["value"]["fields"]
            else:
                flat.append(item)
        step["value"]["fields"] = flat
        for item in flat:
            value = item["value"]
            key = value.get("key") if isinstance(value, dict) else None
            if key == "start_date":
                value.update(label=form_upgrades.OLD_START_LABEL, help_text="")
                value.pop("precision")
            elif key == "start_event":
                value["help_text"] = "如召开有关会议、印发相关文件或举办有关活动等。"
            elif key == "featured_cases":
                value.update(label=form_upgrades.OLD_CASES_LABEL, help_text="")
                value.pop("max_total_characters")
            elif key == "declaration":
                value.update(
                    statement=form_upgrades.OLD_DECLARATION, help_text="提交后请打印申请表，由市政府同意并加盖公章。"
                )
                value.pop("fill_from")
    return steps


@pytest.fixture
def old_site(site_content):
    page = MultiStepFormPage.objects.get(slug="apply")
    page.steps = json.dumps(old_steps())
    page.save_revision().publish()
    return MultiStepFormPage.objects.get(pk=page.pk)


def run():
    out = io.StringIO()
    call_command("upgrade_application_forms", stdout=out)
    return out.getvalue()


def test_the_shipped_form_is_what_the_upgrade_makes_of_the_old_one():
    assert form_upgrades.upgraded(old_steps()) == form_upgrades.upgraded(SHIPPED)
    assert form_upgrades.upgraded(SHIPPED) == SHIPPED


def test_run_twice_it_publishes_one_new_version(old_site, client):
    user = UserFactory(username="draft@example.cn")
    client.force_login(user)
    assert client.get("/apply/step/1/").status_code == 200  # a draft on the old version
    old_version = FormEntry.objects.get(user=user).version
    revisions = old_site.revisions.count()

    assert "Upgraded and published" in run()
    page = MultiStepFormPage.objects.get(pk=old_site.pk)
    versions = FormVersion.objects.filter(page=page).count()
    assert "up to date" in run()
    assert FormVersion.objects.filter(page=page).count() == versions
    assert page.revisions.count() == revisions + 1
    labels = [question.full_label for _number, question in page.definition.questions]
    assert "工作联系人 · 姓名" in labels
    assert page.definition.by_key["start_date"].value["precision"] == "month"
    assert page.definition.by_key["featured_cases"].value["max_total_characters"] == 400
    assert page.definition.by_key["declaration"].value["statement"].startswith("______市，")
    # the draft moves to the new version when it is next opened
    client.get("/apply/")
    moved = FormEntry.objects.get(user=user).version
    assert moved != old_version
    # the same questions as a new site's form: one version, not two that read alike
    assert moved.number == 1 and moved.definition.keys() == page.definition.keys()


def test_wording_an_editor_changed_is_left_as_it_is(old_site):
    steps = old_steps()
    for step in steps:
        for item in step["value"]["fields"]:
            if isinstance(item["value"], dict) and item["value"].get("key") == "featured_cases":
                item["value"]["label"] = "1. 特色案例（编辑改写的措辞）"
    old_site.steps = json.dumps(steps)
    old_site.save_revision().publish()
    run()
    page = MultiStepFormPage.objects.get(pk=old_site.pk)
    assert page.definition.by_key["featured_cases"].label == "1. 特色案例（编辑改写的措辞）"
    assert page.definition.by_key["declaration"].value["fill_from"] == "city"


def test_an_editors_unpublished_draft_is_upgraded_and_stays_a_draft(old_site):
    draft = old_site.get_latest_revision_as_object()
    draft.title = "申请表（编辑草稿）"
    draft.save_revision()
    run()
    page = MultiStepFormPage.objects.get(pk=old_site.pk)
    assert page.title != "申请表（编辑草稿）" and page.has_unpublished_changes
    latest = page.get_latest_revision_as_object()
    assert latest.title == "申请表（编辑草稿）"
    assert "工作联系人 · 姓名" in [question.full_label for _number, question in latest.definition.questions]
