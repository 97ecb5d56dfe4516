"""Forms inside other pages and other sites.

``?embed=1`` on a form page switches that form to minimal chrome for the rest of the
visit (``?embed=0`` switches back), and its responses may then be framed by the origins
the editor listed, and by this site, and by no one else.
"""

import re

from csp.decorators import csp_replace
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$")
SESSION_KEY = "embedded_forms"


def allowed_origins(text):
    return [line.strip().rstrip("/") for line in (text or "").splitlines() if line.strip()]


def validate_origins(text):
    bad = [origin for origin in allowed_origins(text) if not ORIGIN.match(origin)]
    if bad:
        raise ValidationError(_("Not a site address (scheme and host only): %(origins)s") % {"origins": ", ".join(bad)})


def is_embedded(request, page):
    flag = request.GET.get("embed")
    embedded = set(request.session.get(SESSION_KEY, []))
    if flag in ("0", "1"):
        (embedded.add if flag == "1" else embedded.discard)(page.pk)
        request.session[SESSION_KEY] = sorted(embedded)
    return page.pk in embedded


def base_template(request, page):
    return "forms/base_embed.html" if is_embedded(request, page) else "base.html"


def allow_framing(page, response):
    """Let the listed origins (and this site) frame the form; everyone else is refused.

    The site's Content-Security-Policy (django-csp) stays as it is but for this directive:
    ``csp_replace`` is django-csp's way of changing one directive for one response."""
    sources = ["'self'", *allowed_origins(page.frame_ancestors)]
    response = csp_replace({"frame-ancestors": sources})(lambda: response)()
    response.xframe_options_exempt = True  # the CSP above is the stricter, per-origin rule
    return response
