"""Security headers on every response: the Content-Security-Policy (django-csp) and a Permissions-Policy.

The public site runs under ``CONTENT_SECURITY_POLICY`` (settings): scripts and styles from the site itself
or carrying the request's nonce, no inline ``style`` or ``on…`` attributes. Wagtail's admin writes inline
scripts (date pickers, inline panels) and style attributes that carry no nonce, so under ``/admin/`` it gets
``ADMIN_CONTENT_SECURITY_POLICY`` instead: inline code allowed, but still nothing loaded from another site,
no plugins, no ``<base>`` elsewhere, forms posting only here and framing only by the site itself.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy under the admin's URL."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(_admin_prefix()):
            # A nonce in a source list makes browsers ignore 'unsafe-inline', so the admin gets none.
            parts.config, parts.nonce = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"], None
        return parts


def _admin_prefix():
    return reverse("wagtailadmin_home")


class PermissionsPolicyMiddleware:
    """``Permissions-Policy``: the browser features no page of the site uses, switched off for it and
    for anything it frames (settings.PERMISSIONS_POLICY: feature → allowed origins, none for off)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
