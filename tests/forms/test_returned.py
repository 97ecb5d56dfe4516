"""A reviewer returns a submission for changes; the applicant edits the same entry and resubmits."""

import datetime
import importlib
import json
import re

import pytest
from django.apps import apps
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from learning_city.forms import entries, purposes
from learning_city.forms.models import FormEntry, MultiStepFormPage
from tests.factories import HomePageFactory, MultiStepFormPageFactory, UserFactory
from tests.forms.conftest import STEP_ONE, STEP_TWO, post_step
from tests.forms.test_uploads import PDF, evidence_steps

calls = []

RESUBMITTABLE = purposes.register(
    purposes.Purpose(
        name="test_resubmittable",
        label="可退回修改的测试用途",
        on_submit=lambda entry: calls.append(("submit", entry.reference)),
        on_resubmit=lambda entry: calls.append(("resubmit", entry.reference)),
        locked_keys=lambda entry: ("city",),
    )
)
ONE_WAY = purposes.register(purposes.Purpose(name="test_one_way", label="不可退回的测试用途"))


@pytest.fixture(autouse=True)
def _forget_calls():
    calls.clear()


def use_purpose(page, name, **fields):
    MultiStepFormPage.objects.filter(pk=page.pk).update(purpose=name, **fields)
    page.refresh_from_db()


def close(page):
    page = MultiStepFormPage.objects.get(pk=page.pk)
    page.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save_revision().publish()  # as an editor closes it: the routes kept for the page are purged


def submit_through_pages(client, page):
    post_step(client, page, 1, STEP_ONE)
    post_step(client, page, 2, STEP_TWO)
    return client.post(f"{page.url}check/")


@pytest.fixture
def returned(signed_in, applicant, form_page, django_capture_on_commit_callbacks):
    """A submission of the applicant's, returned for changes by a reviewer."""
    use_purpose(form_page, RESUBMITTABLE.name)
    with django_capture_on_commit_callbacks(execute=True):
        submit_through_pages(signed_in, form_page)
    entry = FormEntry.objects.get(user=applicant)
    mail.outbox.clear()
    return entries.reopen(entry)


def test_a_returned_entry_keeps_its_reference_and_every_page_says_so(signed_in, returned, form_page):
    entry = FormEntry.objects.get(pk=returned.pk)
    assert entry.status == "returned" and entry.reference.startswith("LC-") and entry.submitted_at is not None
    assert entries.reopen(entry).status == "returned"  # a second request for changes changes nothing

    landing = signed_in.get(form_page.url).content.decode()
    assert "需要修改" in landing and "修改并重新提交" in landing and entry.reference in landing
    submitted = signed_in.get(f"{form_page.url}submitted/{entry.reference}/").content.decode()
    assert "需要修改" in submitted and "修改并重新提交" in submitted and "已成功提交" not in submitted
    printed = signed_in.get(f"{form_page.url}submitted/{entry.reference}/print/").content.decode()
    assert "状态：需要修改" in printed
    check = signed_in.get(f"{form_page.url}check/").content.decode()
    assert "已退回修改" in check and "确认重新提交" in check
    mine = signed_in.get("/accounts/applications/").content.decode()
    assert "需要修改" in mine and "修改并重新提交" in mine and entry.reference in mine
    state = signed_in.get(f"/api/forms/{form_page.pk}/draft/").json()
    assert state["status"] == "returned" and state["reference"] == entry.reference
    assert state["locked_keys"] == ["city"] and state["accepts_changes"] is True


