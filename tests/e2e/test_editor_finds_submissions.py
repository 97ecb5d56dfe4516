"""An editor who is not a superuser signs in through the admin's form, finds the forms and their
submissions from the dashboard and the sidebar, filters the listing and downloads the export.

``SCREENSHOTS=dir`` keeps a picture of the dashboard and the listing there."""

import csv
import io
import os
from pathlib import Path

import pytest
from django.utils import timezone

from learning_city.forms.models import FormEntry, MultiStepFormPage
from tests.factories import UserFactory, editors_group

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"
SUZHOU = {"code": "320500", "name": "苏州市", "province_code": "320000", "province": "江苏省"}


def shoot(page, name):
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_an_editor_finds_filters_and_exports_submissions(site_server, desktop):
    form = MultiStepFormPage.objects.get(slug="apply")
    for number, name in enumerate(["张三", "李四"], start=1):
        FormEntry.objects.create(
            page=form,
            user=UserFactory(username=f"city{number}"),
            status=FormEntry.Status.SUBMITTED,
            reference=f"LC-20261129-CITY0{number}",
            submitted_at=timezone.now(),
            answers={"contact_name": name, "city": SUZHOU if number == 1 else {**SUZHOU, "name": "无锡市"}},
        )
    editor = UserFactory(username="editor", password=PASSWORD, first_name="编辑")
    editor.groups.add(editors_group())

    desktop.goto(site_server + "/admin/login/")
    desktop.fill("input[name=username]", "editor")
    desktop.fill("input[name=password]", PASSWORD)
    desktop.click("button[type=submit]")
    desktop.wait_for_url("**/admin/")
    assert desktop.get_by_role("heading", name="最近的表单提交").count() == 1
    shoot(desktop, "dashboard")

    desktop.get_by_role("button", name="表单", exact=True).click()
    desktop.get_by_role("link", name="全部表单").click()
    desktop.wait_for_url("**/admin/forms/")
    shoot(desktop, "forms")
    desktop.get_by_role("link", name="2 份提交").click()
    desktop.wait_for_url(f"**/admin/lc_forms/formentry/?page={form.pk}")
    assert desktop.get_by_role("link", name="LC-20261129-CITY01").count() == 1
    desktop.fill("#id_q", "张三")
    desktop.keyboard.press("Enter")
    desktop.get_by_role("link", name="LC-20261129-CITY02").wait_for(state="detached")
    assert desktop.get_by_role("link", name="LC-20261129-CITY01").count() == 1
    shoot(desktop, "submissions")

    with desktop.expect_download() as download:
        desktop.get_by_role("link", name="CSV", exact=True).click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["LC-20261129-CITY01"]
