"""Attachment 1 (全国学习型城市网络成员城市申请表) filled in with a city's submitted answers, on A4, for the
municipal government to stamp.

Two steps: ``pdf_content(entry)`` reads everything the document shows from the submission (the answers as the
form engine lays them out, and the attached files); ``render(content)`` lays it out like the official form:
the cover, 填表说明, parts 一 to 五 under their official headings, and part 六 left empty for the province.
Neither checks who asks: the views do. The wording printed is the official form's, not translated strings.
"""

import datetime
import logging
import re
from dataclasses import dataclass, field
from itertools import groupby

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer
from reportlab.platypus.doctemplate import LayoutError

from learning_city import pdf
from learning_city.applications.exports import chinese_date, human_size
from learning_city.forms import entries
from learning_city.spreadsheets import local_minute

logger = logging.getLogger(__name__)

TITLE = "全国学习型城市网络成员城市申请表"
PART_HEADINGS = {
    1: "一、相关工作负责人及联系人",
    2: "二、申请城市基本资料",
    3: "三、本市学习型城市建设的总体战略",
    4: "四、佐证材料",
    5: "五、申请声明",
    6: "六、相关负责单位意见",
}
NUMERALS = "一二三四五六"
INSTRUCTIONS = (
    "请仔细阅读填报信息，根据申报城市的实际情况进行填报。",
    "1.申请表共六部分，均为必填项。",
    "2.项目描述部分，要简明扼要、重点突出、特色鲜明，字数控制在限制范围内。",
)
EVIDENCE_NOTE = (
    "佐证材料，包括但不限于政策文件、法律法规、活动案例、活动照片等。文本材料采用PDF格式。照片取材应为本市内容，"
    "或关于本市在学习型城市建设方面的特色案例。照片须为原创的、未经压缩的且未更改大小的。每张照片须配有一段简介以及版权信息。"
)
DECLARATION = (
    "{city}，申请加入全国学习型城市网络。我们承诺积极推进学习型城市建设，遵循全国学习型城市网络成员的相关要求，"
    "支持全国学习型城市网络的发展目标并参与各项活动。"
)
BLANK_CITY = "\u00a0" * 12 + "市"
PROVINCE_OPINION = "省级相关部门意见"
STAMP = f"公{pdf.NBSP * 3}章"
DATE_LINE = f"年{pdf.NBSP * 6}月{pdf.NBSP * 6}日"
EMPTY = "（未填写）"
# The form's keys the layout knows: the city on the cover and in the declaration, the declaration itself
# (printed as the official statement), and a data item's year, kept under the item's key + this suffix.
CITY_KEY, DECLARATION_KEY, YEAR_SUFFIX = "city", "declaration", "_year"
ROLE_ROWS = 12
# At most this many characters in one table row (about 20 lines of a table cell, a third of a page).
LINE_CHARACTERS = 1000


@dataclass(frozen=True)
class Row:
    question: str
    value: str
    key: str
    section: str = ""


@dataclass(frozen=True)
class Attachment:
    number: int
    category: str
    name: str
    size: int
    caption: str = ""
    copyright: str = ""


@dataclass
class Content:
    """What the document shows, read from one submission."""

    reference: str
    province: str
    city: str
    applied_on: datetime.date | None
    version_at: datetime.datetime | None
    parts: dict = field(default_factory=dict)  # part number (1-5) -> [Row]
    attachments: list = field(default_factory=list)
    declared: bool = False
    statement: str = ""  # the declaration as the applicant agreed to it, with the city's name


# --- what the document shows ------------------------------------------------------------------------------


def version_time(entry):
    """The moment of the submission the document shows: the last resubmission, else the first submission."""
    return entry.resubmitted_at or entry.submitted_at


def pdf_content(entry):
    """Everything the document prints, from ``entry``'s answers read through the version of the form
    they were given on (``forms.entries.summary_of``, step by step) and its attached files.

    Each form step fills the official part its title names (一、… to 五、), else the part of its position; an
    upload question's answer is the attachment list of part 四, the declaration is part 五's statement, as
    the applicant agreed to it. Rows keep the section (role) they were asked under."""
    steps = entries.summary_of(entry)
    files = list(entry.files.all())
    file_keys = {item.field_key for item in files}
    parts = {number: [] for number in range(1, 6)}
    questions_by_key = {}
    statement = ""
    for position, step in enumerate(steps, start=1):
        rows = step["rows"]
        target = parts[_part_number(step.get("title", ""), position)]
        for row in rows:
            key = row.get("key", "")
            question = row.get("question", row["label"])
            questions_by_key.setdefault(key, question)
            if key == DECLARATION_KEY:
                statement = _text(row.get("value"))
                continue  # printed as part 五's statement
            if key in file_keys:
                continue  # listed in part 四
            target.append(Row(question=question, value=_text(row.get("value")), key=key, section=row["section"]))
    city = entry.answers.get(CITY_KEY) if isinstance(entry.answers.get(CITY_KEY), dict) else {}
    submitted_at = entry.submitted_at
    return Content(
        reference=entry.reference or "",
        province=str(city.get("province", "")),
        city=str(city.get("name", "")),
        applied_on=timezone.localtime(submitted_at).date() if submitted_at else None,
        version_at=version_time(entry),
        parts=parts,
        attachments=[
            Attachment(
                number=number,
                category=questions_by_key.get(item.field_key, item.field_key),
                name=item.original_name,
                size=item.size,
                caption=item.caption,
                copyright=item.copyright,
            )
            for number, item in enumerate(files, start=1)
        ],
        declared=bool(entry.answers.get(DECLARATION_KEY)),
        statement=statement,
    )


