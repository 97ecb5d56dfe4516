"""The application form (attachment 1) filled in with a city's submission, as a PDF to print and stamp:
laid out like the official form, in Chinese with its font embedded, made once per submission, and only
for those who may see the application."""

import io
import re

import pytest
from django.core.files.storage import storages
from django.utils import timezone
from pypdf import PdfReader

from learning_city.applications import application_pdf, documents
from learning_city.applications.models import ApplicationFormPdf
from learning_city.forms import entries
from learning_city.forms.models import FormEntry
from tests.applications.conftest import act, application_of, submitted_entry
from tests.applications.full_application import shipped_form, submit_full_application
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADINGS = [application_pdf.PART_HEADINGS[number] for number in range(1, 7)]


def pdf_text(data):
    """The text layer without any white space, so a phrase broken over lines or spaced out still reads."""
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"[\s\u00a0\u3000]+", "", text)


def fonts_of(data):
    fonts = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            fonts[str(font["/BaseFont"])] = descriptor.get_object() if descriptor is not None else None
    return fonts


def pdf_url(entry):
    return f"/applications/{entry.reference}/form.pdf"


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def applicant(db):
    return UserFactory(username="suzhou-office", email="office@suzhou.example.cn")


@pytest.fixture
def entry(applicant):
    return submit_full_application(shipped_form(), applicant, attachments=20)


@pytest.fixture
def printed(entry):
    return pdf_text(application_pdf.application_form_pdf(entry))


def test_the_cover_and_the_instructions_are_the_official_forms(entry, printed):
    assert printed.startswith("附件1全国学习型城市网络成员城市申请表申报城市名称（公章）：江苏省苏州市")
    submitted = application_pdf.chinese_date(timezone.localdate(entry.submitted_at))
    assert f"申报时间：{submitted}" in printed
    assert "填表说明请仔细阅读填报信息，根据申报城市的实际情况进行填报。1.申请表共六部分，均为必填项。" in printed
    assert "2.项目描述部分，要简明扼要、重点突出、特色鲜明，字数控制在限制范围内。" in printed


def test_every_part_has_its_official_heading_in_order(printed):
    places = [printed.index(heading) for heading in HEADINGS]
    assert places == sorted(places)


def test_part_one_lists_each_role_once_with_its_people(printed):
    part = printed[printed.index(HEADINGS[0]) : printed.index(HEADINGS[1])]
    roles = [
        "市分管学习型城市建设工作负责人",
        "市教育行政部门分管学习型城市建设工作负责人",
        "市教育行政部门负责学习型城市建设工作的处室及负责人",
        "工作联系人",
    ]
    assert all(part.count(role) == 1 for role in roles[:3])
    assert "市分管学习型城市建设工作负责人姓名演示甲职务副市长" in part
    assert "市教育行政部门分管学习型城市建设工作负责人姓名演示乙职务教育局副局长" in part
    assert "处室名称职业教育与社会教育处负责人姓名演示丙" in part
    assert "工作联系人姓名演示丁职务科员办公电话0512-65000002手机号13800000002" in part
    assert "demo-applicant-suzhou@example.cn" in part


def test_part_two_is_the_data_table_with_each_items_year(printed):
    part = printed[printed.index(HEADINGS[1]) : printed.index(HEADINGS[2])]
    assert part.startswith(HEADINGS[1] + "信息数据年份")
    assert "本市常住人口1295.80万人2023" in part
    assert "总面积8657.32平方公里2023" in part
    assert "本市16-59周岁人口平均受教育年限11.80年2023" in part
    assert "常住人口数据年份" not in part  # the years sit beside their items, not as rows of their own


def test_part_three_has_the_sub_sections_questions_and_answers(printed):
    part = printed[printed.index(HEADINGS[2]) : printed.index(HEADINGS[3])]
    for heading in ("（一）学习型城市建设概况", "（二）学习型城市建设的组织领导", "（四）学习型城市建设的特色亮点"):
        assert heading in part
    assert "3.学习型城市建设宣传口号（20字以内，没有可不填）学在苏州" in part
    assert "苏州历史悠久，经济发达，文化底蕴深厚" in part
    assert "名称：全民终身学习活动周" in part and "关于推进学习型城市建设的实施意见" in part


