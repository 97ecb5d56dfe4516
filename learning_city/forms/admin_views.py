from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from learning_city.forms import entries, exports
from learning_city.forms.models import FormEntry, MultiStepFormPage

VIEW_ENTRIES = "lc_forms.view_formentry"


@permission_required(VIEW_ENTRIES, raise_exception=True)
def export_submissions(request, page_id, file_format):
    page = get_object_or_404(MultiStepFormPage, pk=page_id)
    header, rows = exports.table(page, entries.submitted_entries(page))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if file_format == "xlsx":
        body = exports.as_xlsx(header, rows, page.title)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = exports.as_csv(header, rows)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="submissions-{page.pk}-{stamp}.{file_format}"'
    return response


@permission_required(VIEW_ENTRIES, raise_exception=True)
def entry_attachments(request, entry_id):
    entry = get_object_or_404(FormEntry, pk=entry_id)
    response = HttpResponse(exports.attachments_zip(entry), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{entry.reference or entry.pk}-attachments.zip"'
    return response
