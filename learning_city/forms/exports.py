"""Submissions as the tables and bundles reviewers file: CSV, XLSX and a ZIP per entry.

Every cell someone typed goes out through ``spreadsheets.excel_safe``, so an answer such as
``=HYPERLINK(…)`` reads as text in Excel or LibreOffice and never runs as a formula.
"""

import csv
import io
import zipfile

from django.utils.translation import gettext as _
from openpyxl import Workbook

from learning_city.forms import attachment_folders, versions
from learning_city.forms.definitions import shown
from learning_city.spreadsheets import local_minute, safe_row, sheet_title


def table(page, entries):
    """Header and rows: one column per question's stable key across every version of the form,
    in the latest order, labelled with its section ("工作联系人 · 姓名"). Each answer reads
    through the version its entry was answered on."""
    definitions = versions.definitions_by_version(page)
    columns = versions.export_columns(page, definitions.values())
    header = [_("Reference"), _("Submitted by"), _("Submitted at")] + [
        question.full_label for _key, question in columns
    ]
    rows = []
    for entry in entries:
        asked = definitions[entry.version_id].by_key if entry.version_id in definitions else page.definition.by_key
        cells = [
            entry.reference or "",
            entry.user.email if entry.user else "",
            local_minute(entry.submitted_at),
        ]
        cells += [
            shown(asked.get(key, question), entry.answers.get(key), entry.answers) if key in entry.answers else ""
            for key, question in columns
        ]
        rows.append(cells)
    return header, rows


def as_csv(header, rows):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 Chinese correctly only with a byte-order mark
    writer = csv.writer(buffer)
    writer.writerow(safe_row(header))
    writer.writerows(safe_row(row) for row in rows)
    return buffer.getvalue().encode("utf-8")


def as_xlsx(header, rows, title):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title)
    sheet.append(safe_row(header))
    for row in rows:
        sheet.append(safe_row(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def attachments_zip(entry):
    """Every attachment of an entry, with a manifest that names any file that could not be read.

    The manifest is tab-separated, one file a line (name, size, sha256, status, caption, copyright):
    spreadsheets open it as a table, so it is written with the same escaping as the exports, and a
    caption's own tabs or line breaks are quoted rather than starting a new cell or line."""
    buffer = io.BytesIO()
    manifest = io.StringIO()
    lines = csv.writer(manifest, delimiter="\t", lineterminator="\n")
    lines.writerow(safe_row([f"{_('Reference')}: {entry.reference or entry.pk}"]))
    folders = attachment_folders.folder_names(entry)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, item in enumerate(entry.files.order_by("field_key", "position", "pk"), start=1):
            name = f"{folders.get(item.field_key, item.field_key)}/{number:02d}-{item.original_name}"
            try:
                with item.file.open("rb") as handle:
                    archive.writestr(name, handle.read())
                status = "OK"
            except OSError:
                status = _("MISSING from storage")
            cells = [name, item.size, item.sha256, status]
            if item.caption or item.copyright:
                cells += [item.caption, item.copyright]
            lines.writerow(safe_row(cells))
        archive.writestr("manifest.txt", manifest.getvalue())
    return buffer.getvalue()
