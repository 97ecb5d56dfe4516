import csv
import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from learning_city.forms.models import EntryFile, FormEntry
from tests.factories import UserFactory
from tests.forms.conftest import STEP_ONE, STEP_TWO, post_step


@pytest.fixture
def submitted(signed_in, applicant, form_page):
    post_step(signed_in, form_page, 1, STEP_ONE)
    post_step(signed_in, form_page, 2, STEP_TWO)
    signed_in.post(f"{form_page.url}check/")
    entry = FormEntry.objects.get(user=applicant)
    EntryFile.objects.create(
        entry=entry,
        field_key="evidence",
        file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"),
        original_name="实施意见.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )
    signed_in.logout()
    return entry


@pytest.fixture
def reviewer(client, db):
    user = UserFactory(username="reviewer", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_formentry")
    )
    client.force_login(user)
    return user


def test_reviewer_lists_filters_and_reads_a_submission(client, submitted, reviewer):
    listing = client.get("/admin/lc_forms/formentry/", {"q": submitted.reference}).content.decode()
    assert submitted.reference in listing
    detail = client.get(f"/admin/lc_forms/formentry/inspect/{submitted.pk}/").content.decode()
    assert "江苏省 苏州市" in detail and "1295.80 万人" in detail and "实施意见.pdf" in detail
    # Read-only: no page adds, edits or deletes a submission.
    for missing in ("create/", "new/", f"edit/{submitted.pk}/", f"delete/{submitted.pk}/", f"history/{submitted.pk}/"):
        assert client.get(f"/admin/lc_forms/formentry/{missing}").status_code == 404
    assert client.post(f"/admin/lc_forms/formentry/delete/{submitted.pk}/").status_code == 404
    assert FormEntry.objects.filter(pk=submitted.pk).exists()


def test_exports_in_csv_and_xlsx(client, submitted, reviewer):
    response = client.get(f"/admin/form-submissions/{submitted.page_id}/export.csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    header, row = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert header[:3] == ["受理编号", "提交人", "提交时间"] and "手机号" in header
    assert row[0] == submitted.reference and "13800138000" in row
    response = client.get(f"/admin/form-submissions/{submitted.page_id}/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=1).value == submitted.reference


def test_attachments_zip_has_every_file_and_a_manifest(client, submitted, reviewer):
    response = client.get(f"/admin/form-submissions/entry/{submitted.pk}/attachments.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert "evidence/01-实施意见.pdf" in names and "manifest.txt" in names
    assert "OK" in archive.read("manifest.txt").decode()


def test_people_without_the_permission_get_nothing(client, submitted):
    client.force_login(UserFactory(username="editor", is_staff=True))
    assert client.get(f"/admin/form-submissions/{submitted.page_id}/export.csv").status_code in (302, 403)
    assert client.get(f"/admin/form-submissions/entry/{submitted.pk}/attachments.zip").status_code in (302, 403)
    client.logout()
    assert client.get(f"/admin/form-submissions/{submitted.page_id}/export.csv").status_code in (302, 403)
