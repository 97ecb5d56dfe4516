"""Private uploads live in a storage of their own, outside MEDIA_ROOT: no spelling of a /media/ path
reaches them, and files kept under media/private/ before are moved there (migrate, or
`manage.py move_private_files`, as often as needed)."""

import hashlib
import importlib
import io
import json
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from learning_city.applications.models import StampedScan
from learning_city.forms.models import EntryFile, FormEntry
from learning_city.forms.uploads import preview_name
from tests.applications.conftest import application_of
from tests.applications.full_application import shipped_form, submit_full_application
from tests.factories import HomePageFactory, MultiStepFormPageFactory, UserFactory, question

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def jpeg(width=900, height=700):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "green").save(buffer, "JPEG")
    return buffer.getvalue()


def media_variants(relative):
    """Spellings of /media/private/<relative> that a prefix check on the raw path lets through."""
    return [
        f"/media/private/{relative}",
        f"/media//private/{relative}",
        f"/media/./private/{relative}",
        f"/media/%2Fprivate/{relative}",
        f"/media/images/../private/{relative}",
        f"/media/{relative}",
        f"/media//{relative}",
    ]


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def page(db):
    steps = [
        {
            "type": "step",
            "value": {
                "title": "佐证材料",
                "intro": "",
                "fields": [question("documents", "documents", "政策文件（PDF）", max_files=3, max_megabytes=1)],
            },
        }
    ]
    return MultiStepFormPageFactory(parent=HomePageFactory(), steps=json.dumps(steps), slug="evidence")


@pytest.fixture
def owner(client, db):
    user = UserFactory(username="owner")
    client.force_login(user)
    return user


def upload(client, page, name, content):
    return client.post(
        f"{page.url}step/1/",
        {f"form_{page.pk}-current_step": "1", "action": "next", "documents": SimpleUploadedFile(name, content)},
    )


def test_evidence_is_stored_outside_media_and_no_media_path_reaches_it(client, owner, page):
    upload(client, page, "政策.pdf", PDF)
    item = EntryFile.objects.get()
    relative = item.file.name.removeprefix("private/")
    for url in [*media_variants(relative), f"/media/{item.file.name}"]:
        assert client.get(url).status_code == 404, url
    client.logout()  # nor to anyone else
    for url in media_variants(relative):
        assert client.get(url).status_code == 404, url
    stored = Path(item.file.path)
    assert stored.read_bytes() == PDF
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))  # another root, no public route to it

    client.force_login(owner)  # the owner still has it, through the permission-checked view
    response = client.get(f"/forms/files/{item.pk}/")
    assert response.status_code == 200 and body(response) == PDF


def test_the_folder_private_files_used_to_be_in_is_refused_however_spelled(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "photo.txt").write_text("public")
    (tmp_path / "private" / "forms").mkdir(parents=True)
    (tmp_path / "private" / "forms" / "evidence.txt").write_text("secret")
    assert client.get("/media/images/photo.txt").status_code == 200
    assert client.get("/media//images/photo.txt").status_code == 200
    for url in media_variants("forms/evidence.txt"):
        assert client.get(url).status_code == 404, url
    assert client.get("/media/PRIVATE/forms/evidence.txt").status_code == 404


# --- files kept under media/private/ before the private storage existed ------------------------------


def legacy_file(name, content):
    """A file where the site used to keep private uploads: under private/ of the default storage."""
    assert default_storage.save(name, ContentFile(content)) == name
    return name


