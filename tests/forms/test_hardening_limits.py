"""Resource limits a form page sets and an editor sees: the attachments of one entry together, and the
submissions of one account; and the cap on the fields of one POST, which every real step stays under."""

import io
import json

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from learning_city.forms.blocks import field_key, questions
from learning_city.forms.models import EntryFile, FormEntry, MultiStepFormPage
from tests.factories import HomePageFactory, MultiStepFormPageFactory, UserFactory, question
from tests.forms.conftest import STEP_ONE, STEP_TWO, post_step

MB = 1024 * 1024


def pdf(size, filler=b"a"):
    """A PDF of about ``size`` bytes: its bulk is one comment line."""
    body = b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return b"%PDF-1.4\n%" + filler * (size - len(body) - 10) + body


@pytest.fixture
def evidence_page(db):
    steps = [
        {
            "type": "step",
            "value": {
                "title": "佐证材料",
                "intro": "",
                "fields": [question("documents", "documents", "政策文件（PDF）", max_files=5, max_megabytes=1)],
            },
        }
    ]
    page = MultiStepFormPageFactory(parent=HomePageFactory(), steps=json.dumps(steps), slug="evidence")
    page.max_attachment_megabytes = 2
    page.save_revision().publish()
    return MultiStepFormPage.objects.get(pk=page.pk)


@pytest.fixture
def owner(client, db):
    user = UserFactory(username="owner")
    client.force_login(user)
    return user


def upload(client, page, *files, **data):
    return client.post(
        f"{page.url}step/1/", {f"form_{page.pk}-current_step": "1", "action": "next", "documents": list(files), **data}
    )


def document(name, filler):
    return SimpleUploadedFile(name, pdf(900 * 1024, filler), "application/pdf")


# --- the attachments of one entry together ----------------------------------------------------------


def test_files_past_the_forms_total_are_refused_beside_the_upload_question(client, owner, evidence_page):
    response = upload(
        client, evidence_page, document("一.pdf", b"a"), document("二.pdf", b"b"), document("三.pdf", b"c")
    )
    assert response.status_code == 200  # the step again, with the error
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    errors = " ".join(p.get_text() for p in soup.select(".field__error"))
    assert "附件总大小不能超过 2 MB" in errors and "“三.pdf”" in errors and "未添加" in errors
    assert sorted(EntryFile.objects.values_list("original_name", flat=True)) == ["一.pdf", "二.pdf"]


def test_a_file_removed_in_the_same_post_makes_room(client, owner, evidence_page):
    upload(client, evidence_page, document("一.pdf", b"a"), document("二.pdf", b"b"))
    first = EntryFile.objects.get(original_name="一.pdf")
    upload(client, evidence_page, document("三.pdf", b"c"), **{"documents-remove": str(first.pk)})
    assert sorted(EntryFile.objects.values_list("original_name", flat=True)) == ["三.pdf", "二.pdf"]


def test_the_api_refuses_files_past_the_total_with_the_same_error(client, owner, evidence_page):
    upload(client, evidence_page, document("一.pdf", b"a"), document("二.pdf", b"b"))
    response = client.post(f"/api/forms/{evidence_page.pk}/steps/1/", {"documents": document("三.pdf", b"c")})
    assert response.status_code == 422
    assert "附件总大小不能超过 2 MB" in " ".join(response.json()["errors"]["documents"])
    assert EntryFile.objects.count() == 2


# --- submissions per account -----------------------------------------------------------------------


def submit_once(client, page):
    post_step(client, page, 1, STEP_ONE)
    post_step(client, page, 2, STEP_TWO)
    return client.post(f"{page.url}check/")


def test_an_account_submits_a_form_as_often_as_it_allows(signed_in, applicant, form_page):
    form_page.max_submissions_per_account = 2
    form_page.save_revision().publish()
    for _time in range(2):
        submit_once(signed_in, form_page)
    assert FormEntry.objects.filter(user=applicant, status=FormEntry.Status.SUBMITTED).count() == 2

    refused = signed_in.get(f"{form_page.url}step/1/", follow=True).content.decode()
    assert "每个账号最多可提交本表单 2 次" in refused
    post_step(signed_in, form_page, 1, STEP_ONE)
    assert not FormEntry.objects.filter(user=applicant, status=FormEntry.Status.DRAFT).exists()
    api = signed_in.post(f"/api/forms/{form_page.pk}/steps/1/", STEP_ONE)
    assert api.status_code == 409 and "每个账号最多可提交本表单 2 次" in api.json()["message"]


