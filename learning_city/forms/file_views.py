from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from learning_city.forms import purposes
from learning_city.forms.models import EntryFile


def can_see(request, entry):
    user = request.user
    if user.is_authenticated and (entry.user_id == user.pk or user.has_perm("lc_forms.view_formentry")):
        return True
    if user.is_authenticated and purposes.get(entry.page.purpose).user_can_view(user, entry):
        return True  # e.g. the reviewers of the province an application belongs to
    return entry.user_id is None and entry.session_key and entry.session_key == request.session.session_key


@never_cache
def download(request, pk):
    """An attached file, to its owner and to reviewers allowed to see entries; to nobody else."""
    item = get_object_or_404(EntryFile.objects.select_related("entry__page"), pk=pk)
    if not can_see(request, item.entry):
        raise PermissionDenied
    storage = item.file.storage
    if not hasattr(storage, "path"):  # object storage: a short-lived signed URL
        return HttpResponseRedirect(storage.url(item.file.name))
    inline = item.content_type in ("application/pdf",) or item.is_image
    response = FileResponse(
        item.file.open("rb"), content_type=item.content_type, as_attachment=not inline, filename=item.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
