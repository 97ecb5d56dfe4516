"""The provincial summary (attachment 2) and the applications it recommends, as files.

Pure functions: a recommendation or an application in, bytes (or a file object filled) out. No request, no
permission check: the caller decides who may have them. The documents are official Chinese forms, so their
wording is the forms' own, not translated strings.
"""

import datetime
import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from learning_city import pdf
from learning_city.applications.models.application import Route
from learning_city.forms import versions
from learning_city.forms.blocks import FileUploadBlock
from learning_city.spreadsheets import excel_safe, file_name_part, local_minute

SUMMARY_TITLE = "推荐加入全国学习型城市网络城市汇总表"
APPLICATION_TITLE = "全国学习型城市网络成员城市申请表"
ROUTE_MARKS = {
    Route.APPLICATION: "申请加入",
    Route.GNLC: "直接加入（已加入全球学习型城市网络）",
    Route.ALLIANCE: "直接加入（原全国学习型城市建设联盟成员）",
}
SUMMARY_COLUMNS = ("序号", "城市名称", "申请编号", "加入方式")
STEP_NUMERALS = "一二三四五六七八九十"
MISSING = "缺失：存储中找不到该文件"
CHANGED = "校验值不符：存储中的文件与提交时不同"
NO_RECORD = "缺失：提交时的文件记录已不存在"
CHUNK = 1024 * 1024


# --- shared pieces -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    number: int
    application: object
    route: str

    @property
    def city(self):
        return self.application.city.name

    @property
    def route_mark(self):
        return ROUTE_MARKS.get(self.route, self.route)


def summary_rows(recommendation):
    """The summary's rows in the province's order: 序号 1..n, with the route the province confirmed."""
    items = recommendation.items.select_related("application__city").order_by("sort_order", "pk")
    return [
        SummaryRow(number=number, application=item.application, route=item.application.confirmed_route())
        for number, item in enumerate(items, start=1)
    ]