@pytest.fixture
def legacy(db, settings, tmp_path):
    """An entry's photo stored as "….html" (the applicant's name chose it) with its preview, a stamped
    scan, and a file no row names, all under media/private/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    user = UserFactory(username="suzhou-office")
    entry = submit_full_application(shipped_form(), user, attachments=2)
    photo = jpeg()
    stem = uuid.uuid4().hex  # the private storage outlives a test; its names must not repeat
    item = EntryFile.objects.create(
        entry=entry,
        field_key="evidence_photos",
        position=9,
        file=legacy_file(f"private/forms/{entry.page_id}/{entry.pk}/{stem}.html", photo),
        original_name="x.html",
        content_type="image/jpeg",
        size=len(photo),
        sha256=hashlib.sha256(photo).hexdigest(),
        caption="社区学习活动",
        copyright="© 苏州市教育局",
    )
    legacy_file(preview_name(item.file.name), jpeg(160, 120))
    application = application_of(entry)
    scan = StampedScan.objects.create(
        application=application,
        file=legacy_file(f"private/applications/{application.pk}/stamped/{stem}.pdf", PDF),
        original_name="盖章.pdf",
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
        submitted_for=entry.submitted_at,
        uploaded_by=user,
    )
    orphan = legacy_file(f"private/forms/999/{stem}/orphan.pdf", PDF)
    return {"user": user, "entry": entry, "item": item, "photo": photo, "scan": scan, "orphan": orphan, "stem": stem}


def run_migrations():
    """What `migrate` runs for the files: the data steps of the two migrations."""
    forms_step = importlib.import_module("learning_city.forms.migrations.0008_private_storage")
    applications_step = importlib.import_module("learning_city.applications.migrations.0009_private_storage")
    forms_step.move_files(apps, None)
    applications_step.move_files(apps, None)


def test_files_kept_under_media_private_move_to_the_private_storage(client, legacy):
    private = storages["private"]
    item, scan = legacy["item"], legacy["scan"]
    run_migrations()

    item.refresh_from_db()
    scan.refresh_from_db()
    # Named by what it is now: the JPEG that came as "x.html" is a .jpg; its preview went along.
    assert item.file.name == f"forms/{item.entry.page_id}/{item.entry_id}/{legacy['stem']}.jpg"
    assert private.open(item.file.name).read() == legacy["photo"]
    assert private.exists(preview_name(item.file.name))
    assert scan.file.name == f"applications/{scan.application_id}/stamped/{legacy['stem']}.pdf"
    assert private.open(scan.file.name).read() == PDF
    assert private.exists(f"forms/999/{legacy['stem']}/orphan.pdf")  # kept for the daily clean-up to judge
    left = [path.name for path in (Path(settings.MEDIA_ROOT) / "private").rglob("*") if path.is_file()]
    assert left == []  # nothing private is under MEDIA_ROOT any more

    client.force_login(legacy["user"])
    response = client.get(f"/forms/files/{item.pk}/")
    assert response.status_code == 200 and body(response) == legacy["photo"]
    assert response["Content-Type"] == "image/jpeg"
    assert client.get(f"/applications/{scan.application.reference}/stamped-scan/{scan.pk}/").status_code == 200
    for url in media_variants(item.file.name):
        assert client.get(url).status_code == 404, url


def test_moving_again_changes_nothing_and_finishes_a_move_cut_short(legacy):
    private = storages["private"]
    item = legacy["item"]
    legacy_name = item.file.name
    # A first run stopped after copying part of the photo and before recording its new name.
    target = f"forms/{item.entry.page_id}/{item.entry_id}/{legacy['stem']}.jpg"
    private.save(target, ContentFile(legacy["photo"][:100]))

    out = io.StringIO()
    call_command("move_private_files", stdout=out)
    assert "lc_forms.EntryFile.file: 1 moved" in out.getvalue()
    item.refresh_from_db()
    assert item.file.name == target and private.open(target).read() == legacy["photo"]
    assert not default_storage.exists(legacy_name)

    before = sorted(EntryFile.objects.values_list("file", flat=True))
    out = io.StringIO()
    call_command("move_private_files", stdout=out)
    run_migrations()
    assert "lc_forms.EntryFile.file: 0 moved" in out.getvalue()
    assert "applications.StampedScan.file: 0 moved" in out.getvalue()
    assert sorted(EntryFile.objects.values_list("file", flat=True)) == before
    assert private.open(target).read() == legacy["photo"]
    assert FormEntry.objects.get(pk=legacy["entry"].pk).files.count() == 3