def _part_number(title, position):
    """The official part a step fills: the numeral its title starts with (一、…五、), else its position;
    steps past the fifth join part 三, the city's own account."""
    found = re.match(r"\s*([一二三四五])\s*[、.．]", title or "")
    if found:
        return NUMERALS.index(found.group(1)) + 1
    return position if position <= 5 else 3


def _text(value):
    return "" if value is None else str(value)


# --- the layout -----------------------------------------------------------------------------------------------


def _styles():
    base = pdf.styles()
    return {
        **base,
        "cover_title": ParagraphStyle("cover_title", parent=base["title"], fontSize=24, leading=34),
        "cover_label": ParagraphStyle("cover_label", parent=base["body"], fontSize=14, leading=22),
        "cover_value": ParagraphStyle("cover_value", parent=base["center"], fontSize=14, leading=22),
        "caption": ParagraphStyle("caption", parent=base["small"], fontSize=8, leading=11, textColor=colors.grey),
        "part": ParagraphStyle("part", parent=base["heading"], fontSize=14, leading=22),
        "instruction": ParagraphStyle("instruction", parent=base["body"], firstLineIndent=21, leading=22),
        "data": ParagraphStyle("data", parent=base["cell"], alignment=TA_CENTER),
        "instructions_title": ParagraphStyle("instructions_title", parent=base["title"], fontSize=16),
        "question": ParagraphStyle("question", parent=base["cell"], textColor=colors.HexColor("#222222")),
        "stamp": ParagraphStyle("stamp", parent=base["body"], alignment=TA_RIGHT, rightIndent=12 * mm),
    }


SHADE = colors.HexColor("#eeeeee")
LIGHT = colors.HexColor("#f6f6f6")


def render(content, fileobj=None):
    """The document as PDF bytes (or written into ``fileobj``).

    Should an answer be too long for the official layout of its part (a merged role cell or one table row
    taller than a page: not with the shipped form's limits), that part is laid out as plain rows instead,
    which always fit: the applicant gets a document either way."""
    styles = _styles()
    try:
        data = _build(content, styles, official=True)
    except LayoutError:
        logger.warning("application %s: answers too long for the official layout; plain rows", content.reference)
        data = _build(content, styles, official=False)
    if fileobj is None:
        return data
    fileobj.write(data)
    return None


def _build(content, styles, official):
    story = [*_cover(content, styles), PageBreak(), *_instructions(styles), PageBreak()]
    if official:
        story += _part_one(content.parts[1], styles)
        story += _part_two(content.parts[2], styles)
    else:
        story += [*_heading(1, styles), _plain_rows(content.parts[1], styles)]
        story += [*_heading(2, styles), _plain_rows(content.parts[2], styles)]
    story += _part_three(content.parts[3], styles)
    story += _part_four(content.parts[4], content.attachments, styles)
    story += _part_five(content, styles)
    story += _part_six(styles)
    version = local_minute(content.version_at)
    footer = f"受理编号 {content.reference} · {version} 提交" if content.reference else ""
    return pdf.build(
        story,
        title=f"{TITLE} {content.city} {content.reference}".strip(),
        subject=TITLE,
        footer=footer,
        plain_first_page=True,
    )


def application_form_pdf(entry, fileobj=None):
    """Attachment 1 for ``entry``, filled in: ``render(pdf_content(entry))``."""
    return render(pdf_content(entry), fileobj=fileobj)


