"""Editors' synonyms, read from the database once and kept in the cache until one changes."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from search.models import SearchSynonym

CACHE_KEY = "search:synonyms"
# Another process's cache (local memory) sees an editor's change within this time.
CACHE_SECONDS = 300


def synonym_map():
    """Each term with the terms a search for it also finds, both ways round."""
    mapping = cache.get(CACHE_KEY)
    if mapping is None:
        mapping = {}
        for term, synonym in SearchSynonym.objects.values_list("term", "synonym"):
            mapping.setdefault(term, set()).add(synonym)
            mapping.setdefault(synonym, set()).add(term)
        mapping = {term: tuple(sorted(others)) for term, others in mapping.items()}
        cache.set(CACHE_KEY, mapping, CACHE_SECONDS)
    return mapping


@receiver([post_save, post_delete], sender=SearchSynonym, dispatch_uid="search_synonyms_changed")
def _forget(**kwargs):
    cache.delete(CACHE_KEY)
