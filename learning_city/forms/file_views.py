import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from learning_city.forms import access, uploads
from learning_city.forms.models import EntryFile


def can_see(request, entry):
    """The owner, and reviewers of a submitted entry (``access``); a draft is its applicant's own."""
    user = request.user
    if user.is_authenticated and (entry.user_id == user.pk or access.reviewer_can_view(user, entry)):
        return True
    return entry.user_id is None and entry.session_key and entry.session_key == request.session.session_key


@never_cache
def download(request, pk):
    """An attached file, to its owner and to reviewers allowed to see entries; to nobody else.

    ``?preview=1`` gives a photo's JPEG preview instead of the original (which browsers cannot
    show when it is HEIC): made on first use if the photo has none yet, and guarded the same way.
    """
    item = get_object_or_404(EntryFile.objects.select_related("entry__page"), pk=pk)
    if not can_see(request, item.entry):
        raise PermissionDenied
    storage = item.file.storage
    if request.GET.get("preview"):
        if not item.is_image:
            raise Http404
        try:
            name = uploads.ensure_preview(item.file, item.original_name)
        except (ValidationError, OSError):
            raise Http404 from None  # the stored original is gone or no longer opens
        content_type, inline = "image/jpeg", True
        filename = _("%(name)s-preview.jpg") % {"name": os.path.splitext(item.original_name)[0]}
    else:
        name, content_type, filename = item.file.name, item.content_type, item.original_name
        inline = item.content_type in ("application/pdf",) or item.is_image
    if not hasattr(storage, "path"):  # object storage: a short-lived signed URL
        return HttpResponseRedirect(storage.url(name))
    response = FileResponse(
        storage.open(name, "rb"), content_type=content_type, as_attachment=not inline, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
