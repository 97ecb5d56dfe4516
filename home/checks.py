"""System checks that the site's own address (``SITE_URL``, read as ``WAGTAILADMIN_BASE_URL``) is the one
Wagtail's e-mails and full URLs use: set in production, answered by ``ALLOWED_HOSTS``, and the default site's
host and port (which ``load_content``, run by the release step, sets from it)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http.request import validate_host

HINT = (
    "Set SITE_URL to the address visitors use, e.g. https://learningcity.example.cn, then run manage.py load_content."
)


@register(Tags.security, deploy=True)
def site_url_is_the_sites_own(app_configs, **kwargs):
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or ""
    if validate_host(host, settings.ALLOWED_HOSTS):
        return []
    return [
        Warning(
            f"SITE_URL ({settings.WAGTAILADMIN_BASE_URL}) is not an address this site answers (ALLOWED_HOSTS): "
            "links in Wagtail's e-mails would lead elsewhere.",
            hint=HINT,
            id="home.W001",
        )
    ]


@register(Tags.database)
def default_site_is_at_site_url(app_configs, databases=None, **kwargs):
    """Run by ``manage.py check --database default`` (and ``migrate``): reads the default site."""
    if not databases or "default" not in databases:
        return []
    from django.db import connection
    from wagtail.models import Site

    from home.loaders import site_address

    if Site._meta.db_table not in connection.introspection.table_names():
        return []  # a new database, before its first migrate: no site yet
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == site_address():
        return []
    return [
        Warning(
            f"The default site answers at {site.root_url}, not at SITE_URL ({settings.WAGTAILADMIN_BASE_URL}): "
            "links in Wagtail's e-mails would lead there.",
            hint=HINT,
            id="home.W002",
        )
    ]
