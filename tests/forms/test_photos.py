"""Original photos: minimum edges whatever the orientation, iPhones' HEIC kept as sent with a
JPEG preview for reviewers, and captions and copyright statements never cut."""

import datetime
import hashlib
import io
import json
import os
import re

import pillow_heif
import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from learning_city.forms import uploads
from learning_city.forms.models import EntryFile, FormEntry
from learning_city.forms.tasks import clean_orphaned_files
from tests.factories import HomePageFactory, MultiStepFormPageFactory, UserFactory, question

pillow_heif.register_heif_opener()
EXIF_ORIENTATION, EXIF_MAKE = 0x0112, 0x010F


def photo_steps():
    return json.dumps(
        [
            {
                "type": "step",
                "value": {
                    "title": "佐证材料",
                    "intro": "",
                    "fields": [
                        question("short_text", "note", "说明", max_characters=50),
                        # The block's defaults: a long edge of 1600 pixels and a short edge of 1000.
                        question(
                            "photos",
                            "photos",
                            "活动照片",
                            max_files=3,
                            max_megabytes=5,
                            min_width=1600,
                            min_height=1000,
                        ),
                    ],
                },
            }
        ]
    )


def jpeg(width, height, orientation=None):
    exif = Image.Exif()
    exif[EXIF_MAKE] = "Apple"
    if orientation:
        exif[EXIF_ORIENTATION] = orientation
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(buffer, "JPEG", quality=90, exif=exif.tobytes())
    return buffer.getvalue()


def heic(width, height):
    """A real HEIC as an iPhone makes it (HEVC in HEIF, camera data), encoded by libheif."""
    image = Image.new("RGB", (width, height), (200, 60, 40))
    for x in range(0, width, 64):  # some detail, so the picture is not one flat colour
        image.paste((250, 230, 40), (x, 0, x + 16, height))
    exif = Image.Exif()
    exif[EXIF_MAKE] = "Apple"
    buffer = io.BytesIO()
    image.save(buffer, "HEIF", quality=80, exif=exif.tobytes())
    return buffer.getvalue()


@pytest.fixture
def page(db):
    return MultiStepFormPageFactory(parent=HomePageFactory(), steps=photo_steps(), slug="photos")


@pytest.fixture
def owner(client, db):
    user = UserFactory(username="owner")
    client.force_login(user)
    return user


def post(client, page, files=None, **data):
    payload = {f"form_{page.pk}-current_step": "1", "action": "next", "note": "已上传活动照片", **data}
    payload.update(files or {})
    return client.post(f"{page.url}step/1/", payload)


def upload(client, page, name, content, content_type="image/jpeg", **data):
    return post(client, page, files={"photos": SimpleUploadedFile(name, content, content_type)}, **data)


def stored_bytes(item):
    with storages["private"].open(item.file.name, "rb") as handle:
        return handle.read()


def served(response):
    return b"".join(response.streaming_content)


# --- the minimum, on the long and the short edge --------------------------------------


def test_a_portrait_photo_meets_a_landscape_minimum(client, owner, page):
    upload(client, page, "竖拍.jpg", jpeg(1080, 1920))
    upload(client, page, "横拍.jpg", jpeg(1600, 1000))
    sizes = {item.original_name: (item.width, item.height) for item in EntryFile.objects.all()}
    assert sizes == {"竖拍.jpg": (1080, 1920), "横拍.jpg": (1600, 1000)}


def test_a_photo_turned_by_its_camera_data_is_measured_upright(client, owner, page):
    # Stored sideways, 1920×1080, with the camera's note "turn 90°": seen as a portrait 1080×1920.
    upload(client, page, "手机.jpg", jpeg(1920, 1080, orientation=6))
    item = EntryFile.objects.get()
    assert (item.width, item.height, item.has_exif) == (1080, 1920, True)
    preview = Image.open(storages["private"].open(uploads.preview_name(item.file.name)))
    assert preview.format == "JPEG" and preview.size == (900, 1600)  # upright, long edge bounded


