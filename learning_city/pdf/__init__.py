"""Building the project's PDFs: A4 pages in Chinese with the shipped font embedded as a subset.

Any app may use these helpers (the provincial summary, the application form); they know nothing of
applications. The font is ``fonts/wqy-microhei.ttc`` (see ``fonts/README.md``), registered with ReportLab
once per process (about a second); a document costs a few hundredths of a second after that. Never a
system font: a machine without CJK fonts renders the same PDF.
"""

import functools
import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

NBSP = "\u00a0"

FONT_NAME = "WenQuanYiMicroHei"
FONT_FILE = Path(__file__).resolve().parent / "fonts" / "wqy-microhei.ttc"
PAGE_SIZE = A4
MARGIN = 20 * mm
FRAME_WIDTH = PAGE_SIZE[0] - 2 * MARGIN


@functools.cache
def register_font():
    """Register the CJK font with ReportLab (once per process) and return its name."""
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_FILE), subfontIndex=0))
    # The face has no bold or italic: map the variants to it, so <b> in a paragraph never fails.
    pdfmetrics.registerFontFamily(FONT_NAME, normal=FONT_NAME, bold=FONT_NAME, italic=FONT_NAME, boldItalic=FONT_NAME)
    return FONT_NAME


@functools.cache
def styles():
    """Paragraph styles by name: title, subtitle, heading, body, small, cell, cell_head, right, center."""
    font = register_font()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK", alignment=TA_LEFT)
    return {
        "title": ParagraphStyle("title", parent=body, fontSize=18, leading=26, alignment=TA_CENTER, spaceAfter=6 * mm),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=10.5, alignment=TA_CENTER, spaceAfter=4 * mm),
        "heading": ParagraphStyle(
            "heading", parent=body, fontSize=13, leading=20, spaceBefore=5 * mm, spaceAfter=2 * mm
        ),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=9, leading=13),
        "cell": ParagraphStyle("cell", parent=body, fontSize=10, leading=14),
        "cell_head": ParagraphStyle("cell_head", parent=body, fontSize=10, leading=14, alignment=TA_CENTER),
        "center": ParagraphStyle("center", parent=body, alignment=TA_CENTER),
        "right": ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
    }


def text(value, style="body"):
    """A paragraph of plain text: markup characters are escaped, line breaks kept."""
    escaped = escape("" if value is None else str(value)).replace("\r\n", "\n").replace("\n", "<br/>")
    return Paragraph(escaped, styles()[style] if isinstance(style, str) else style)


def _is_flowable(cell):
    """A flowable, or a list of flowables (a cell holding several paragraphs)."""
    return hasattr(cell, "wrapOn") or (isinstance(cell, list | tuple) and all(hasattr(item, "wrapOn") for item in cell))


def grid(
    rows,
    col_widths,
    header_rows=1,
    repeat_header=True,
    style="cell",
    head_style="cell_head",
    extra_style=(),
    ruled=True,
):
    """A ruled table; plain values become wrapped paragraphs, flowables (or lists of them) are placed as given.

    Rows move whole to the next page: keep each row shorter than a page. Without ``ruled`` no lines are
    drawn but those of ``extra_style`` (a layout grid, e.g. a form's cover, or a table ruled its own way)."""
    cells = [
        [cell if _is_flowable(cell) else text(cell, head_style if number < header_rows else style) for cell in row]
        for number, row in enumerate(rows)
    ]
    table = Table(cells, colWidths=col_widths, repeatRows=header_rows if repeat_header else 0)
    table.setStyle(
        TableStyle(
            [
                *([("GRID", (0, 0), (-1, -1), 0.6, colors.black)] if ruled else []),
                # Cells are paragraphs in the shipped font; without this ReportLab names Helvetica as well.
                ("FONTNAME", (0, 0), (-1, -1), register_font()),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                *([("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#eeeeee"))] if header_rows else []),
                *extra_style,
            ]
        )
    )
    return table


def stamp_box(label="（公章）", width=60 * mm):
    """A box for an official stamp at the right, with 年 月 日 under it, as printed forms have."""
    gap = NBSP * 6
    box = grid(
        [[text(label, "center")], [text(f"年{gap}月{gap}日", "center")]],
        [width],
        header_rows=0,
        ruled=False,
        extra_style=[
            ("BOX", (0, 0), (0, 0), 0.6, "black"),
            ("TOPPADDING", (0, 0), (0, 0), 14 * mm),
            ("BOTTOMPADDING", (0, 0), (0, 0), 14 * mm),
        ],
    )
    box.hAlign = "RIGHT"
    return box


def _page_decoration(footer="", plain_first_page=False):
    """Draws the page number (第 n 页) and ``footer`` (small, at the right) at the foot of each page."""

    def decorate(canvas, doc):
        if plain_first_page and doc.page == 1:
            return
        canvas.saveState()
        canvas.setFont(register_font(), 9)
        canvas.drawCentredString(PAGE_SIZE[0] / 2, 10 * mm, f"第 {doc.page} 页")
        if footer:
            canvas.setFont(register_font(), 7.5)
            canvas.drawRightString(PAGE_SIZE[0] - MARGIN, 10 * mm, footer)
        canvas.restoreState()

    return decorate


def build(story, *, title, subject="", fileobj=None, footer="", plain_first_page=False):
    """Lay out the flowables on A4 pages numbered in Chinese; bytes, or written into ``fileobj``.

    ``footer`` is a short line printed at the foot of every page (e.g. a reference); with
    ``plain_first_page`` the first page (a cover) carries neither it nor a page number."""
    register_font()
    target = fileobj if fileobj is not None else io.BytesIO()
    document = SimpleDocTemplate(
        target,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        subject=subject,
        author="",
        creator="learning_city",
        # Each new page starts in this font: ReportLab's default (Helvetica) would be named, not embedded.
        initialFontName=FONT_NAME,
    )
    decorate = _page_decoration(footer, plain_first_page)
    document.build(list(story), onFirstPage=decorate, onLaterPages=decorate)
    return target.getvalue() if fileobj is None else None
