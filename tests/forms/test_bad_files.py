"""Files from a bad-input corpus: the applicant's file name never decides how a file is stored or served,
and evidence that would act when opened (PDF scripts, launch actions, embedded files) or that is also an
archive (a PDF/ZIP polyglot) is refused with a clear message beside the question, and at the stamped-scan
upload too."""

import io
import json
import uuid
import zipfile
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from learning_city import pdf
from learning_city.applications.models import StampedScan
from learning_city.forms.models import EntryFile, FormEntry
from learning_city.forms.private_s3 import PrivateS3Storage
from tests.applications.full_application import shipped_form, submit_full_application
from tests.factories import HomePageFactory, MultiStepFormPageFactory, UserFactory, question

ACTIVE = "含有 JavaScript 脚本、启动程序的操作或嵌入的文件，佐证材料不能包含这些内容。请将其重新另存或打印为普通 PDF 后再上传。"
ARCHIVE = "中还夹带了压缩包（如 ZIP），不能接收。请上传普通的 PDF 文件或照片。"
LOCKED = "需要密码才能打开，无法检查和阅读。请去掉密码后再上传。"


# --- the corpus ----------------------------------------------------------------------------------------


def jpeg(width=900, height=700):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "green").save(buffer, "JPEG")
    return buffer.getvalue()


