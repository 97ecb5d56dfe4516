"""What to offer while a visitor types: page titles, then the guide's own terms.

Terms come from the segmenter's dictionary and editors' synonyms, each also found by its
pinyin in full or by initials (``sq`` → 社区教育), for a phone without a Chinese keyboard.
"""

import functools

from django.db.models.functions import Length

from search.segmentation import DICTIONARY_FILE, PINYIN_MARK, normalise, pinyin_tokens
from search.synonyms import synonym_map

MAX_TITLES = 5
MAX_TERMS = 5


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


def matching_titles(pages, typed, limit=MAX_TITLES):
    typed = typed.strip()
    if not typed:
        return []
    return list(pages.filter(title__icontains=typed).order_by(Length("title"), "path")[:limit])