def test_part_four_lists_every_attachment_with_size_caption_and_copyright(entry, printed):
    part = printed[printed.index(HEADINGS[3]) : printed.index(HEADINGS[4])]
    assert "文本材料采用PDF格式" in part and "序号类别文件名大小简介及版权" in part
    for item in entry.files.all():
        assert item.original_name.replace(" ", "") in part
        assert application_pdf.human_size(item.size).replace(" ", "") in part
    assert entry.files.count() == 20
    assert "活动照片（原图）活动照片10.jpg" in part
    assert "简介：第10张照片：社区学习活动版权：©2024苏州市教育局" in part


def test_part_five_declares_in_the_citys_name_and_part_six_is_left_to_the_province(printed):
    five = printed[printed.index(HEADINGS[4]) : printed.index(HEADINGS[5])]
    assert five.startswith(
        HEADINGS[4] + "苏州市，申请加入全国学习型城市网络。我们承诺积极推进学习型城市建设，"
        "遵循全国学习型城市网络成员的相关要求，支持全国学习型城市网络的发展目标并参与各项活动。公章年月日"
    )
    six = printed[printed.index(HEADINGS[5]) :]
    assert six.startswith(HEADINGS[5] + "省级相关部门意见公章年月日")


def test_the_pages_are_a4_and_the_font_is_embedded_as_a_subset(entry):
    data = application_pdf.application_form_pdf(entry)
    for page in PdfReader(io.BytesIO(data)).pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    fonts = fonts_of(data)
    assert fonts
    for name, descriptor in fonts.items():
        assert re.match(r"^/?[A-Z]{6}\+", name), name  # a subset, not the whole 5 MB font
        assert descriptor is not None and "/FontFile2" in descriptor, name


def test_each_row_keeps_the_section_the_form_asks_it_under(entry):
    """Part 一's roles are the form's sections (whose name is whose), read through the entry's version."""
    content = application_pdf.pdf_content(FormEntry.objects.get(pk=entry.pk))
    leader = next(row for row in content.parts[1] if row.key == "city_leader_name")
    assert (leader.section, leader.question, leader.value) == ("市分管学习型城市建设工作负责人", "姓名", "演示甲")
    contact = next(row for row in content.parts[1] if row.key == "contact_name")
    assert contact.section == "工作联系人"


def test_a_form_of_another_shape_still_prints_every_part(application_page):
    """The test form: three steps with titles of its own, a heading, a group and no year keys."""
    entry = submitted_entry(
        application_page,
        UserFactory(username="other-shape"),
        contact_mobile="13900000000",
        population="88.50",
        meetings=[{"held_on": "2024-01-02", "name": "读书节"}],
        declaration=True,
    )
    printed = pdf_text(application_pdf.application_form_pdf(entry))
    assert all(heading in printed for heading in HEADINGS)
    assert "姓名张三" in printed  # a heading is not a section: the row has no role of its own
    assert "常住人口88.50万人" in printed and "名称：读书节" in printed
    assert "我们承诺所填内容真实准确。" in printed and "（无附件）" in printed  # the statement agreed to


# --- made once, kept, served to those who may see it ------------------------------------------------------


def test_the_pdf_is_made_once_kept_privately_and_served_again(client, entry, applicant, monkeypatch):
    client.force_login(applicant)
    first = client.get(pdf_url(entry))
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert "no-store" in first["Cache-Control"]
    stored = ApplicationFormPdf.objects.get()
    assert stored.file.name.startswith("applications/") and stored.file.storage is storages["private"]
    assert stored.submitted_for == entry.submitted_at
    data = body(first)
    assert data.startswith(b"%PDF-") and stored.size == len(data)

    def must_not_run(*args, **kwargs):
        raise AssertionError("the PDF was made again")

    monkeypatch.setattr(application_pdf, "render", must_not_run)
    again = client.get(pdf_url(entry))
    assert again.status_code == 200 and body(again) == data
    assert ApplicationFormPdf.objects.count() == 1
    assert client.get(f"/media/{stored.file.name}").status_code == 404  # never on a public URL


