"""Cells for the spreadsheets reviewers open (CSV, XLSX, tab-separated manifests), safe from formula injection.

Every export of answers, names or notes someone else typed writes its cells through ``excel_safe``:
one rule for the whole site, low in the import map so that every app can use it. So do the names
the files and sheets get, and the times written in them.
"""

import re

from django.utils import timezone

# What Excel, LibreOffice and Google Sheets read as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(value):
    """A cell value a spreadsheet will not run as a formula: text starting with = + - @ TAB or CR gets
    a leading apostrophe (OWASP's advice for CSV/formula injection); other values are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values):
    """``excel_safe`` applied to each cell of a row."""
    return [excel_safe(value) for value in values]


# Characters Excel refuses in a sheet's name (openpyxl raises on them), and the longest name it takes.
SHEET_TITLE_REFUSED = re.compile(r"[\\/?*:\[\]]+")
SHEET_TITLE_LENGTH = 31


def sheet_title(text, fallback="工作表1"):
    """A worksheet name Excel accepts: ``/ \\ ? * : [ ]`` become ``_``, at most 31 characters, no
    apostrophe at either end. "申请表（第1/2批）" becomes "申请表（第1_2批）"."""
    title = SHEET_TITLE_REFUSED.sub("_", str(text or "")).strip()[:SHEET_TITLE_LENGTH].strip("'").strip()
    return title or fallback


def file_name_part(text, fallback="文件"):
    """One component of a file or folder name built from what someone typed: no path separators, no
    characters Windows refuses, no control characters, no leading dot, at most 120 characters."""
    cleaned = re.sub(r"[\\/:*?\"<>|\x00-\x1f]+", "_", str(text or "")).strip().lstrip(".")
    return cleaned[:120].strip() or fallback


def local_minute(moment):
    """A moment as the site's readers read it, in the site's time zone (Asia/Shanghai):
    "2024-12-10 09:30"; '' for nothing."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""
