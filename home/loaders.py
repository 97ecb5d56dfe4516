"""Put home's shipped content (``content/home.json``) in place: the home page as the default site's root, and
the site settings."""

import json
from functools import cache
from pathlib import Path

from wagtail.models import Page, Site

from home.models import HomePage, SiteSettings
from learning_city.pages import create_or_overwrite

CONTENT_FILE = Path(__file__).with_name("content") / "home.json"


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
            placeholder.delete()
        home, _ = create_or_overwrite(root, HomePage, **content["home_page"])
    site = _default_site(home, content["site_name"])
    _site_settings(site, content["site_settings"])
    return home, int(created)


def _default_site(home, site_name):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=site_name
        )
    if site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = site_name
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