def pdf_made(*changes):
    """A one-page PDF written by pypdf, after each of ``changes`` has had the writer."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    for change in changes:
        change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def open_action(kind, **entries):
    def change(writer):
        action = {NameObject("/S"): NameObject(kind), **{NameObject(key): value for key, value in entries.items()}}
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(DictionaryObject(action))

    return change


def file_attachment_annotation(writer):
    annotation = {"/Type": "/Annot", "/Subtype": "/FileAttachment", "/Contents": TextStringObject("setup.exe")}
    writer.add_annotation(
        0,
        DictionaryObject(
            {
                NameObject(key): NameObject(value) if value.startswith("/") else value
                for key, value in annotation.items()
            }
            | {NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4)}
        ),
    )


def link_annotation(writer):
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("https://x.cn/")}
    )
    writer.add_annotation(
        0,
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
                NameObject("/A"): action,
            }
        ),
    )


def script_in_an_object_stream():
    """A PDF 1.5 whose /OpenAction script sits compressed in an object stream: no byte search finds it."""
    header, action = b"4 0 ", b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"
    packed = zlib.compress(header + action)
    parts, offsets = [b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"], {}

    def add(number, content):
        offsets[number] = sum(map(len, parts))
        parts.append(b"%d 0 obj\n%s\nendobj\n" % (number, content))

    add(1, b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>")
    add(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    add(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>")
    stream = b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
    add(5, stream % (len(header), len(packed), packed))
    xref_at = sum(map(len, parts))

    def row(kind, field, index=0):
        return bytes([kind]) + field.to_bytes(4, "big") + index.to_bytes(2, "big")

    rows = row(0, 0, 65535) + b"".join(row(1, offsets[number]) for number in (1, 2, 3))
    rows += row(2, 5, 0) + row(1, offsets[5]) + row(1, xref_at)
    xref = b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n%s\nendstream\nendobj\n"
    parts.append(xref % (len(rows), rows))
    parts.append(b"startxref\n%d\n%%%%EOF\n" % xref_at)
    return b"".join(parts)


def with_zip(content):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("payload.exe", b"MZ" + b"\x00" * 200)
    return content + archive.getvalue()


SCRIPT = {"/JS": TextStringObject("app.alert(1)")}
ACTIVE_PDFS = {
    "open-action-javascript": lambda: pdf_made(open_action("/JavaScript", **SCRIPT)),
    "document-javascript": lambda: pdf_made(lambda writer: writer.add_open_action(JavaScript("app.alert(1)"))),
    "launch": lambda: pdf_made(open_action("/Launch", **{"/F": TextStringObject("calc.exe")})),
    "embedded-file": lambda: pdf_made(lambda writer: writer.add_attachment("setup.exe", b"MZ")),
    "file-attachment-annotation": lambda: pdf_made(file_attachment_annotation),
    "script-in-object-stream": script_in_an_object_stream,
    # Malformed (pypdf cannot read it), with the names #-escaped: searched as bytes, still found.
    "malformed-escaped-names": lambda: b"%PDF-1.4\n1 0 obj<< /OpenAction << /S /J#61vaScript /J#53 (x) >> >>endobj\n",
}
HARMLESS_PDFS = {
    "plain": lambda: pdf_made(),
    "with-a-web-link": lambda: pdf_made(link_annotation),
    "site-made-chinese": lambda: pdf.build([pdf.text("学习型城市建设推进会纪要")], title="纪要"),
    "malformed-but-harmless": lambda: b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    "permissions-only-encryption": lambda: pdf_made(
        lambda writer: writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    ),
}


# --- the form --------------------------------------------------------------------------------------------


@pytest.fixture
def page(db):
    steps = [
        {
            "type": "step",
            "value": {
                "title": "佐证材料",
                "intro": "",
                "fields": [
                    question("documents", "documents", "政策文件（PDF）", max_files=5, max_megabytes=5),
                    question(
                        "photos", "photos", "活动照片", max_files=3, max_megabytes=5, min_width=800, min_height=600
                    ),
                ],
            },
        }
    ]
    return MultiStepFormPageFactory(parent=HomePageFactory(), steps=json.dumps(steps), slug="evidence")


@pytest.fixture
def owner(client, db):
    user = UserFactory(username="owner")
    client.force_login(user)
    return user


def upload(client, page, field, name, content, content_type="application/octet-stream"):
    return client.post(
        f"{page.url}step/1/",
        {
            f"form_{page.pk}-current_step": "1",
            "action": "next",
            field: SimpleUploadedFile(name, content, content_type),
        },
    )


# --- item 3: the file name and the browser's header decide nothing -----------------------------------


def test_a_jpeg_named_html_is_stored_and_served_as_a_jpeg(client, owner, page):
    photo = jpeg()
    upload(client, page, "photos", "x.html", photo, content_type="text/html")
    item = EntryFile.objects.get()
    assert item.file.name.endswith(".jpg") and ".html" not in item.file.name
    assert (item.original_name, item.content_type) == ("x.html", "image/jpeg")  # the name kept as data only
    response = client.get(f"/forms/files/{item.pk}/")
    assert b"".join(response.streaming_content) == photo
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="x.jpg"'


def test_a_pdf_named_anything_is_stored_as_a_pdf(client, owner, page):
    upload(client, page, "documents", "报告.svg", pdf_made(), content_type="image/svg+xml")
    item = EntryFile.objects.get()
    assert item.file.name.endswith(".pdf") and item.content_type == "application/pdf"
    response = client.get(f"/forms/files/{item.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"].startswith("inline;")
        and "%E6%8A%A5%E5%91%8A.pdf" in response["Content-Disposition"]
    )


def test_anything_but_a_pdf_or_photo_is_only_ever_downloaded(client, owner, page):
    entry = FormEntry.objects.create(page=page, user=owner)
    # No upload is stored with such a type; a row from elsewhere (or from before) is still served safely.
    name = storages["private"].save(f"forms/{uuid.uuid4().hex}.bin", io.BytesIO(b"<h1>"))
    item = entry.files.create(
        field_key="documents", file=name, original_name="page.html", content_type="text/html", size=4
    )
    response = client.get(f"/forms/files/{item.pk}/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="page.bin"'
    assert response["X-Content-Type-Options"] == "nosniff"


# --- the same on S3: the object's Content-Type and the signed URL's response headers are the site's -----


class Bucket:
    """Stands in for boto3's Bucket: records what would be uploaded."""

    name = "lc-private"

    def __init__(self):
        self.uploads = {}

    def Object(self, key):  # noqa: N802 - boto3's name
        bucket = self

        class Object:
            def upload_fileobj(self, content, ExtraArgs, Config):  # noqa: N803
                bucket.uploads[key] = ExtraArgs

        return Object()


@pytest.fixture
def s3(settings, monkeypatch):
    settings.AWS_S3_CUSTOM_DOMAIN = "cdn.learningcity.example.cn"  # the public CDN: never for private files
    storage = PrivateS3Storage(
        bucket_name="lc-private", access_key="key", secret_key="secret", region_name="cn-north-1", location=""
    )
    storage._bucket = Bucket()
    monkeypatch.setattr(storage, "exists", lambda name: False)
    return storage


