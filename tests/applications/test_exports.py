"""The provincial summary (attachment 2) as XLSX, PDF and a ZIP of every recommended application."""

import hashlib
import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from openpyxl import load_workbook
from pypdf import PdfReader

from learning_city.applications import exports, review
from learning_city.applications.models import ProvincialRecommendation
from learning_city.forms.models import EntryFile
from tests.applications.conftest import act, application_of, submitted_entry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SUZHOU, NANJING, WUXI = "320500", "320100", "320200"


def city_answer(code, name):
    return {"code": code, "name": name, "province_code": "320000", "province": "江苏省"}


def recommended(page, reviewer, city_code, name, route="application", join_route=None, **answers):
    extra = {"join_route": join_route} if join_route else {}
    entry = submitted_entry(
        page,
        UserFactory(username=f"office-{city_code}"),
        city_code=city_code,
        city=city_answer(city_code, name),
        **extra,
        **answers,
    )
    application = application_of(entry)
    act(application, reviewer, "approve", opinion=f"经核实，同意推荐{name}。", confirmed_route=route)
    return application


@pytest.fixture
def summary(application_page, jiangsu_reviewer):
    """Jiangsu's summary: Suzhou applies, Nanjing joins directly from the GNLC, Wuxi from the alliance;
    the province has put Wuxi first."""
    suzhou = recommended(application_page, jiangsu_reviewer, SUZHOU, "苏州市", population="1291.1")
    nanjing = recommended(
        application_page, jiangsu_reviewer, NANJING, "南京市", route="gnlc", join_route="已加入全球学习型城市网络"
    )
    wuxi = recommended(application_page, jiangsu_reviewer, WUXI, "无锡市", route="alliance")
    recommendation = ProvincialRecommendation.objects.get(province__code="320000")
    order = {wuxi.pk: 0, suzhou.pk: 1, nanjing.pk: 2}
    for item in recommendation.items.all():
        item.sort_order = order[item.application_id]
        item.save()
    recommendation.department = "江苏省教育厅"
    recommendation.filled_in_by = "李四"
    recommendation.contact = "025-83335000"
    recommendation.save()
    return recommendation


def pdf_text(data):
    """The text layer, lines joined: a cell that wraps still reads as one phrase."""
    return "".join(page.extract_text().replace("\n", "") for page in PdfReader(io.BytesIO(data)).pages)


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


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","点击")', '\'=HYPERLINK("http://x","点击")'),
        ("+86 25 8333", "'+86 25 8333"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("苏州市", "苏州市"),
        ("a=b", "a=b"),
        ("", ""),
        (3, 3),
        (None, None),
    ],
)
def test_excel_safe_escapes_what_a_spreadsheet_would_run(value, expected):
    assert exports.excel_safe(value) == expected


def test_the_xlsx_lists_the_cities_in_the_provinces_order_and_marks_direct_joins(summary):
    sheet = load_workbook(io.BytesIO(exports.summary_xlsx(summary))).active
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "推荐加入全国学习型城市网络城市汇总表"
    header = {row[0]: row[1] for row in rows[1:6]}
    assert header == {
        "省份": "江苏省",
        "推荐单位": "江苏省教育厅",
        "填报人": "李四",
        "联系方式": "025-83335000",
        "填报日期": "尚未提交",
    }
    start = rows.index(["序号", "城市名称", "申请编号", "加入方式"]) + 1
    table = rows[start:]
    assert [(row[0], row[1]) for row in table] == [(1, "无锡市"), (2, "苏州市"), (3, "南京市")]
    assert [row[3] for row in table] == [
        "直接加入（原全国学习型城市建设联盟成员）",
        "申请加入",
        "直接加入（已加入全球学习型城市网络）",
    ]
    assert all(row[2] for row in table)


def test_the_xlsx_never_holds_a_formula_from_what_a_province_typed(summary):
    summary.department = '=HYPERLINK("http://evil","江苏")'
    summary.contact = "+8613800000000"
    summary.save()
    sheet = load_workbook(io.BytesIO(exports.summary_xlsx(summary))).active
    values = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell for cell in values if cell.data_type == "f"]
    assert '\'=HYPERLINK("http://evil","江苏")' in [cell.value for cell in values]
    assert "'+8613800000000" in [cell.value for cell in values]


def test_the_summary_pdf_reads_in_chinese(summary):
    text = pdf_text(exports.summary_pdf(summary))
    for words in ("附件2", "推荐加入全国学习型城市网络城市汇总表", "江苏省", "江苏省教育厅", "李四", "（公章）"):
        assert words in text
    for city in ("无锡市", "苏州市", "南京市"):
        assert city in text
    assert text.index("无锡市") < text.index("苏州市") < text.index("南京市")
    assert "直接加入（已加入全球学习型城市网络）" in text


def test_the_pdf_embeds_its_chinese_font_as_a_subset(summary):
    fonts = fonts_of(exports.summary_pdf(summary))
    chinese = {name: descriptor for name, descriptor in fonts.items() if "WenQuanYi" in name}
    assert chinese, fonts
    for name, descriptor in chinese.items():
        assert re.match(r"^/?[A-Z]{6}\+", name), name  # a subset, not the whole 5 MB font
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor


