"""Submissions as the tables and bundles reviewers file: CSV, XLSX and a ZIP per entry."""

import csv
import io
import zipfile

from django.utils.translation import gettext as _
from openpyxl import Workbook

from learning_city.forms import versions
from learning_city.forms.definitions import shown


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
            entry.submitted_at.strftime("%Y-%m-%d %H:%M") if entry.submitted_at else "",
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
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def as_xlsx(header, rows, title):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def attachments_zip(entry):
    """Every attachment of an entry, with a manifest that names any file that could not be read."""
    buffer = io.BytesIO()
    reference_label = _("Reference")
    manifest = [f"{reference_label}: {entry.reference or entry.pk}"]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, item in enumerate(entry.files.order_by("field_key", "position", "pk"), start=1):
            name = f"{item.field_key}/{number:02d}-{item.original_name}"
            try:
                with item.file.open("rb") as handle:
                    archive.writestr(name, handle.read())
                status = "OK"
            except OSError:
                status = _("MISSING from storage")
            line = f"{name}\t{item.size}\t{item.sha256}\t{status}"
            if item.caption or item.copyright:
                line += f"\t{item.caption}\t{item.copyright}"
            manifest.append(line)
        archive.writestr("manifest.txt", "\n".join(manifest) + "\n")
    return buffer.getvalue()
