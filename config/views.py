import posixpath

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.static import serve


@never_cache
def healthz(request):
    """Liveness and readiness for load balancers: the database and the cache answer."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means not ready
        checks["database"] = "error"
    try:
        cache.set("healthz", "ok", 5)
        checks["cache"] = "ok" if cache.get("healthz") == "ok" else "error"
    except Exception:  # noqa: BLE001
        checks["cache"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def public_media(request, path):
    """Serve local media for installs without a proxy.

    Private uploads are not under MEDIA_ROOT at all (STORAGES["private"]), so nothing here can reach
    them. The folder where they used to be is still refused, judged on the path as ``serve`` resolves it
    (``//private/``, ``./private/`` and ``%2Fprivate/`` all resolve to ``private/``)."""
    resolved = posixpath.normpath(path).lstrip("/")
    legacy = settings.PRIVATE_MEDIA_PREFIX.rstrip("/")
    if resolved.startswith("..") or resolved.casefold().split("/")[0] == legacy:
        raise Http404
    return serve(request, resolved, document_root=settings.MEDIA_ROOT)


@requires_csrf_token
def server_error(request):
    """Django's own 500 view, plus the request's CSP nonce for the page's inline style. Still no context
    processors: whatever failed (the database, say) must not fail the error page too."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"csp_nonce": getattr(request, "csp_nonce", "")}))