def test_the_submission_makes_the_pdf_ahead_of_the_first_download(applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = submit_full_application(shipped_form(), applicant, attachments=4)
    stored = ApplicationFormPdf.objects.get()
    assert stored.application.entry_id == entry.pk and stored.submitted_for == entry.submitted_at


def test_a_resubmission_gets_its_own_pdf_and_the_first_is_kept(client, entry, applicant, jiangsu_reviewer):
    client.force_login(applicant)
    first = body(client.get(pdf_url(entry)))
    act(application_of(entry), jiangsu_reviewer, "reject", comment="请补充材料。")
    entry.refresh_from_db()
    assert entry.status == FormEntry.Status.RETURNED
    # while the city edits its answers, the PDF of the submission before is the one there is
    assert body(client.get(pdf_url(entry))) == first and ApplicationFormPdf.objects.count() == 1

    result = entries.submit(entry.page.specific, entry)
    assert result.accepted and result.resubmitted
    second = client.get(pdf_url(entry))
    assert second.status_code == 200
    made = list(ApplicationFormPdf.objects.order_by("submitted_for"))
    assert [item.submitted_for for item in made] == [entry.submitted_at, result.entry.resubmitted_at]
    assert body(second) == made[1].file.open("rb").read()
    assert made[0].file.storage.exists(made[0].file.name)


def test_a_returned_application_without_a_pdf_has_none_to_give(client, entry, applicant, jiangsu_reviewer):
    act(application_of(entry), jiangsu_reviewer, "reject", comment="请补充材料。")
    client.force_login(applicant)
    assert client.get(pdf_url(entry)).status_code == 404
    assert not ApplicationFormPdf.objects.exists()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("someone else", False),
        ("zhejiang reviewer", False),
        ("jiangsu reviewer", True),
        ("ministry reviewer", True),
        ("applicant", True),
    ],
)
def test_only_the_applicant_and_reviewers_who_see_the_application_get_its_pdf(
    client, entry, applicant, jiangsu_reviewer, zhejiang_reviewer, ministry_reviewer, who, allowed
):
    users = {
        "someone else": UserFactory(username="someone-else"),
        "zhejiang reviewer": zhejiang_reviewer,
        "jiangsu reviewer": jiangsu_reviewer,
        "ministry reviewer": ministry_reviewer,
        "applicant": applicant,
    }
    if who in users:
        client.force_login(users[who])
    response = client.get(pdf_url(entry))
    assert response.status_code == (200 if allowed else 403)
    if not allowed:
        assert not ApplicationFormPdf.objects.exists()  # nothing is made for those refused


def test_an_unknown_reference_is_not_found(client, applicant, entry):
    client.force_login(applicant)
    assert client.get("/applications/LC-20240101-NOSUCH/form.pdf").status_code == 404


# --- where the applicant finds it ------------------------------------------------------------------------------


def test_the_submitted_page_offers_the_pdf_in_place_of_the_print_page(client, entry, applicant):
    client.force_login(applicant)
    page = client.get(f"{entry.page.url}submitted/{entry.reference}/").content.decode()
    assert f'href="{pdf_url(entry)}"' in page and "下载申请表（PDF，盖章用）" in page
    assert "打印申请表（盖章用）" not in page and "/print/" not in page
    assert 'id="stamped-scan"' in page and "尚未上传" in page
    mine = client.get("/accounts/applications/").content.decode()
    assert f'href="{pdf_url(entry)}"' in mine and f"submitted/{entry.reference}/#stamped-scan" in mine


def test_the_document_service_gives_the_same_record_each_time(entry):
    application = application_of(entry)
    first = documents.form_pdf(application)
    assert documents.form_pdf(application) == first and ApplicationFormPdf.objects.count() == 1


def test_answers_far_longer_than_the_form_allows_still_lay_out():
    """A role of fifty rows, a part-one answer longer than a page and one of 4,000 characters: the document
    is still made (the parts that cannot take them in the official layout fall back to plain rows)."""
    Row = application_pdf.Row
    long_answer = "这是一段很长的回答，" * 400
    content = application_pdf.Content(
        reference="LC-20240101-LONG00",
        province="江苏省",
        city="苏州市",
        applied_on=None,
        version_at=None,
        parts={
            1: [Row(f"问题{n}", f"回答{n}", f"k{n}", "同一个角色") for n in range(50)]
            + [Row("超长", long_answer, "long", "另一个角色")],
            2: [Row("本市常住人口", "1 万人", "population"), Row("年份", "2024", "population_year")],
            3: [Row("概况", long_answer + "\n" + long_answer, "profile", "（一）概况")],
            4: [],
            5: [],
        },
        attachments=[application_pdf.Attachment(n, "文本材料", f"文件{n}.pdf", 1024 * n) for n in range(1, 60)],
    )
    printed = pdf_text(application_pdf.render(content))
    assert all(heading in printed for heading in HEADINGS)
    assert "回答49" in printed and "文件59.pdf" in printed and printed.count("这是一段很长的回答") == 1200
