"""The application's paper trail on the site: the filled-in form to print and stamp (PDF), and the stamped
scan sent back. Each file goes to those who may see the application's entry (its owner, and the reviewers
of its province or the ministry, as the entry's private files do), never by a public URL."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from learning_city.applications import documents
from learning_city.applications.models import CityApplication
from learning_city.forms.file_views import can_see

PDF = "application/pdf"


def _visible(request, reference):
    """The application with this reference, if the user may see its entry; refused otherwise (403)."""
    application = get_object_or_404(
        CityApplication.objects.select_related("entry__page", "city", "province"), reference=reference
    )
    if not can_see(request, application.entry):
        raise PermissionDenied
    return application


def _serve(stored, filename):
    """A private file, inline, never cached; on object storage a short-lived signed URL."""
    storage = stored.storage
    if not hasattr(storage, "path"):
        return HttpResponseRedirect(storage.url(stored.name))
    response = FileResponse(stored.open("rb"), content_type=PDF, as_attachment=False, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_GET
def form_pdf(request, reference):
    """Attachment 1 filled in with the latest submission, made the first time and kept."""
    application = _visible(request, reference)
    document = documents.form_pdf(application)
    if document is None:  # back with the applicant before any PDF was made: nothing submitted to print
        raise Http404
    return _serve(
        document.file, f"全国学习型城市网络成员城市申请表-{application.city.name}-{application.reference}.pdf"
    )


@never_cache
@require_GET
def stamped_scan(request, reference, pk):
    application = _visible(request, reference)
    scan = get_object_or_404(application.stamped_scans, pk=pk)
    return _serve(scan.file, scan.original_name)


class StampedScanForm(forms.Form):
    scan = forms.FileField(
        error_messages={
            "required": gettext_lazy("Choose the scan of the stamped application form (a PDF)."),
            "empty": gettext_lazy("The file you chose is empty."),
        }
    )

    def clean_scan(self):
        uploaded = self.cleaned_data["scan"]
        documents.check_scan(uploaded)
        return uploaded


@never_cache
@require_POST
def upload_scan(request, reference):
    """The applicant sends the stamped scan of their latest submission; earlier scans are kept."""
    application = _visible(request, reference)
    entry = application.entry
    if not request.user.is_authenticated or entry.user_id != request.user.pk:
        raise PermissionDenied  # reviewers see the scans; only the applicant sends them
    back = f"{entry.page.specific.submitted_url(entry.reference)}#stamped-scan"
    if entry.status != entry.Status.SUBMITTED:
        messages.error(request, _("Resubmit your application first, then send the scan of the new form."))
        return redirect(back)
    form = StampedScanForm(files=request.FILES)
    if form.is_valid():
        documents.add_scan(application, form.cleaned_data["scan"], request.user)
        messages.success(request, _("The stamped scan was received."))
    else:
        for problem in form.errors.get("scan", []):
            messages.error(request, problem)
    return redirect(back)
