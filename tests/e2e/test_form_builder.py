"""An editor who is neither a programmer nor a superuser builds a nomination form in Chromium: from
the purpose's template, previewed step by step, submitted for moderation and published by a moderator
(editors do not publish: the site's workflow puts a moderator between an editor and the public).
Then an applicant picks the city with the province chooser, and the editor finds the form's
submissions from the dashboard and the sidebar, searches them and exports them from the listing.

``SCREENSHOTS=dir`` keeps a picture of the dashboard, the forms and the submissions listing there."""

import csv
import io
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from home.models import HomePage
from learning_city.forms.models import FormEntry, MultiStepFormPage
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Xuexi-2026-editor"
SUZHOU = {"code": "320500", "name": "苏州市", "province_code": "320000", "province": "江苏省"}


def shoot(page, name):
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def group_that(publishes):
    """Wagtail's editors (add and edit, no publish) or moderators (publish), whatever their names."""
    groups = Group.objects.filter(page_permissions__permission__codename="add_page").distinct()
    if publishes:
        return groups.filter(page_permissions__permission__codename="publish_page").distinct().get()
    return groups.exclude(page_permissions__permission__codename="publish_page").get()


def staff(username, publishes):
    user = UserFactory(username=username, email=f"{username}@example.cn", password=PASSWORD)
    user.groups.add(group_that(publishes))
    assert not user.is_superuser
    return user


def admin_sign_in(page, base, username):
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")


def test_an_editor_builds_previews_and_publishes_a_nomination_form(site_server, browser, settings):
    # Autosave and the preview write at the same moment: SQLite behind the test server locks one out.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    staff("bianji", publishes=False)
    staff("shenhe", publishes=True)
    home = HomePage.objects.get()
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    editor = context.new_page()
    admin_sign_in(editor, site_server, "bianji")

    # Wagtail's "add page" asks what the form is for, in plain words.
    editor.goto(f"{site_server}/admin/pages/add/lc_forms/multistepformpage/{home.pk}/")
    editor.wait_for_url(f"**/admin/forms/new/{home.pk}/")
    assert "每份推荐都会生成一篇典型展示草稿" in editor.content()
    editor.click("text=典型推荐")
    editor.wait_for_selector("#id_title")
    assert "用途所需" in editor.locator(".lc-purpose-questions").inner_text()
    editor.fill("#id_title", "百姓学习之星推荐")
    editor.press("#id_title", "Tab")
    # Wagtail fills the slug from the title as the title loses focus: let it, then choose another.
    expect(editor.locator("#id_slug")).to_have_value("百姓学习之星推荐")
    editor.get_by_role("tab", name=re.compile("推荐|推广")).click()  # Wagtail's "Promote"
    editor.fill("#id_slug", "nominate-stars")
    expect(editor.locator("#id_slug")).to_have_value("nominate-stars")
    editor.get_by_role("tab", name="内容").click()

    # The preview shows the form as applicants see it, one step at a time.
    editor.click('[data-side-panel-toggle="preview"]')
    frame = editor.frame_locator("#w-preview-iframe")
    frame.get_by_role("heading", name="填写步骤").wait_for()
    editor.select_option("#id_preview_mode", label="第2步：照片")
    frame.locator("#id_photos_rules").wait_for()
    assert "每张照片上传后都要填写照片简介" in frame.locator("#id_photos_rules").inner_text()
    editor.select_option("#id_preview_mode", label="第1步：推荐对象")
    frame.locator("select[name=city]").wait_for()

    # An editor cannot publish: the form goes to moderation.
    editor.click("footer [data-w-dropdown-target='toggle']")
    editor.click("button[name='action-submit']")
    # Back in the explorer once the form is saved and its workflow started (the redirect follows the commit).
    editor.wait_for_url(f"**/admin/pages/{home.pk}/")
    form = MultiStepFormPage.objects.get(slug="nominate-stars")
    assert form.purpose == "showcase_nomination" and not form.live
    assert form.current_workflow_state is not None
    context.close()

    context = browser.new_context(viewport={"width": 1366, "height": 900})
    moderator = context.new_page()
    admin_sign_in(moderator, site_server, "shenhe")
    moderator.goto(f"{site_server}/admin/pages/{form.pk}/edit/")
    moderator.click("footer [data-w-dropdown-target='toggle']")
    moderator.click("button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])")
    moderator.wait_for_load_state()
    form.refresh_from_db()
    assert form.live
    moderator.goto(f"{site_server}/admin/pages/{form.pk}/edit/")
    # The site's address as Wagtail knows it (its default site's host and port: set from SITE_URL on deploy).
    assert moderator.input_value("#lc-public-url") == form.full_url and form.full_url.endswith("/nominate-stars/")
    assert moderator.locator("[data-copy-url]").is_visible()
    context.close()

    # An applicant chooses the city by province, then by typing its name.
    UserFactory(username="tuijian@example.cn", email="tuijian@example.cn", password=PASSWORD)
    context = browser.new_context(viewport={"width": 412, "height": 915}, is_mobile=True, has_touch=True)
    applicant = context.new_page()
    errors = []
    applicant.on("pageerror", lambda error: errors.append(str(error)))
    applicant.goto(f"{site_server}/accounts/login/?next=/nominate-stars/step/1/")
    applicant.fill("#id_username", "tuijian@example.cn")
    applicant.fill("#id_password", PASSWORD)
    applicant.click("main button[type=submit]")
    applicant.wait_for_url("**/nominate-stars/step/1/")
    applicant.select_option("#id_city_province", label="江苏省")
    assert applicant.locator("#id_city optgroup").count() == 1
    applicant.fill("#id_city_filter", "苏州")
    assert applicant.input_value("#id_city") == "320500"
    assert errors == []
    context.close()

    submissions(form, browser, site_server)


def submissions(form, browser, site_server):
    """The editor who built the form finds its submissions and exports those a search picks."""
    for number, title in enumerate(["张三", "李四"], start=1):
        FormEntry.objects.create(
            page=form,
            user=UserFactory(username=f"city{number}"),
            status=FormEntry.Status.SUBMITTED,
            reference=f"SN-20261129-00{number}",
            submitted_at=timezone.now(),
            answers={"title": title, "city": SUZHOU if number == 1 else {**SUZHOU, "name": "无锡市"}},
        )
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    editor = context.new_page()
    admin_sign_in(editor, site_server, "bianji")
    assert editor.get_by_role("heading", name="最近的表单提交").count() == 1
    shoot(editor, "dashboard")

    editor.get_by_role("button", name="表单", exact=True).click()
    editor.get_by_role("link", name="全部表单").click()
    editor.wait_for_url("**/admin/forms/")
    shoot(editor, "forms")
    editor.get_by_role("row", name=re.compile("百姓学习之星推荐")).get_by_role("link", name="2 份提交").click()
    editor.wait_for_url(f"**/admin/lc_forms/formentry/?page={form.pk}")
    assert editor.get_by_role("link", name="SN-20261129-001").count() == 1
    editor.fill("#id_q", "张三")
    editor.keyboard.press("Enter")
    editor.get_by_role("link", name="SN-20261129-002").wait_for(state="detached")
    assert editor.get_by_role("link", name="SN-20261129-001").count() == 1
    shoot(editor, "submissions")

    with editor.expect_download() as download:
        editor.get_by_role("link", name="CSV", exact=True).click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["SN-20261129-001"]
    context.close()
