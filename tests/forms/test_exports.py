"""The submissions export as a reviewer opens it: any form title makes a workbook, and times read in
Beijing time (the admin's and the e-mails'), not UTC."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from learning_city.forms.models import FormEntry
from learning_city.spreadsheets import file_name_part, sheet_title
from tests.factories import UserFactory

# 2024-12-10 01:30 UTC is 09:30 in Beijing.
SUBMITTED = datetime.datetime(2024, 12, 10, 1, 30, tzinfo=datetime.UTC)


@pytest.fixture
def reviewer(client, db):
    user = UserFactory(username="reviewer", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_formentry"]))
    client.force_login(user)
    return user


@pytest.fixture
def submission(form_page, applicant):
    return FormEntry.objects.create(
        page=form_page,
        user=applicant,
        status=FormEntry.Status.SUBMITTED,
        reference="LC-20241210-ABCDEF",
        submitted_at=SUBMITTED,
        answers={"contact_name": "张三"},
    )


def xlsx(client, page):
    response = client.get(f"/admin/form-submissions/{page.pk}/export.xlsx")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


def test_a_title_with_characters_excel_refuses_still_exports(client, reviewer, submission, form_page):
    form_page.title = "学习型城市申请表（第1/2批）[试点]*: 是否? 见\\附件"
    form_page.save()
    sheet = xlsx(client, form_page)
    assert sheet.title == "学习型城市申请表（第1_2批）_试点_ 是否_ 见_附件"
    assert sheet["A2"].value == "LC-20241210-ABCDEF"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("（第1/2批）", "（第1_2批）"),
        ("a" * 40, "a" * 31),
        ("'引号'", "引号"),
        ("[]", "_"),
        ("", "工作表1"),
    ],
)
def test_sheet_titles_are_ones_excel_accepts(title, expected):
    assert sheet_title(title) == expected


def test_file_name_parts_have_no_separators():
    assert file_name_part("../第1/2批:附件?.pdf") == "_第1_2批_附件_.pdf"
    assert file_name_part("  ") == "文件"


def test_the_xlsx_says_when_in_beijing_time(client, reviewer, submission, form_page):
    assert xlsx(client, form_page)["C2"].value == "2024-12-10 09:30"


def test_the_csv_says_when_in_beijing_time(client, reviewer, submission, form_page):
    response = client.get(f"/admin/form-submissions/{form_page.pk}/export.csv")
    _header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    assert row[2] == "2024-12-10 09:30"
