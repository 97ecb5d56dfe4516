"""Wagtail's and Django's signals, wired to ``purge``."""

import functools

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

from config.cache import purge


def connect():
    page_published.connect(_page_changed, dispatch_uid="page_cache_published")
    page_unpublished.connect(_page_changed, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="page_cache_moved")
    from wagtail.models import Page

    pre_delete.connect(_page_deleted, sender=Page, dispatch_uid="page_cache_deleted")
    # Any model: snippets are registered after this app is ready, so the check is made when one is saved.
    post_save.connect(_saved, dispatch_uid="page_cache_saved")
    post_delete.connect(_saved, dispatch_uid="page_cache_deleted_row")


@functools.cache
def _models_shown_everywhere():
    """Settings, navigation, snippets, media, privacy and reference data: shown on any page. Made once, at
    the first save (every save of any model asks it, step saves included), when every snippet is registered."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site
    from wagtail.snippets.models import get_snippet_models

    from home.models import SiteSettings
    from learning_city.regions.models import City, Province

    return {SiteSettings, Site, PageViewRestriction, get_image_model(), get_document_model(), City, Province} | set(
        get_snippet_models()
    )


def _page_changed(sender, instance, **kwargs):
    purge.page(instance)


def _page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    purge.page(instance, [url_path_before, url_path_after])


def _page_deleted(sender, instance, **kwargs):
    if instance.live:
        purge.page(instance)


def _saved(sender, **kwargs):
    from wagtail.models import Page

    from learning_city.regions.models import NetworkMembership

    if kwargs.get("raw"):
        return
    if issubclass(sender, Page):
        # A page added live without being published (an import, benchmark data, a test's factory): imports
        # add hundreds in a row, so each renews only the two tokens that purge every page and route.
        if kwargs.get("created") and kwargs["instance"].live:
            purge.everything(cdn=False)
    elif sender is NetworkMembership:
        purge.membership()
    elif sender in _models_shown_everywhere():
        purge.everything()
