"""What to offer while a visitor types: page titles, then the guide's own terms.

Terms come from the segmenter's dictionary and editors' synonyms, each also found by its
pinyin in full or by initials (``sq`` → 社区教育), for a phone without a Chinese keyboard.

Titles are looked up in a list of every live page's title the process keeps for a minute
(shortest first), not by a LIKE over every page row on each key press: only the few that
match are then read, through the visitor's page queryset (live, public, this site).
"""

import functools
import threading
import time

from django.db.models.functions import Length
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page

from search.segmentation import DICTIONARY_FILE, PINYIN_MARK, normalise, pinyin_tokens
from search.synonyms import synonym_map

MAX_TITLES = 5
MAX_TERMS = 5
# Another process sees a new or renamed title within this time (this one at once).
TITLES_SECONDS = 60

_titles = {"expires": 0.0, "rows": []}
_titles_lock = threading.Lock()


@functools.cache
def _dictionary_terms():
    terms = []
    for line in DICTIONARY_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip():
            terms.append(line.split()[0])
    return terms


@functools.lru_cache(maxsize=2_000)
def _keys(term):
    """What a typed prefix is compared with: the term, its pinyin and its initials."""
    return (term, *(token.removeprefix(PINYIN_MARK) for token in pinyin_tokens(term)))


def matching_terms(typed, limit=MAX_TERMS):
    typed = normalise(typed).replace(" ", "")
    if not typed:
        return []
    terms = dict.fromkeys(_dictionary_terms() + sorted(synonym_map()))
    starting = [term for term in terms if any(key.startswith(typed) for key in _keys(term))]
    inside = [term for term in terms if typed in term and term not in starting]
    return sorted(starting, key=len)[:limit] + sorted(inside, key=len)[: max(limit - len(starting), 0)]


def _live_titles():
    """(page id, title in lower case) of every live page, shortest title first."""
    now = time.monotonic()
    if _titles["expires"] < now:
        with _titles_lock:
            if _titles["expires"] < now:
                pages = Page.objects.live().order_by(Length("title"), "path").values_list("pk", "title")
                _titles["rows"] = [(pk, title.casefold()) for pk, title in pages]
                _titles["expires"] = now + TITLES_SECONDS
    return _titles["rows"]


@receiver([post_save, post_delete], dispatch_uid="search_suggested_titles_changed")
def _forget_titles(sender, **kwargs):
    if issubclass(sender, Page):
        _titles["expires"] = 0.0


def matching_titles(pages, typed, limit=MAX_TITLES):
    typed = typed.strip().casefold()
    if not typed:
        return []
    # A few more than shown: some may be private or on another site.
    candidates = [pk for pk, title in _live_titles() if typed in title][: limit * 4]
    if not candidates:
        return []
    found = pages.filter(pk__in=candidates).in_bulk()
    return [found[pk] for pk in candidates if pk in found][:limit]