def test_a_draft_started_before_the_limit_was_reached_is_not_submitted_past_it(signed_in, applicant, form_page):
    form_page.max_submissions_per_account = 1
    form_page.save_revision().publish()
    post_step(signed_in, form_page, 1, STEP_ONE)
    post_step(signed_in, form_page, 2, STEP_TWO)
    FormEntry.objects.create(page=form_page, user=applicant, status=FormEntry.Status.SUBMITTED, reference="LC-1")
    response = signed_in.post(f"{form_page.url}check/", follow=True)
    assert "每个账号最多可提交本表单 1 次" in response.content.decode()
    assert FormEntry.objects.get(user=applicant, status=FormEntry.Status.DRAFT).reference is None
    api = signed_in.post(f"/api/forms/{form_page.pk}/submit/")
    assert api.status_code == 422 and "每个账号最多可提交本表单 1 次" in api.json()["problems"][0]


def test_other_accounts_are_not_held_back(client, form_page):
    form_page.max_submissions_per_account = 1
    form_page.save_revision().publish()
    for name in ("first", "second"):
        client.force_login(UserFactory(username=name))
        submit_once(client, form_page)
    assert FormEntry.objects.filter(status=FormEntry.Status.SUBMITTED).count() == 2


# --- the shipped application form and the editor -----------------------------------------------------


def test_the_shipped_application_form_has_limits_an_editor_sees(client, site_content, superuser):
    page = MultiStepFormPage.objects.get(slug="apply")
    assert page.max_attachment_megabytes == 300  # not the ~1 GB its 40 files at their own limits allow
    assert page.max_submissions_per_account == 3
    client.force_login(superuser)
    editor = BeautifulSoup(client.get(f"/admin/pages/{page.pk}/edit/").content.decode(), "html.parser")
    assert editor.select_one("input[name=max_attachment_megabytes]")["value"] == "300"
    assert editor.select_one("input[name=max_submissions_per_account]")["value"] == "3"


# --- fields in one POST ----------------------------------------------------------------------------


def posted_names(html):
    """The names a browser posts from the step's form (every group row is on the page)."""
    form = BeautifulSoup(html, "html.parser").select_one("main form[method=post]")
    return [
        element["name"]
        for element in form.select("input[name], textarea[name], select[name], button[name]")
        if element.get("type") != "file"
    ]


@pytest.fixture
def apply_page(client, db):
    call_command("load_content", stdout=io.StringIO())
    client.force_login(UserFactory(username="city"))
    return MultiStepFormPage.objects.get(slug="apply")


def test_every_step_of_the_application_form_stays_well_under_the_field_cap(client, apply_page):
    largest = 0
    for number, step in enumerate(apply_page.step_list, start=1):
        names = posted_names(client.get(f"/apply/step/{number}/").content.decode())
        # With every file attached: each file's remove box, and each photo's caption and copyright.
        for child in questions(step):
            if child.block_type in ("documents", "photos"):
                names += [field_key(child)] * child.value["max_files"] * (3 if child.block_type == "photos" else 1)
        largest = max(largest, len(names))
    assert 60 < largest < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS // 10


def test_part_three_with_every_row_filled_is_taken(client, apply_page):
    names = posted_names(client.get("/apply/step/3/").content.decode())
    data = {name: "" for name in names}
    data.update({f"form_{apply_page.pk}-current_step": "3", "action": "save", "start_date": "2015-06"})
    response = client.post("/apply/step/3/", data)
    assert response.status_code == 302


def test_a_post_with_more_fields_than_the_cap_is_refused(client, apply_page):
    data = {f"x{number}": "1" for number in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    data.update({f"form_{apply_page.pk}-current_step": "3", "action": "save"})
    assert client.post("/apply/step/3/", data).status_code == 400
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 2_000