def _cover(content, styles):
    underline = ("LINEBELOW", (1, 0), (1, 0), 0.8, colors.black)
    field_width = 70 * mm

    def line(label, value, caption):
        cell = pdf.text(value or "\u00a0", styles["cover_value"])
        table = pdf.grid(
            [[pdf.text(label, styles["cover_label"]), cell, pdf.text(caption, styles["caption"])]],
            [62 * mm, field_width, pdf.FRAME_WIDTH - 62 * mm - field_width],
            header_rows=0,
            ruled=False,
            extra_style=[("VALIGN", (0, 0), (-1, -1), "BOTTOM"), underline],
        )
        return [table, Spacer(1, 6 * mm)]

    return [
        pdf.text("附件1", "body"),
        Spacer(1, 45 * mm),
        pdf.text(TITLE, styles["cover_title"]),
        Spacer(1, 55 * mm),
        # A filled-in name carries its own suffix (江苏省, 苏州市, 延边朝鲜族自治州): the blank's is dropped.
        *line("申报城市名称（公章）：", content.province, "" if content.province else "省（自治区、直辖市）"),
        *line("", content.city, "" if content.city else "市"),
        *line("申\u00a0\u00a0报\u00a0\u00a0时\u00a0\u00a0间：", chinese_date(content.applied_on), ""),
        Spacer(1, 30 * mm),
        pdf.text(f"受理编号：{content.reference}", styles["caption"]) if content.reference else Spacer(1, 1),
    ]


def _instructions(styles):
    return [
        pdf.text("填表说明", styles["instructions_title"]),
        *[pdf.text(line, styles["instruction"]) for line in INSTRUCTIONS],
    ]


def _heading(number, styles):
    """A part's heading, on a new page when too little room is left for it and a few rows."""
    return [CondPageBreak(45 * mm), pdf.text(PART_HEADINGS[number], styles["part"])]


def _value(row, styles):
    return pdf.text(row.value or EMPTY, styles["cell"])


def _lines(value):
    """An answer's lines (a group's entries, a long text's paragraphs), each a row of its own, and a very long
    line in pieces: a table moves whole rows to the next page, so no single row may outgrow a page."""
    lines = [line for line in (value or "").replace("\r\n", "\n").split("\n") if line.strip()]
    return [
        line[start : start + LINE_CHARACTERS] for line in lines for start in range(0, len(line), LINE_CHARACTERS)
    ] or [EMPTY]


class _Ruler:
    """A table's rows and the lines between them: a line above each new question, none between the lines
    of one answer, a box around it all."""

    def __init__(self):
        self.rows, self.style = [], [("BOX", (0, 0), (-1, -1), 0.6, colors.black)]

    def add(self, cells, *, ruled=True, shade=None, columns=(0, -1)):
        index = len(self.rows)
        if ruled and index:
            self.style.append(("LINEABOVE", (0, index), (-1, index), 0.6, colors.black))
        elif index:
            self.style += [("TOPPADDING", (0, index), (-1, index), 0), ("BOTTOMPADDING", (0, index), (-1, index), 2)]
        if shade is not None:
            self.style.append(("BACKGROUND", (columns[0], index), (columns[1], index), shade))
        self.rows.append(cells)

    def table(self, widths, **options):
        return pdf.grid(self.rows, widths, header_rows=0, ruled=False, extra_style=self.style, **options)


def _plain_rows(rows, styles, label_width=50 * mm):
    """Question and answer side by side: the layout of any answer the official form has no place for."""
    ruler = _Ruler()
    ruler.style.append(("LINEAFTER", (0, 0), (0, -1), 0.6, colors.black))
    for row in rows:
        for number, line in enumerate(_lines(row.value)):
            question = pdf.text(row.question, styles["question"]) if number == 0 else ""
            ruler.add([question, pdf.text(line, styles["cell"])], ruled=number == 0, shade=LIGHT, columns=(0, 0))
    return ruler.table([label_width, pdf.FRAME_WIDTH - label_width])


def _part_one(rows, styles):
    """The officials and contacts, each role's questions beside the role's name (the rows' section), as in
    the official table. A role of very many rows is named again every ``ROLE_ROWS`` rows: a merged cell
    cannot be split over two pages."""
    story = _heading(1, styles)
    if not rows:
        return [*story, pdf.text(EMPTY)]
    table, spans = [], []
    for section, grouped in groupby(rows, key=lambda row: row.section):
        grouped = list(grouped)
        for offset in range(0, len(grouped), ROLE_ROWS):
            start = len(table)
            for row in grouped[offset : offset + ROLE_ROWS]:
                question = pdf.text(row.question, styles["question"])
                if section:
                    label = section if len(table) == start else ""
                    table.append([pdf.text(label, styles["cell"]), question, _value(row, styles)])
                else:
                    spans.append(("SPAN", (0, len(table)), (1, len(table))))
                    table.append([question, "", _value(row, styles)])
            if section:
                spans.append(("SPAN", (0, start), (0, len(table) - 1)))
    return [
        *story,
        pdf.grid(
            table,
            [50 * mm, 32 * mm, pdf.FRAME_WIDTH - 82 * mm],
            header_rows=0,
            extra_style=[("BACKGROUND", (0, 0), (1, -1), LIGHT), *spans],
        ),
    ]