def test_the_same_entry_is_edited_and_resubmitted_after_the_form_closed(
    signed_in, applicant, returned, form_page, django_capture_on_commit_callbacks
):
    reference, first_submitted = returned.reference, returned.submitted_at
    close(form_page)
    assert signed_in.get(f"{form_page.url}step/2/").status_code == 200
    response = post_step(signed_in, form_page, 2, {**STEP_TWO, "profile": "苏州历史悠久，经济发达，文化昌盛。"})
    assert response.status_code == 302 and response["Location"].endswith("/check/")
    assert FormEntry.objects.filter(user=applicant).count() == 1  # no second draft

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(f"{form_page.url}check/")
    assert response["Location"].endswith(f"/submitted/{reference}/")
    entry = FormEntry.objects.get(user=applicant)
    assert entry.status == "submitted" and entry.reference == reference and entry.submitted_at == first_submitted
    assert entry.resubmitted_at is not None and entry.answers["profile"] == "苏州历史悠久，经济发达，文化昌盛。"
    assert calls == [("submit", reference), ("resubmit", reference)]
    assert len(mail.outbox) == 1 and "重新提交" in mail.outbox[0].subject and reference in mail.outbox[0].subject
    assert "已重新提交" in signed_in.get(response["Location"]).content.decode()

    signed_in.post(f"{form_page.url}check/")  # a second click changes nothing
    assert FormEntry.objects.filter(user=applicant).count() == 1 and calls[-1] == ("resubmit", reference)


def test_after_closing_only_the_returned_entry_may_change(client, signed_in, returned, form_page):
    close(form_page)
    other = UserFactory(username="wang")
    client.force_login(other)
    response = post_step(client, form_page, 1, {**STEP_ONE, "contact_name": "王五"})
    assert response.status_code == 302 and response["Location"] == form_page.url
    assert not FormEntry.objects.filter(user=other).exclude(answers={}).exists()
    assert client.post(f"/api/forms/{form_page.pk}/submit/").status_code == 409


def test_the_api_edits_and_resubmits_a_returned_entry(signed_in, applicant, returned, form_page):
    close(form_page)
    base = f"/api/forms/{form_page.pk}"
    saved = signed_in.post(f"{base}/steps/1/", json.dumps({**STEP_ONE, "contact_name": "张三丰"}), "application/json")
    assert saved.status_code == 200 and saved.json()["status"] == "returned"
    answer = signed_in.post(f"{base}/submit/").json()
    assert answer == {"status": "submitted", "reference": returned.reference, "resubmitted": True}
    assert FormEntry.objects.get(user=applicant).answers["contact_name"] == "张三丰"


def test_a_locked_answer_cannot_change_and_its_stored_answer_stays(signed_in, applicant, returned, form_page):
    page_html = signed_in.get(f"{form_page.url}step/1/").content.decode()
    assert "退回修改时不能更改此项" in page_html
    assert re.search(r'<select[^>]*name="city"[^>]*disabled', page_html)  # shown, not posted

    response = post_step(signed_in, form_page, 1, {**STEP_ONE, "city": "320200"})
    assert response.status_code == 200
    assert "不能更改" in response.content.decode()
    entry = FormEntry.objects.get(user=applicant)
    assert entry.answers["city"]["name"] == "苏州市"
    assert entry.wizard_data["step_data"]["1"]["city"] == ["320500"]

    api = signed_in.post(
        f"/api/forms/{form_page.pk}/steps/1/", json.dumps({**STEP_ONE, "city": "320200"}), "application/json"
    )
    assert api.status_code == 422 and "不能更改" in api.json()["errors"]["city"][0]
    assert api.json()["answers"]["city"]["name"] == "苏州市"

    # A disabled select is not posted at all: the stored answer stands and the step is complete.
    without_city = {key: value for key, value in STEP_ONE.items() if key != "city"}
    response = post_step(signed_in, form_page, 1, without_city)
    assert response.status_code == 302 and response["Location"].endswith("/step/2/")
    entry.refresh_from_db()
    assert entry.answers["city"]["name"] == "苏州市" and 1 in entry.completed_steps
    assert signed_in.post(f"{form_page.url}check/")["Location"].endswith(f"/submitted/{entry.reference}/")


