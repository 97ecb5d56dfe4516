"""The stamped scan: after submitting, the city sends back the printed form with the municipal government's
stamp (its consent), as a PDF judged by its content; every upload is kept; reviewers see it beside the answers."""

import io

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from learning_city import pdf
from learning_city.applications import documents
from learning_city.applications.models import StampedScan
from learning_city.forms import entries
from tests.applications.conftest import act, application_of
from tests.applications.full_application import shipped_form, submit_full_application
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def scan_pdf(text="盖章扫描件"):
    return pdf.build([pdf.text(text)], title="扫描件")


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(buffer, "PNG")
    return buffer.getvalue()


def upload_url(entry):
    return f"/applications/{entry.reference}/stamped-scan/"


def submitted_page(entry):
    return f"{entry.page.url}submitted/{entry.reference}/"


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def applicant(db):
    return UserFactory(username="suzhou-office", email="office@suzhou.example.cn")


@pytest.fixture
def entry(applicant):
    return submit_full_application(shipped_form(), applicant, attachments=2)


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


def send(client, entry, name, content, follow=True):
    return client.post(upload_url(entry), {"scan": SimpleUploadedFile(name, content)}, follow=follow)


@pytest.mark.parametrize(
    "content",
    [png_bytes(), b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 2000, b"%PDF-"[:3] + b"not a pdf at all"],
    ids=["png", "exe", "text"],
)
def test_a_file_that_is_not_a_pdf_is_refused_in_chinese_whatever_its_name(signed_in, entry, content):
    response = send(signed_in, entry, "盖章扫描件.pdf", content)
    page = response.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"{submitted_page(entry)}#stamped-scan")
    assert "“盖章扫描件.pdf”不是 PDF 文件（按文件内容检查，而非文件名）。" in page
    assert not StampedScan.objects.exists()


def test_a_scan_over_the_size_limit_is_refused(signed_in, entry, monkeypatch):
    monkeypatch.setattr(documents, "MAX_SCAN_MEGABYTES", 1)
    big = scan_pdf() + b"\n%" + b"0" * (1024 * 1024 + 10)
    page = send(signed_in, entry, "扫描件.pdf", big).content.decode()
    assert "单个文件最大 1 MB" in page and not StampedScan.objects.exists()


def test_sending_nothing_says_what_to_choose(signed_in, entry):
    page = signed_in.post(upload_url(entry), {}, follow=True).content.decode()
    assert "请选择盖章后的申请表扫描件（PDF）。" in page and not StampedScan.objects.exists()


def test_a_pdf_is_kept_privately_and_shown_as_received(client, signed_in, entry, applicant):
    content = scan_pdf()
    response = send(signed_in, entry, "苏州市申请表（盖章）.pdf", content)
    page = response.content.decode()
    assert "已收到盖章扫描件。" in page and "已上传" in page and "苏州市申请表（盖章）.pdf" in page
    scan = StampedScan.objects.get()
    assert scan.file.name.startswith(f"applications/{scan.application_id}/stamped/")
    assert scan.file.storage is storages["private"]
    assert (scan.original_name, scan.size, scan.uploaded_by) == ("苏州市申请表（盖章）.pdf", len(content), applicant)
    assert scan.submitted_for == entry.submitted_at
    download = signed_in.get(f"/applications/{entry.reference}/stamped-scan/{scan.pk}/")
    assert download.status_code == 200 and body(download) == content
    assert download["Content-Type"] == "application/pdf" and "no-store" in download["Cache-Control"]
    assert client.get(f"/media/{scan.file.name}").status_code == 404


def test_a_new_upload_keeps_the_earlier_ones(signed_in, entry):
    send(signed_in, entry, "第一次.pdf", scan_pdf("第一次"))
    page = send(signed_in, entry, "第二次.pdf", scan_pdf("第二次")).content.decode()
    first, second = StampedScan.objects.order_by("pk")
    assert first.file.storage.exists(first.file.name) and second.file.storage.exists(second.file.name)
    assert list(StampedScan.objects.all()) == [second, first]  # the latest counts
    assert "上传记录（2 份）" in page and page.index("第二次.pdf") < page.index("第一次.pdf")


