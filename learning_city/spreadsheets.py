"""Cells for the spreadsheets reviewers open (CSV, XLSX, tab-separated manifests), safe from formula injection.

Every export of answers, names or notes someone else typed writes its cells through ``excel_safe``:
one rule for the whole site, low in the import map so that every app can use it.
"""

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
