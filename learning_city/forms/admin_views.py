from django.contrib.auth.decorators import user_passes_test
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header

from learning_city.forms import access, entries, exports
from learning_city.forms.models import FormEntry

# The formats a form's submissions export to: the only ones the export URL answers (404 otherwise).
EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", lambda header, rows, page: exports.as_csv(header, rows)),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda header, rows, page: exports.as_xlsx(header, rows, page.title),
    ),
}


def _may_review(user):
    if not access.may_review(user):
        raise PermissionDenied
    return True


reviewers_only = user_passes_test(_may_review)


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
    page = get_object_or_404(access.managed_forms(request.user), pk=page_id)
    return export_response(page, entries.submitted_entries(page), file_format)


def export_response(page, submissions, file_format):
    """The download of ``submissions`` (entries of ``page``) as a CSV or XLSX file; the listing's
    export buttons come here too, with the listing's filters applied."""
    content_type, write = EXPORT_FORMATS[file_format]
    header, rows = exports.table(page, submissions)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return _download(write(header, rows, page), content_type, f"submissions-{page.pk}-{stamp}.{file_format}")


@reviewers_only
def entry_attachments(request, entry_id):
    """One submission's attachments; a draft's are its applicant's own (404)."""
    entry = get_object_or_404(access.reviewable_by(request.user, FormEntry.objects.all()), pk=entry_id)
    return _download(
        exports.attachments_zip(entry), "application/zip", f"{entry.reference or entry.pk}-attachments.zip"
    )