def test_the_purpose_can_refuse_a_submit_with_a_message(signed_in, applicant, form_page):
    purposes.register(
        purposes.Purpose(
            name="test_refusing",
            label="拒绝提交的测试用途",
            validate_submission=lambda entry: ["苏州市的申请正在审核中，不能重复申请。"],
        )
    )
    use_purpose(form_page, "test_refusing")
    post_step(signed_in, form_page, 1, STEP_ONE)
    post_step(signed_in, form_page, 2, STEP_TWO)
    check = signed_in.get(f"{form_page.url}check/").content.decode()
    assert "苏州市的申请正在审核中" in check and "确认提交" not in check

    response = signed_in.post(f"{form_page.url}check/", follow=True)
    assert response.redirect_chain[0][0].endswith("/check/")
    assert "苏州市的申请正在审核中" in response.content.decode()
    entry = FormEntry.objects.get(user=applicant)
    assert entry.status == "draft" and entry.reference is None

    refused = signed_in.post(f"/api/forms/{form_page.pk}/submit/")
    assert refused.status_code == 422 and refused.json()["problems"] == ["苏州市的申请正在审核中，不能重复申请。"]


def test_reopening_makes_no_second_open_entry(signed_in, applicant, form_page):
    use_purpose(form_page, RESUBMITTABLE.name)
    submit_through_pages(signed_in, form_page)
    submission = FormEntry.objects.get(user=applicant)

    signed_in.get(f"{form_page.url}step/1/")  # opens a new, untouched draft
    assert FormEntry.objects.filter(user=applicant, status="draft").count() == 1
    entries.reopen(submission)  # the untouched draft gives way
    assert list(FormEntry.objects.filter(user=applicant).values_list("status", flat=True)) == ["returned"]
    assert entries.find_or_create_draft(form_page, user=applicant).pk == submission.pk


def test_what_cannot_be_returned(signed_in, applicant, form_page):
    use_purpose(form_page, RESUBMITTABLE.name)
    submit_through_pages(signed_in, form_page)
    submission = FormEntry.objects.get(user=applicant)
    post_step(signed_in, form_page, 1, STEP_ONE)  # a second draft with answers in it
    draft = FormEntry.objects.get(user=applicant, status="draft")
    with pytest.raises(entries.CannotReopen):
        entries.reopen(submission)
    with pytest.raises(entries.CannotReopen):
        entries.reopen(draft)
    use_purpose(form_page, ONE_WAY.name)
    draft.delete()
    with pytest.raises(entries.CannotReopen):
        entries.reopen(submission)
    assert FormEntry.objects.get(pk=submission.pk).status == "submitted"


def test_completed_steps_saved_as_strings_become_numbers(form_page, applicant):
    migration = importlib.import_module("learning_city.forms.migrations.0004_completed_steps_as_numbers")
    entry = FormEntry.objects.create(page=form_page, user=applicant, completed_steps=["2", "1"])
    migration.as_numbers(apps, None)
    entry.refresh_from_db()
    assert entry.completed_steps == [1, 2]
    assert [row["state"] for row in entries.step_statuses(form_page, entry)] == ["complete", "complete"]


def test_files_of_a_locked_upload_question_are_refused(client, db):
    purposes.register(
        purposes.Purpose(
            name="test_locked_documents",
            label="锁定文件的测试用途",
            on_resubmit=lambda entry: None,
            locked_keys=lambda entry: ("documents",),
        )
    )
    page = MultiStepFormPageFactory(
        parent=HomePageFactory(), steps=evidence_steps(), slug="evidence", purpose="test_locked_documents"
    )
    user = UserFactory(username="files")
    client.force_login(user)
    entry = FormEntry.objects.create(
        page=page, user=user, status="returned", reference="LC-20261129-LOCKED", submitted_at=timezone.now()
    )
    response = client.post(
        f"{page.url}step/1/",
        {f"form_{page.pk}-current_step": "1", "documents": SimpleUploadedFile("新.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 200 and "不能更改" in response.content.decode()
    assert not entry.files.exists()


def test_a_returned_entry_never_gives_way_to_another(signed_in, applicant, form_page):
    """Two submissions of one owner on one page: returning the second must not delete the first."""
    use_purpose(form_page, RESUBMITTABLE.name)
    submit_through_pages(signed_in, form_page)
    first = FormEntry.objects.get(user=applicant)
    entries.reopen(first)
    second = FormEntry.objects.create(
        page=form_page, user=applicant, status="submitted", reference="LC-20261129-SECOND", answers={}
    )
    with pytest.raises(entries.CannotReopen):
        entries.reopen(second)
    assert FormEntry.objects.get(pk=first.pk).status == "returned"