def test_an_empty_summary_still_prints(application_page, jiangsu_reviewer, summary):
    summary.items.all().delete()
    text = pdf_text(exports.summary_pdf(summary))
    assert "推荐加入全国学习型城市网络城市汇总表" in text and "尚无推荐城市" in text


def test_the_application_pdf_holds_the_answers_files_and_the_provinces_opinion(summary):
    application = summary.items.get(application__city__code=SUZHOU).application
    application.file_manifest = [
        {"key": "evidence_documents", "name": "学习型城市建设规划.pdf", "size": 2_400_000, "sha256": "0" * 64},
        {
            "key": "evidence_photos",
            "name": "读书节.jpg",
            "size": 5_100_000,
            "sha256": "1" * 64,
            "caption": "全民读书节现场",
            "copyright": "苏州市教育局",
        },
    ]
    application.answers["profile"] = "苏州是历史文化名城。"
    application.answers["meetings"] = [{"held_on": "2024-09-20", "name": "全民终身学习活动周"}]
    application.save()

    text = pdf_text(exports.application_pdf(application))
    for words in (
        "全国学习型城市网络成员城市申请表",
        "苏州市",
        application.reference,
        "联系人",
        "张三",
        "常住人口",
        "1291.1 万人",
        "苏州是历史文化名城。",
        "全民终身学习活动周",
        "学习型城市建设规划.pdf",
        "读书节.jpg",
        "全民读书节现场",
        "经核实，同意推荐苏州市。",
    ):
        assert words in text, words


def test_answers_are_shown_by_step_with_files_and_answers_the_form_no_longer_asks(summary):
    application = summary.items.first().application
    application.answers["retired_question"] = "旧表单的答复"
    files = [{"key": "evidence_photos", "name": "读书节.jpg", "caption": "现场", "copyright": "市教育局"}]
    application.file_manifest = files
    steps = exports.answers_by_step(application)
    assert [title for title, _rows in steps] == ["联系人", "基本情况", "佐证材料", "早期版本表单中的问题"]
    assert ("姓名", "张三") in steps[0][1]
    assert dict(steps[2][1]) == {"加入方式": "", "文本材料（PDF）": "", "活动照片": "读书节.jpg：现场（市教育局）"}
    assert steps[-1] == ("早期版本表单中的问题", [("retired_question", "旧表单的答复")])


def attach(application, key, name, data, content_type="application/pdf"):
    item = EntryFile(
        entry=application.entry,
        field_key=key,
        original_name=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    item.file.save(name, ContentFile(data), save=False)
    item.save()
    return item


def test_the_zip_holds_every_application_its_files_and_a_manifest_naming_what_is_missing(summary, tmp_path):
    suzhou = summary.items.get(application__city__code=SUZHOU).application
    plan = attach(suzhou, "evidence_documents", "规划.pdf", b"%PDF-1.4 plan")
    photo = attach(suzhou, "evidence_photos", "读书节.jpg", b"\xff\xd8 jpeg", content_type="image/jpeg")
    suzhou.file_manifest = review.file_manifest(suzhou.entry)
    suzhou.save()
    photo.file.storage.delete(photo.file.name)  # lost from storage after the city submitted

    target = tmp_path / "summary.zip"
    with target.open("wb") as handle:
        exports.summary_zip(summary, handle)

    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert names[:2] == ["江苏省-推荐汇总表.pdf", "江苏省-推荐汇总表.xlsx"]
        assert "01-无锡市/申请表.pdf" in names
        assert "02-苏州市/申请表.pdf" in names
        assert "03-南京市/申请表.pdf" in names
        assert "02-苏州市/文本材料（PDF）/01-规划.pdf" in names
        assert not [name for name in names if name.endswith("读书节.jpg")]
        assert archive.read("02-苏州市/文本材料（PDF）/01-规划.pdf") == b"%PDF-1.4 plan"
        assert "苏州市" in pdf_text(archive.read("02-苏州市/申请表.pdf"))
        manifest = archive.read("manifest.txt").decode("utf-8")

    lines = manifest.splitlines()
    pdf_line = next(line for line in lines if line.startswith("02-苏州市/申请表.pdf\t"))
    size, sha256, status = pdf_line.split("\t")[1:]
    assert int(size) > 0 and len(sha256) == 64 and status == "OK"
    plan_line = next(line for line in lines if line.startswith("02-苏州市/文本材料（PDF）/01-规划.pdf\t"))
    assert plan_line.split("\t")[1:] == [str(plan.size), plan.sha256, "OK"]
    missing = [line for line in lines if "读书节.jpg" in line]
    assert missing and all("缺失" in line for line in missing)
    assert "有 1 个文件未能完整收入本压缩包" in manifest


def test_a_file_changed_in_storage_is_flagged(summary, tmp_path):
    suzhou = summary.items.get(application__city__code=SUZHOU).application
    plan = attach(suzhou, "evidence_documents", "规划.pdf", b"%PDF-1.4 plan")
    suzhou.file_manifest = review.file_manifest(suzhou.entry)
    suzhou.save()
    with plan.file.storage.open(plan.file.name, "wb") as handle:
        handle.write(b"%PDF-1.4 something else")

    buffer = io.BytesIO()
    manifest = exports.summary_zip(summary, buffer)
    assert any("规划.pdf" in line and "校验值不符" in line for line in manifest)
