"""Result snippets: a window of a page's text around the first matched word, words marked."""

import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from modelsearch import index

SNIPPET_LENGTH = 120


def searchable_text(page):
    """The text a page is indexed by, apart from its title."""
    parts = []
    for field in page.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name != "title":
            value = field.get_value(page)
            if isinstance(value, list | tuple):
                value = " ".join(str(item) for item in value)
            if value:
                parts.append(re.sub(r"\s+", " ", strip_tags(str(value))).strip())
    # A summary is often the body's first sentence: show each passage once.
    distinct = [part for part in parts if not any(part != other and part in other for other in parts)]
    return " ".join(dict.fromkeys(distinct))


def _pattern(words):
    ordered = sorted({word for word in words if word}, key=len, reverse=True)
    return re.compile("|".join(re.escape(word) for word in ordered), re.IGNORECASE) if ordered else None


def highlight(text, words):
    pattern = _pattern(words)
    escaped = escape(text)
    if pattern is None:
        return mark_safe(escaped)
    return mark_safe(pattern.sub(lambda match: f"<mark>{match.group(0)}</mark>", escaped))


def snippet(text, words, length=SNIPPET_LENGTH):
    """About ``length`` characters of ``text`` starting a little before the first match."""
    pattern = _pattern(words)
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - length // 4) if match else 0
    excerpt = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    return mark_safe(prefix + highlight(excerpt, words) + suffix)