@pytest.mark.parametrize(
    ("size", "said"),
    [
        ((900, 1500), ["900×1500 像素", "长边 1500 像素", "短边 900 像素"]),  # long edge too short
        ((960, 1920), ["960×1920 像素", "长边 1920 像素", "短边 960 像素"]),  # short edge too short
        ((1500, 900), ["1500×900 像素"]),  # the same, sideways
    ],
)
def test_a_photo_too_small_either_way_is_refused_with_its_edges(client, owner, page, size, said):
    html = upload(client, page, "小图.jpg", jpeg(*size)).content.decode()
    for text in [*said, "长边至少 1600 像素", "短边至少 1000 像素"]:
        assert text in html
    assert not EntryFile.objects.exists()


def test_the_too_small_error_says_each_sentence_once(client, owner, page):
    """A catalogue merge once printed this message six times in a row."""
    from tests.config.test_translations import repeated_sentences

    html = upload(client, page, "小图.jpg", jpeg(900, 1500)).content.decode()
    message = re.findall(r"“小图\.jpg”[^<]*", html)[0]
    assert "长边至少 1600 像素" in message
    assert repeated_sentences(message) == []


def test_the_block_says_long_and_short_edge_and_keeps_its_stored_names():
    from learning_city.forms.blocks import PhotoUploadBlock

    block = PhotoUploadBlock()
    assert str(block.child_blocks["min_width"].label) == "长边最小值（像素）"
    assert str(block.child_blocks["min_height"].label) == "短边最小值（像素）"
    # An editor who typed the edges the other way round asks for the same photos.
    field = block.make_field({"max_files": 1, "max_megabytes": 5, "min_width": 1000, "min_height": 1600})
    assert uploads.check_photo(SimpleUploadedFile("a.jpg", jpeg(1920, 1080)), field.min_width, field.min_height)


# --- HEIC: kept as sent, previewed as JPEG ---------------------------------------------


def test_an_iphone_heic_is_kept_as_sent_and_previewed_as_jpeg(client, owner, page):
    original = heic(1512, 2016)
    # Judged by its bytes: no help from the name or the browser's content type.
    upload(client, page, "IMG_0001.bin", original, content_type="application/octet-stream")
    item = EntryFile.objects.get()
    assert item.content_type == "image/heic" and (item.width, item.height) == (1512, 2016) and item.has_exif
    assert stored_bytes(item) == original and item.sha256 == hashlib.sha256(original).hexdigest()
    assert storages["private"].exists(uploads.preview_name(item.file.name))  # made at upload, beside the original
    assert os.path.dirname(uploads.preview_name(item.file.name)) == os.path.dirname(item.file.name)

    response = client.get(f"/forms/files/{item.pk}/")
    assert served(response) == original and response["Content-Type"] == "image/heic"
    response = client.get(f"/forms/files/{item.pk}/", {"preview": "1"})
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    preview = Image.open(io.BytesIO(served(response)))
    assert preview.format == "JPEG" and preview.size == (1200, 1600)
    assert stored_bytes(item) == original  # previewing never touches the original

    page_html = client.get(f"{page.url}step/1/").content.decode()
    assert f"/forms/files/{item.pk}/?preview=1" in page_html and 'accept="image/jpeg' in page_html
    assert "image/heic" in page_html


def test_the_preview_is_refused_to_everyone_else(client, owner, page):
    upload(client, page, "IMG_0002.HEIC", heic(1200, 1800), content_type="image/heic")
    item = EntryFile.objects.get()
    url = f"/forms/files/{item.pk}/?preview=1"
    client.force_login(UserFactory(username="stranger"))
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 403
    assert client.get(f"/forms/files/{item.pk + 1000}/?preview=1").status_code == 404
    client.force_login(UserFactory(username="reviewer", is_superuser=True, is_staff=True))
    assert client.get(url).status_code == 403  # a draft is its applicant's own
    FormEntry.objects.filter(pk=item.entry_id).update(status=FormEntry.Status.SUBMITTED, reference="LC-20261129-PHOTO1")
    assert client.get(url).status_code == 200


def test_a_file_that_only_claims_to_be_heic_is_refused(client, owner, page):
    fake = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + os.urandom(4000)
    html = upload(client, page, "IMG_0004.HEIC", fake, content_type="image/heic").content.decode()
    assert "不是可以打开的照片" in html or "不是 JPEG、PNG、TIFF、WebP 或 HEIC 格式的照片" in html
    assert not EntryFile.objects.exists()


