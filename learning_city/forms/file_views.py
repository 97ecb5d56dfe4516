import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
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


def on_disk(storage, name):
    """Whether ``storage`` keeps files on this machine's disk (every Storage has ``path``; object
    storages raise NotImplementedError from it)."""
    try:
        storage.path(name)
    except NotImplementedError:
        return False
    return True


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
        content_type = "image/jpeg"
        filename = _("%(name)s-preview.jpg") % {"name": os.path.splitext(item.original_name)[0]}
    else:
        # The type sniffed at upload, never the browser's (and none a browser would run); the name
        # the file is saved under says what it is.
        name = item.file.name
        content_type = item.content_type if uploads.shown_inline(item.content_type) else uploads.UNKNOWN_TYPE
        filename = uploads.download_name(item.original_name, content_type)
    # PDFs and photos may show in the browser; anything else is only ever saved.
    as_attachment = not uploads.shown_inline(content_type)
    if not on_disk(storage, name):  # object storage: a short-lived signed URL with the same headers
        overrides = {
            "ResponseContentType": content_type,
            "ResponseContentDisposition": content_disposition_header(as_attachment, filename),
        }
        return HttpResponseRedirect(storage.url(name, parameters=overrides))
    response = FileResponse(
        storage.open(name, "rb"), content_type=content_type, as_attachment=as_attachment, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