def test_the_upload_needs_the_forms_csrf_token(entry, applicant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    assert send(client, entry, "扫描件.pdf", scan_pdf(), follow=False).status_code == 403
    assert not StampedScan.objects.exists()
    page = client.get(submitted_page(entry)).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page and 'enctype="multipart/form-data"' in page


@pytest.mark.parametrize("who", ["anonymous", "someone else", "jiangsu reviewer", "zhejiang reviewer"])
def test_only_the_applicant_sends_the_scan(client, entry, jiangsu_reviewer, zhejiang_reviewer, who):
    users = {"someone else": UserFactory(username="x"), "jiangsu reviewer": jiangsu_reviewer}
    users["zhejiang reviewer"] = zhejiang_reviewer
    if who in users:
        client.force_login(users[who])
    assert send(client, entry, "扫描件.pdf", scan_pdf(), follow=False).status_code == 403
    assert not StampedScan.objects.exists()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("anonymous", False), ("someone else", False), ("zhejiang reviewer", False), ("jiangsu reviewer", True)],
)
def test_the_scan_goes_to_those_who_see_the_application(
    client, signed_in, entry, jiangsu_reviewer, zhejiang_reviewer, who, allowed
):
    send(signed_in, entry, "扫描件.pdf", scan_pdf())
    scan = StampedScan.objects.get()
    client.logout()
    users = {"someone else": UserFactory(username="x"), "jiangsu reviewer": jiangsu_reviewer}
    users["zhejiang reviewer"] = zhejiang_reviewer
    if who in users:
        client.force_login(users[who])
    response = client.get(f"/applications/{entry.reference}/stamped-scan/{scan.pk}/")
    assert response.status_code == (200 if allowed else 403)


def test_a_returned_application_takes_no_scan_until_it_is_resubmitted(signed_in, entry, jiangsu_reviewer):
    send(signed_in, entry, "第一版.pdf", scan_pdf())
    act(application_of(entry), jiangsu_reviewer, "reject", comment="请补充材料。")
    page = send(signed_in, entry, "扫描件.pdf", scan_pdf("退回后")).content.decode()
    assert "请先重新提交申请" in page and StampedScan.objects.count() == 1
    assert "本申请已退回修改" in page

    entry.refresh_from_db()
    assert entries.submit(entry.page.specific, entry).accepted
    page = signed_in.get(submitted_page(entry)).content.decode()
    assert "已上传的扫描件对应此前提交的申请表" in page  # the stamp is on the version before


def test_reviewers_see_the_scan_beside_the_answers_and_in_their_lists(
    signed_in, entry, jiangsu_reviewer, ministry_reviewer
):
    application = application_of(entry)
    client = Client()
    client.force_login(jiangsu_reviewer)
    desk = client.get("/admin/review-desk/").content.decode()
    assert "盖章扫描件" in desk and "未上传" in desk
    view = client.get(f"/admin/review-desk/{application.pk}/").content.decode()
    assert "尚未上传" in view and f"/applications/{entry.reference}/form.pdf" in view

    send(signed_in, entry, "苏州市申请表（盖章）.pdf", scan_pdf())
    scan = StampedScan.objects.get()
    view = client.get(f"/admin/review-desk/{application.pk}/").content.decode()
    assert f"/applications/{entry.reference}/stamped-scan/{scan.pk}/" in view
    assert (
        "苏州市申请表（盖章）.pdf" in view and timezone.localtime(scan.uploaded_at).strftime("%Y-%m-%d %H:%M") in view
    )
    assert view.index("市政府盖章扫描件") < view.index("相关工作负责人及联系人")  # above the answers
    desk = client.get("/admin/review-desk/").content.decode()
    assert "已上传" in desk and "未上传" not in desk
    ministry = Client()
    ministry.force_login(ministry_reviewer)
    listing = ministry.get("/admin/snippets/applications/cityapplication/").content.decode()
    assert "盖章扫描件" in listing and "已收到" in listing
