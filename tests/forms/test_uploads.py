import datetime
import io
import json
import os

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from learning_city.forms.models import EntryFile, FormEntry
from learning_city.forms.tasks import clean_orphaned_files
from tests.factories import HomePageFactory, MultiStepFormPageFactory, UserFactory, question

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def evidence_steps():
    return json.dumps(
        [
            {
                "type": "step",
                "value": {
                    "title": "佐证材料",
                    "intro": "",
                    "fields": [
                        question("documents", "documents", "政策文件（PDF）", max_files=3, max_megabytes=1),
                        question(
                            "photos", "photos", "活动照片", max_files=3, max_megabytes=5, min_width=800, min_height=600
                        ),
                    ],
                },
            }
        ]
    )


def png(width, height, mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, (width, height), "white" if mode == "RGB" else 1).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def page(db):
    return MultiStepFormPageFactory(parent=HomePageFactory(), steps=evidence_steps(), slug="evidence")


@pytest.fixture
def owner(client, db):
    user = UserFactory(username="owner")
    client.force_login(user)
    return user


def post(client, page, files=None, **data):
    payload = {f"form_{page.pk}-current_step": "1", "action": "next", **data}
    for name, upload in (files or {}).items():
        payload[name] = upload
    return client.post(f"{page.url}step/1/", payload)


def photo_ids(user):
    return list(EntryFile.objects.filter(entry__user=user, field_key="photos").values_list("pk", flat=True))


def test_files_stay_attached_without_a_second_upload(client, owner, page):
    post(
        client,
        page,
        files={
            "documents": SimpleUploadedFile("政策.pdf", PDF, "application/pdf"),
            "photos": SimpleUploadedFile("活动.png", png(900, 700), "image/png"),
        },
    )
    (photo,) = photo_ids(owner)
    response = post(
        client, page, **{f"photos-{photo}-caption": "社区学习活动", f"photos-{photo}-copyright": "© 苏州市教育局"}
    )
    assert response.status_code == 302  # valid with no new upload: nothing asked twice
    entry = FormEntry.objects.get(user=owner)
    assert entry.completed_steps == [1]
    assert [item["name"] for item in entry.answers["documents"]] == ["政策.pdf"]
    stored = EntryFile.objects.get(field_key="documents")
    assert stored.file.name.startswith("forms/") and stored.content_type == "application/pdf"
    assert stored.file.storage is storages["private"]
    assert "政策.pdf" in client.get(f"{page.url}step/1/").content.decode()


def test_a_renamed_executable_is_not_a_pdf(client, owner, page):
    html = post(
        client,
        page,
        files={"documents": SimpleUploadedFile("报告.pdf", b"MZ\x90\x00" + b"\x00" * 200, "application/pdf")},
    ).content.decode()
    assert "不是 PDF 文件" in html
    assert not EntryFile.objects.exists()


def test_a_file_over_the_limit_is_refused(client, owner, page):
    big = PDF + b"0" * (1024 * 1024 + 10)
    html = post(
        client, page, files={"documents": SimpleUploadedFile("大文件.pdf", big, "application/pdf")}
    ).content.decode()
    assert "最大 1 MB" in html
    assert not EntryFile.objects.exists()


def test_thumbnails_and_decompression_bombs_are_refused(client, owner, page):
    html = post(
        client, page, files={"photos": SimpleUploadedFile("缩略图.png", png(320, 240), "image/png")}
    ).content.decode()
    assert "320×240" in html and "长边至少 800 像素、短边至少 600 像素" in html
    bomb = png(12000, 12000, mode="1")
    html = post(client, page, files={"photos": SimpleUploadedFile("炸弹.png", bomb, "image/png")}).content.decode()
    assert "像素过多" in html
    html = post(
        client, page, files={"photos": SimpleUploadedFile("假照片.png", b"not an image", "image/png")}
    ).content.decode()
    assert "不是可以打开的照片" in html
    assert not EntryFile.objects.exists()


def test_photos_need_caption_and_copyright_and_the_same_file_is_kept_once(client, owner, page):
    image = png(900, 700)
    post(client, page, files={"photos": SimpleUploadedFile("a.png", image, "image/png")})
    html = post(client, page, files={"photos": SimpleUploadedFile("a-again.png", image, "image/png")}).content.decode()
    assert len(photo_ids(owner)) == 1
    assert "请为每张照片填写简介和版权信息" in html
    assert "填写中" in client.get(page.url).content.decode()  # a step with only a file is in progress


def test_removing_a_file_deletes_it_from_storage(client, owner, page):
    post(client, page, files={"documents": SimpleUploadedFile("a.pdf", PDF, "application/pdf")})
    item = EntryFile.objects.get()
    assert storages["private"].exists(item.file.name)
    post(client, page, **{"documents-remove": str(item.pk)})
    assert not EntryFile.objects.exists()
    assert not storages["private"].exists(item.file.name)


def test_files_are_served_only_to_their_owner_and_reviewers(client, owner, page):
    post(client, page, files={"documents": SimpleUploadedFile("a.pdf", PDF, "application/pdf")})
    item = EntryFile.objects.get()
    response = client.get(f"/forms/files/{item.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert client.get(f"/media/{item.file.name}").status_code == 404  # never on a public URL

    client.force_login(UserFactory(username="stranger"))
    assert client.get(f"/forms/files/{item.pk}/").status_code == 403
    client.logout()
    assert client.get(f"/forms/files/{item.pk}/").status_code == 403
    client.force_login(UserFactory(username="reviewer", is_superuser=True, is_staff=True))
    assert client.get(f"/forms/files/{item.pk}/").status_code == 403  # a draft is its applicant's own
    FormEntry.objects.filter(pk=item.entry_id).update(status=FormEntry.Status.SUBMITTED, reference="LC-20261129-FILES1")
    assert client.get(f"/forms/files/{item.pk}/").status_code == 200


def test_orphaned_files_are_cleaned_and_attached_ones_kept(client, owner, page):
    post(client, page, files={"documents": SimpleUploadedFile("kept.pdf", PDF, "application/pdf")})
    kept = EntryFile.objects.get().file.name
    orphan = storages["private"].save("forms/999/999/orphan.pdf", io.BytesIO(PDF))
    old = (datetime.datetime.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(storages["private"].path(orphan), (old, old))
    assert clean_orphaned_files.delay().get() == 1
    assert storages["private"].exists(kept) and not storages["private"].exists(orphan)
