"""The applicant's side of the builder's rough edges: upload rules read before choosing files, the city
question as a province-then-city chooser, and the attachments' folders named as the form names them."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from learning_city.forms.attachment_folders import clean, folder_names
from learning_city.forms.models import FormEntry
from tests.factories import HomePageFactory, MultiStepFormPageFactory, UserFactory, question
from tests.forms import test_uploads
from tests.forms.test_uploads import PDF, png

# The evidence form of the upload tests, and its owner signed in.
page, owner = test_uploads.page, test_uploads.owner


def test_upload_rules_are_shown_before_choosing_files(client, owner, page):
    html = client.get(f"{page.url}step/1/").content.decode()
    photos_input = html.index('<input type="file" name="photos"')
    rules = html.index('id="id_photos_rules"')
    assert rules < photos_input
    shown = html[rules:photos_input]
    for text in ("最多 3 张", "每张不超过 5 MB", "长边至少 800 像素", "短边至少 600 像素", "照片简介", "版权信息"):
        assert text in shown, text
    assert 'aria-describedby="id_photos_rules"' in html[photos_input : photos_input + 300]
    documents = html[html.index('id="id_documents_rules"') : html.index('<input type="file" name="documents"')]
    assert "仅限 PDF 文件，最多 3 个，每个不超过 1 MB" in documents


def test_the_city_question_is_province_groups_that_script_turns_into_a_chooser(client, owner, form_page):
    html = client.get(f"{form_page.url}step/1/").content.decode()
    select = html[html.index('<select name="city"') : html.index("</select>", html.index('<select name="city"'))]
    assert "data-city-chooser" in select
    assert select.count("<optgroup") == 31 and select.count("<option") == 337 + 1  # works without script
    assert '<optgroup label="江苏省">' in select and '<option value="320500">苏州市</option>' in select
    assert "js/forms.js" in html


@pytest.fixture
def entry_with_files(page, owner):
    entry = FormEntry.objects.create(page=page, user=owner, status="submitted", reference="LC-20260101-FOLDER")
    for key, name, content in (("documents", "政策.pdf", PDF), ("photos", "活动.png", png(900, 700))):
        entry.files.create(
            field_key=key,
            file=SimpleUploadedFile(name, content),
            original_name=name,
            content_type="application/pdf" if key == "documents" else "image/png",
            size=len(content),
            sha256=key,
        )
    return entry


def test_attachment_folders_are_named_by_question_number_and_label(entry_with_files):
    assert folder_names(entry_with_files) == {"documents": "01 政策文件（PDF）", "photos": "02 活动照片"}


def test_attachment_folder_names_are_safe_and_unique(db, owner):
    steps = [
        {
            "type": "step",
            "value": {
                "title": "材料",
                "intro": "",
                "fields": [
                    question("documents", "a", "文件 / 其他：*?", max_files=1, max_megabytes=1),
                    question("documents", "b", "文件 / 其他：*?", max_files=1, max_megabytes=1),
                    question("documents", "c", "..", max_files=1, max_megabytes=1),
                ],
            },
        }
    ]
    page = MultiStepFormPageFactory(parent=HomePageFactory(), steps=json.dumps(steps), slug="folders")
    entry = FormEntry.objects.create(page=page, user=owner, status="submitted", reference="LC-20260101-SAFE01")
    entry.files.create(field_key="gone", file=SimpleUploadedFile("x.pdf", PDF), original_name="x.pdf", size=1)
    names = folder_names(entry)
    assert names["a"] == "01 文件 其他：" and names["b"] == "02 文件 其他："
    assert all("/" not in name and "*" not in name and "?" not in name for name in names.values())
    assert len(set(names.values())) == len(names)
    assert names["c"] == "03"
    assert names["gone"] == "gone"  # a question the entry's version does not ask keeps its key


def test_clean_keeps_folder_names_short_and_never_a_path():
    assert clean("../../etc/passwd") == "etc passwd"
    assert len(clean("学" * 200)) == 60
    assert clean("第1/2批：城市*材料") == "第1 2批：城市 材料"  # a full-width colon is no path


def test_the_attachments_zip_uses_the_readable_folders(client, entry_with_files):
    client.force_login(UserFactory(username="office", is_superuser=True, is_staff=True))
    response = client.get(f"/admin/form-submissions/entry/{entry_with_files.pk}/attachments.zip")
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == ["01 政策文件（PDF）/01-政策.pdf", "02 活动照片/02-活动.png", "manifest.txt"]