def _part_two(rows, styles):
    """The city's basic data as the official 信息 / 数据 / 年份 table, each item with the year stored under
    its key + "_year"; without such pairs, plain rows."""
    story = _heading(2, styles)
    by_key = {row.key: row for row in rows}
    years = {row.key + YEAR_SUFFIX for row in rows if row.key + YEAR_SUFFIX in by_key}
    if not years:
        return [*story, _plain_rows(rows, styles) if rows else pdf.text(EMPTY)]
    table = [["信息", "数据", "年份"]]
    for row in rows:
        if row.key in years:
            continue
        year = by_key.get(row.key + YEAR_SUFFIX)
        year = pdf.text(year.value if year else "", styles["data"])
        table.append([pdf.text(row.question, styles["question"]), pdf.text(row.value or EMPTY, styles["data"]), year])
    return [
        *story,
        pdf.grid(
            table,
            [90 * mm, 45 * mm, pdf.FRAME_WIDTH - 135 * mm],
        ),
    ]


def _part_three(rows, styles):
    """The city's account: each sub-section's title, then each question with its answer below it, as in
    the official form; an answer of several entries or paragraphs may run on to the next page."""
    story = _heading(3, styles)
    if not rows:
        return [*story, pdf.text(EMPTY)]
    ruler, section = _Ruler(), None
    for row in rows:
        if row.section and row.section != section:
            ruler.add([pdf.text(row.section, styles["cell"])], shade=SHADE)
        section = row.section
        ruler.add([pdf.text(row.question, styles["question"])], shade=LIGHT)
        for number, line in enumerate(_lines(row.value)):
            ruler.add([pdf.text(line, styles["cell"])], ruled=number == 0)
    return [*story, ruler.table([pdf.FRAME_WIDTH])]


def _part_four(rows, attachments, styles):
    """The evidence: the official note, then every attached file with its size, caption and copyright."""
    story = [*_heading(4, styles), pdf.grid([[pdf.text(EVIDENCE_NOTE, styles["cell"])]], [pdf.FRAME_WIDTH], 0)]
    story.append(Spacer(1, 3 * mm))
    table = [["序号", "类别", "文件名", "大小", "简介及版权"]]
    for item in attachments:
        note = "\n".join(
            part
            for part in (
                f"简介：{item.caption}" if item.caption else "",
                f"版权：{item.copyright}" if item.copyright else "",
            )
            if part
        )
        number = pdf.text(str(item.number), styles["data"])
        table.append([number, item.category, item.name, human_size(item.size), note])
    if not attachments:
        table.append(["", "（无附件）", "", "", ""])
    story.append(
        pdf.grid(
            table,
            [12 * mm, 35 * mm, 47 * mm, 18 * mm, pdf.FRAME_WIDTH - 112 * mm],
        )
    )
    if rows:
        story += [Spacer(1, 3 * mm), _plain_rows(rows, styles)]
    return story


def _part_five(content, styles):
    """The declaration with the city's name, the city's stamp and the date, in one box as printed."""
    statement = content.statement or DECLARATION.format(city=content.city or BLANK_CITY)
    cell = [
        pdf.text(statement, ParagraphStyle("declaration", parent=styles["body"], firstLineIndent=21, leading=20)),
        Spacer(1, 16 * mm),
        pdf.text(STAMP, styles["stamp"]),
        Spacer(1, 2 * mm),
        pdf.text(DATE_LINE, styles["stamp"]),
    ]
    if content.declared:
        cell += [Spacer(1, 3 * mm), pdf.text("（申请人已在网上填报时确认本声明。）", styles["caption"])]
    story = [*_heading(5, styles), KeepTogether([pdf.grid([[cell]], [pdf.FRAME_WIDTH], header_rows=0)])]
    if content.parts[5]:
        story += [Spacer(1, 3 * mm), _plain_rows(content.parts[5], styles)]
    return story


def _part_six(styles):
    """Left empty: the provincial department writes its opinion and stamps it."""
    cell = [
        Spacer(1, 45 * mm),
        pdf.text(STAMP, styles["stamp"]),
        Spacer(1, 2 * mm),
        pdf.text(DATE_LINE, styles["stamp"]),
    ]
    box = pdf.grid(
        [[pdf.text(PROVINCE_OPINION, styles["cell_head"]), cell]],
        [36 * mm, pdf.FRAME_WIDTH - 36 * mm],
        header_rows=0,
        extra_style=[("BACKGROUND", (0, 0), (0, 0), LIGHT)],
    )
    return [KeepTogether([pdf.text(PART_HEADINGS[6], styles["part"]), box])]