def test_a_missing_preview_is_made_on_first_view_and_goes_with_its_photo(client, owner, page):
    upload(client, page, "横拍.png", _png(2000, 1200), content_type="image/png")
    item = EntryFile.objects.get()
    preview = uploads.preview_name(item.file.name)
    storages["private"].delete(preview)  # as for a photo stored before previews existed
    response = client.get(f"/forms/files/{item.pk}/", {"preview": "1"})
    assert Image.open(io.BytesIO(served(response))).size == (1600, 960) and storages["private"].exists(preview)
    # Served as before: the original PNG, its own bytes.
    assert served(client.get(f"/forms/files/{item.pk}/")) == stored_bytes(item)

    old = (datetime.datetime.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(storages["private"].path(preview), (old, old))
    os.utime(storages["private"].path(item.file.name), (old, old))
    assert clean_orphaned_files.delay().get() == 0  # a photo's preview is not an orphan
    assert storages["private"].exists(preview)

    post(client, page, **{"photos-remove": str(item.pk)})
    assert not storages["private"].exists(item.file.name) and not storages["private"].exists(preview)


def test_documents_have_no_preview(client, owner, page):
    entry = FormEntry.objects.create(page=page, user=owner)
    item = entry.files.create(
        field_key="photos", file=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n"), original_name="a.pdf",
        content_type="application/pdf", size=9, sha256="0" * 64,
    )  # fmt: skip
    assert client.get(f"/forms/files/{item.pk}/", {"preview": "1"}).status_code == 404


def _png(width, height):
    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), (0, 128, 0, 128)).save(buffer, "PNG")
    return buffer.getvalue()


# --- captions and copyright statements: refused when too long, never cut ----------------


def test_the_limits_are_the_models():
    assert EntryFile._meta.get_field("caption").max_length == uploads.CAPTION_MAX_CHARACTERS == 300
    assert EntryFile._meta.get_field("copyright").max_length == uploads.COPYRIGHT_MAX_CHARACTERS == 200


def test_an_over_long_caption_is_refused_beside_its_field_and_nothing_is_cut(client, owner, page):
    upload(client, page, "横拍.jpg", jpeg(1600, 1000))
    item = EntryFile.objects.get()
    caption = "社区学习活动" * 50 + "。"  # 301 characters
    response = post(
        client,
        page,
        note="社区教育周活动",
        **{f"photos-{item.pk}-caption": caption, f"photos-{item.pk}-copyright": "© 苏州市"},
    )
    assert response.status_code == 200  # the step is shown again, not passed
    html = response.content.decode()
    assert "“横拍.jpg”的照片简介有 301 字，超过上限 300 字，未保存" in html  # with the question's errors
    assert f'id="id_photos-{item.pk}-caption_error">现有 301 字，超过上限 300 字' in html  # beside the input
    assert f'value="{caption}"' in html  # shown again whole, to be shortened
    assert 'value="社区教育周活动"' in html  # the step's other answers are kept
    item.refresh_from_db()
    assert item.caption == "" and item.copyright == "© 苏州市"  # not cut; the valid note is saved
    entry = FormEntry.objects.get(user=owner)
    assert entry.answers["note"] == "社区教育周活动" and entry.completed_steps == []

    # Coming back later shows the same: what was typed, and why it is not saved.
    html = client.get(f"{page.url}step/1/").content.decode()
    assert f'value="{caption}"' in html and "超过上限 300 字" in html

    shortened = caption[:-1]
    assert post(client, page, **{f"photos-{item.pk}-caption": shortened}).status_code == 302
    item.refresh_from_db()
    assert item.caption == shortened and FormEntry.objects.get(user=owner).completed_steps == [1]


def test_an_over_long_copyright_is_refused_and_characters_are_counted_as_read(client, owner, page):
    upload(client, page, "横拍.jpg", jpeg(1600, 1000))
    item = EntryFile.objects.get()
    # 300 characters outside the Basic Multilingual Plane: 600 UTF-16 units, still within the limit.
    caption, copyright = "𠀀" * 300, "版" * 201
    html = post(
        client, page, **{f"photos-{item.pk}-caption": caption, f"photos-{item.pk}-copyright": copyright}
    ).content.decode()
    assert "“横拍.jpg”的版权信息有 201 字，超过上限 200 字，未保存" in html
    assert f'id="id_photos-{item.pk}-copyright_error"' in html and "maxlength" not in html
    item.refresh_from_db()
    assert item.caption == caption and item.copyright == ""
