"""Put home's shipped content (``content/home.json``) in place: the home page as the default site's root, and
the site settings."""

import json
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Page, Site

from home.models import HomePage, SiteSettings
from learning_city.pages import create_or_overwrite

CONTENT_FILE = Path(__file__).with_name("content") / "home.json"
PLACEHOLDER_TITLE = "Wagtail 安装时创建的欢迎页"


@cache
def shipped_content():
    return json.loads(CONTENT_FILE.read_text(encoding="utf-8"))


def load_home():
    """The home page, the default site rooted at it and its settings. Returns ``(home, pages_created)``.

    Nothing that exists is overwritten, not even with ``load_content --overwrite``.
    """
    content = shipped_content()
    home = HomePage.objects.first()
    created = home is None
    if created:
        root = Page.get_first_root_node()
        # Wagtail's initial migration leaves a placeholder "Welcome" page where ours belongs.
        for placeholder in root.get_children().filter(slug=content["home_page"]["slug"]).exact_type(Page):
            # The site history keeps a deleted page's title: say in Chinese which page this was.
            Page.objects.filter(pk=placeholder.pk).update(title=PLACEHOLDER_TITLE, draft_title=PLACEHOLDER_TITLE)
            placeholder.refresh_from_db()
            placeholder.delete()
        home, _ = create_or_overwrite(root, HomePage, **content["home_page"])
    site = _default_site(home, content["site_name"])
    _site_settings(site, content["site_settings"])
    return home, int(created)


def site_address():
    """(hostname, port) of ``SITE_URL`` (``WAGTAILADMIN_BASE_URL``): what Wagtail's e-mails and full URLs use."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    if address.scheme not in ("http", "https") or not address.hostname:
        raise ImproperlyConfigured(f"SITE_URL must be an address such as https://example.cn, not {address.geturl()!r}")
    return address.hostname, address.port or (443 if address.scheme == "https" else 80)


def _default_site(home, site_name):
    """The default site, rooted at ``home`` and answering at ``SITE_URL``'s host and port, set again on
    every run (the release step runs it), so links in Wagtail's e-mails never point to localhost."""
    hostname, port = site_address()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=site_name
        )
    if site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = site_name
    site.hostname, site.port = hostname, port
    site.save()
    return site


def _site_settings(site, data):
    """Filled in once; an organisation set by an administrator means they are theirs."""
    site_settings = SiteSettings.for_site(site)
    if site_settings.organisation:
        return
    for field, value in data.items():
        setattr(site_settings, field, value)
    site_settings.save()
