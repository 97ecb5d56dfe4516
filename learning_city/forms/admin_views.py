from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header

from learning_city.forms import access, entries, exports
from learning_city.forms.models import FormEntry, MultiStepFormPage

# The formats a form's submissions export to: the only ones the export URL answers (404 otherwise).
EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", lambda header, rows, page: exports.as_csv(header, rows)),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda header, rows, page: exports.as_xlsx(header, rows, page.title),
    ),
}

reviewers_only = permission_required(access.VIEW_ENTRIES, raise_exception=True)


def _download(body, content_type, filename):
    response = HttpResponse(body, content_type=content_type)
    # The name is built here from numbers and a known extension, never from the URL.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@reviewers_only
def export_submissions(request, page_id, file_format):
    if file_format not in EXPORT_FORMATS:
        raise Http404
    content_type, write = EXPORT_FORMATS[file_format]
    page = get_object_or_404(MultiStepFormPage, pk=page_id)
    header, rows = exports.table(page, entries.submitted_entries(page))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return _download(write(header, rows, page), content_type, f"submissions-{page.pk}-{stamp}.{file_format}")


@reviewers_only
def entry_attachments(request, entry_id):
    """One submission's attachments; a draft's are its applicant's own (404)."""
    entry = get_object_or_404(access.reviewable(FormEntry.objects.all()), pk=entry_id)
    return _download(
        exports.attachments_zip(entry), "application/zip", f"{entry.reference or entry.pk}-attachments.zip"
    )