def chinese_date(value):
    """2024年12月10日, in the site's time zone for a moment; '' for nothing."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return f"{value.year}年{value.month}月{value.day}日"


def summary_header(recommendation):
    """The header fields of attachment 2, as (label, value) pairs."""
    return [
        ("省份", recommendation.province.name),
        ("推荐单位", recommendation.department),
        ("填报人", recommendation.filled_in_by),
        ("联系方式", recommendation.contact),
        ("填报日期", chinese_date(recommendation.submitted_at) or "尚未提交"),
    ]


def human_size(size):
    if size is None:
        return ""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


# --- XLSX ----------------------------------------------------------------------------------------------


def summary_xlsx(recommendation):
    """Attachment 2 as a worksheet: title, header fields, then 序号, 城市名称, 申请编号, 加入方式."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "汇总表"
    width = len(SUMMARY_COLUMNS)
    thin = Side(style="thin")
    ruled = Border(left=thin, right=thin, top=thin, bottom=thin)

    sheet.append([SUMMARY_TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(1, 1).font = Font(size=16, bold=True)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center")
    for label, value in summary_header(recommendation):
        sheet.append([label, excel_safe(value)])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append([])

    sheet.append(list(SUMMARY_COLUMNS))
    header_row = sheet.max_row
    for column in range(1, width + 1):
        cell = sheet.cell(header_row, column)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
        cell.border = ruled
    for row in summary_rows(recommendation):
        sheet.append(
            [row.number, *(excel_safe(value) for value in (row.city, row.application.reference, row.route_mark))]
        )
        for column in range(1, width + 1):
            sheet.cell(sheet.max_row, column).border = ruled
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    for letter, size in zip("ABCD", (12, 24, 22, 44), strict=True):
        sheet.column_dimensions[letter].width = size

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- PDF of the summary -----------------------------------------------------------------------------------


def summary_pdf(recommendation, fileobj=None):
    """Attachment 2 on A4: the title, the header fields, the table, the department's stamp box and date."""
    rows = summary_rows(recommendation)
    header = dict(summary_header(recommendation))
    contact = "　".join(part for part in (recommendation.filled_in_by, recommendation.contact) if part)
    story = [
        pdf.text("附件2", "body"),
        pdf.text(SUMMARY_TITLE, "title"),
        pdf.grid(
            [
                [f"省份：{header['省份']}", f"填报日期：{header['填报日期']}"],
                [f"推荐单位：{recommendation.department}（公章）", f"填报人及联系方式：{contact}"],
            ],
            [pdf.FRAME_WIDTH / 2] * 2,
            header_rows=0,
            extra_style=[("GRID", (0, 0), (-1, -1), 0, "white")],
        ),
        Spacer(1, 4 * mm),
    ]
    table_rows = [list(SUMMARY_COLUMNS)]
    table_rows += [[row.number, row.city, row.application.reference, row.route_mark] for row in rows]
    if not rows:
        table_rows.append(["", "（尚无推荐城市）", "", ""])
    story.append(
        pdf.grid(
            table_rows,
            [14 * mm, 34 * mm, 42 * mm, pdf.FRAME_WIDTH - 90 * mm],
            extra_style=[("ALIGN", (0, 0), (0, -1), "CENTER")],
        )
    )
    story.append(Spacer(1, 8 * mm))
    story.append(pdf.stamp_box())
    return pdf.build(story, title=f"{recommendation.province.name} {SUMMARY_TITLE}", fileobj=fileobj)


# --- PDF of one application ---------------------------------------------------------------------------------


def answers_by_step(application):
    """The answers as the version of the form they were given on asks them:
    ``[(step title, [(label, shown answer)])]``, labels named with their section
    ("工作联系人 · 姓名"), and last the answers to questions that version does not ask, labelled
    as an earlier version asked them, so nothing submitted is left out. An upload question
    without a stored answer shows the files of the application's manifest under its key."""
    definition = application.answer_definition()
    steps = []
    for step in definition.rows(application.answers, earlier=versions.earlier_definitions(application.entry.page_id)):
        rows = []
        for row in step["rows"]:
            question = definition.by_key.get(row["key"])
            if not row["value"] and question is not None and isinstance(question.block, FileUploadBlock):
                files = [item for item in application.file_manifest if item.get("key") == row["key"]]
                row["value"] = question.display(files)
            rows.append((row["label"], row["value"]))
        steps.append((step["title"], rows))
    return steps


def question_labels(application):
    """Each question's label by key, as the application's version of the form asks it."""
    return {question.key: question.full_label for _number, question in application.answer_definition().questions}


def _step_heading(number, title):
    numeral = STEP_NUMERALS[number - 1] if number <= len(STEP_NUMERALS) else str(number)
    return f"{numeral}、{title}"


def application_pdf(application, fileobj=None):
    """One application, complete: the answers by step and question, the attached files and part 6."""
    labels = question_labels(application)
    story = [
        pdf.text(APPLICATION_TITLE, "title"),
        pdf.grid(
            [
                ["申报城市", f"{application.province.name} {application.city.name}"],
                ["申请编号", application.reference],
                ["提交时间", local_minute(application.submitted_at)],
                ["申请加入方式", ROUTE_MARKS.get(application.claimed_route, application.claimed_route)],
            ],
            [35 * mm, pdf.FRAME_WIDTH - 35 * mm],
            header_rows=0,
        ),
    ]
    for number, (title, rows) in enumerate(answers_by_step(application), start=1):
        story.append(pdf.text(_step_heading(number, title), "heading"))
        story.append(pdf.grid(rows or [["", ""]], [50 * mm, pdf.FRAME_WIDTH - 50 * mm], header_rows=0))

    story.append(pdf.text("附件清单", "heading"))
    files = [["序号", "所属问题", "文件名", "大小", "说明"]]
    for number, item in enumerate(application.file_manifest, start=1):
        note = "（".join(part for part in (item.get("caption"), item.get("copyright")) if part)
        note += "）" if item.get("caption") and item.get("copyright") else ""
        key = item.get("key", "")
        files.append([number, labels.get(key, key), item.get("name", ""), human_size(item.get("size")), note])
    if len(files) == 1:
        files.append(["", "（无附件）", "", "", ""])
    story.append(pdf.grid(files, [12 * mm, 32 * mm, 60 * mm, 20 * mm, pdf.FRAME_WIDTH - 124 * mm]))

    story.append(pdf.text("相关负责单位意见（省级教育行政部门）", "heading"))
    opinion = application.latest_opinion()
    if opinion is None:
        story.append(pdf.text("（尚未填写）"))
    else:
        story.append(
            pdf.grid(
                [
                    ["意见", opinion.opinion],
                    ["确认的加入方式", ROUTE_MARKS.get(opinion.confirmed_route, opinion.confirmed_route)],
                    ["填写时间", local_minute(opinion.written_at)],
                ],
                [35 * mm, pdf.FRAME_WIDTH - 35 * mm],
                header_rows=0,
            )
        )
    return pdf.build(
        story, title=f"{APPLICATION_TITLE} {application.city.name} {application.reference}", fileobj=fileobj
    )


# --- ZIP of the province's recommendations ---------------------------------------------------------------------


def _submitted_files(application):
    """(manifest item, EntryFile or None) for each file the application was submitted with.

    The application's file manifest is what the reviewers saw; files added to a returned entry
    since, and not yet resubmitted, are not part of it."""
    stored = {(item.field_key, item.sha256): item for item in application.entry.files.all()}
    return [(item, stored.get((item.get("key"), item.get("sha256")))) for item in application.file_manifest]


def _copy_into(archive, name, handle, compress_type):
    """Stream a file into the archive in chunks; its size and sha256."""
    info = zipfile.ZipInfo(name, date_time=_now_tuple())
    info.compress_type = compress_type
    digest, size = hashlib.sha256(), 0
    with archive.open(info, "w", force_zip64=True) as target:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    return size, digest.hexdigest()


def _now_tuple():
    return timezone.localtime().timetuple()[:6]


def summary_zip(recommendation, fileobj):
    """Everything the province sends for one round, written into ``fileobj`` (a file opened for
    writing in binary, e.g. a temporary file): per recommended application in the summary's order
    ``NN-城市/申请表.pdf`` and its attachments, the summary as PDF and XLSX, and ``manifest.txt``
    naming every file with its size and sha256, and anything missing from storage.

    Attachments are streamed in chunks, never held whole in memory. Returns the manifest lines."""
    province = recommendation.province.name
    manifest = [
        f"{province} {SUMMARY_TITLE}（{recommendation.round}）",
        f"生成时间：{local_minute(timezone.now())}",
        "文件\t大小（字节）\tsha256\t状态",
    ]
    problems = []

    def add_bytes(archive, name, data):
        info = zipfile.ZipInfo(name, date_time=_now_tuple())
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, data)
        manifest.append(f"{name}\t{len(data)}\t{hashlib.sha256(data).hexdigest()}\tOK")

    with zipfile.ZipFile(fileobj, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        add_bytes(archive, f"{province}-推荐汇总表.pdf", summary_pdf(recommendation))
        add_bytes(archive, f"{province}-推荐汇总表.xlsx", summary_xlsx(recommendation))
        for row in summary_rows(recommendation):
            application = row.application
            folder = f"{row.number:02d}-{file_name_part(row.city)}"
            add_bytes(archive, f"{folder}/申请表.pdf", application_pdf(application))
            labels = question_labels(application)
            for number, (item, stored) in enumerate(_submitted_files(application), start=1):
                key = item.get("key", "")
                name = (
                    f"{folder}/{file_name_part(labels.get(key, key))}/{number:02d}-{file_name_part(item.get('name'))}"
                )
                status, size, sha256 = _add_attachment(archive, name, item, stored)
                manifest.append(f"{name}\t{size}\t{sha256}\t{status}")
                if status != "OK":
                    problems.append(f"{name}\t{status}")
        if problems:
            manifest += ["", f"有 {len(problems)} 个文件未能完整收入本压缩包：", *problems]
        else:
            manifest += ["", "所有文件均已收入本压缩包。"]
        archive.writestr("manifest.txt", ("\n".join(manifest) + "\n").encode("utf-8"))
    return manifest


def _add_attachment(archive, name, item, stored):
    """Copy one submitted file into the archive: (status, size, sha256), the size and sha256 as read,
    or as submitted when the file could not be read."""
    status = MISSING
    if stored is None:
        status = NO_RECORD
    elif stored.file.name and stored.file.storage.exists(stored.file.name):
        compress = zipfile.ZIP_STORED if stored.content_type.startswith("image/") else zipfile.ZIP_DEFLATED
        try:
            with stored.file.storage.open(stored.file.name, "rb") as handle:
                size, sha256 = _copy_into(archive, name, handle, compress)
        except OSError:
            pass
        else:
            return ("OK" if sha256 == item.get("sha256") else CHANGED), size, sha256
    return status, item.get("size", ""), item.get("sha256", "")