def test_private_objects_on_s3_get_the_sniffed_type_not_the_browsers(s3):
    s3.save("forms/1/2/a.jpg", SimpleUploadedFile("x.html", jpeg(), content_type="text/html"))
    s3.save("forms/1/2/b.bin", SimpleUploadedFile("x.pdf", b"?", content_type="application/pdf"))
    stored = s3.bucket.uploads
    assert stored["forms/1/2/a.jpg"]["ContentType"] == "image/jpeg"
    assert stored["forms/1/2/a.jpg"]["ContentDisposition"] == "inline"
    assert stored["forms/1/2/b.bin"]["ContentType"] == "application/octet-stream"
    assert stored["forms/1/2/b.bin"]["ContentDisposition"] == "attachment"


def test_signed_urls_carry_the_sites_type_and_disposition(client, owner, page, s3, monkeypatch):
    monkeypatch.setattr(EntryFile._meta.get_field("file"), "storage", s3)
    entry = FormEntry.objects.create(page=page, user=owner)
    photo = entry.files.create(
        field_key="photos", file="forms/1/2/a.jpg", original_name="x.html", content_type="image/jpeg", size=1
    )
    other = entry.files.create(
        field_key="documents", file="forms/1/2/b.bin", original_name="a.html", content_type="text/html", size=1
    )

    response = client.get(f"/forms/files/{photo.pk}/")
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    query = parse_qs(url.query)
    assert "cdn.learningcity.example.cn" not in url.netloc and "X-Amz-Signature" in query
    assert query["response-content-type"] == ["image/jpeg"]
    assert query["response-content-disposition"] == ['inline; filename="x.jpg"']

    query = parse_qs(urlsplit(client.get(f"/forms/files/{other.pk}/")["Location"]).query)
    assert query["response-content-type"] == ["application/octet-stream"]
    assert query["response-content-disposition"][0].startswith("attachment;")
    # Any other signed URL of the private storage (the applications' PDFs) gets the same headers by default.
    query = parse_qs(urlsplit(s3.url("applications/1/form.pdf")).query)
    assert query["response-content-type"] == ["application/pdf"] and query["response-content-disposition"] == ["inline"]


# --- item 8: evidence that would act when opened, or that is also an archive ----------------------------


@pytest.mark.parametrize("make", ACTIVE_PDFS.values(), ids=ACTIVE_PDFS.keys())
def test_a_pdf_that_would_act_when_opened_is_refused(client, owner, page, make):
    html = upload(client, page, "documents", "政策.pdf", make(), "application/pdf").content.decode()
    assert f"“政策.pdf”{ACTIVE}" in html
    assert not EntryFile.objects.exists()


@pytest.mark.parametrize("make", HARMLESS_PDFS.values(), ids=HARMLESS_PDFS.keys())
def test_harmless_pdfs_are_accepted(client, owner, page, make):
    upload(client, page, "documents", "政策.pdf", make(), "application/pdf")
    assert EntryFile.objects.get().content_type == "application/pdf"


def test_a_pdf_that_opens_only_with_a_password_is_refused(client, owner, page):
    locked = pdf_made(
        lambda writer: writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    )
    html = upload(client, page, "documents", "政策.pdf", locked, "application/pdf").content.decode()
    assert f"“政策.pdf”{LOCKED}" in html and not EntryFile.objects.exists()


@pytest.mark.parametrize(
    ("field", "content"),
    [("documents", lambda: with_zip(pdf_made())), ("photos", lambda: with_zip(jpeg()))],
    ids=["pdf-zip", "jpeg-zip"],
)
def test_a_file_that_is_also_an_archive_is_refused(client, owner, page, field, content):
    html = upload(client, page, field, "证据", content()).content.decode()
    assert f"“证据”{ARCHIVE}" in html
    assert not EntryFile.objects.exists()


@pytest.fixture
def submitted(db):
    user = UserFactory(username="suzhou-office", email="office@suzhou.example.cn")
    return user, submit_full_application(shipped_form(), user, attachments=2)


@pytest.mark.parametrize(
    ("content", "message"),
    [(ACTIVE_PDFS["open-action-javascript"], ACTIVE), (lambda: with_zip(pdf_made()), ARCHIVE)],
    ids=["javascript", "pdf-zip"],
)
def test_the_stamped_scan_upload_refuses_them_too(client, submitted, content, message):
    user, entry = submitted
    client.force_login(user)
    response = client.post(
        f"/applications/{entry.reference}/stamped-scan/",
        {"scan": SimpleUploadedFile("盖章扫描件.pdf", content())},
        follow=True,
    )
    assert f"“盖章扫描件.pdf”{message}" in response.content.decode()
    assert not StampedScan.objects.exists()
