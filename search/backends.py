"""Wagtail's database search backend, with Chinese word segmentation on both sides.

Configured as ``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backends"``. It picks
the same backend Wagtail would for the database in use (SQLite FTS5, PostgreSQL full text,
MySQL, or the plain fallback) and segments what is indexed and what is asked, so every
search in the product — the site's search page, the API's ``?search=`` and the admin's
page, snippet, image and document search — finds 社区教育 inside 加快发展社区教育和老年教育.
"""

import copy
import sys

from django.db import connection
from django.utils.encoding import force_str
from modelsearch import index
from modelsearch import query as search_query
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend

from search.segmentation import query_words, segment

# Bounds the work one query can cause (a pasted paragraph becomes at most this many words).
MAX_QUERY_WORDS = 32


def segment_query_string(text):
    return " ".join(query_words(text)[:MAX_QUERY_WORDS])


def segment_query(query):
    """The same query with every piece of user text segmented; query objects keep their shape."""
    if isinstance(query, str):
        return segment_query_string(query)
    segmented = copy.copy(query)
    if hasattr(query, "query_string"):
        segmented.query_string = segment_query_string(query.query_string)
    if hasattr(query, "subquery"):
        segmented.subquery = segment_query(query.subquery)
    if hasattr(query, "subqueries"):
        segmented.subqueries = [segment_query(sub) for sub in query.subqueries]
    return segmented


def is_empty(query):
    return (
        isinstance(query, search_query.PlainText | search_query.Phrase | search_query.Fuzzy) and not query.query_string
    )


# A page's summary says what it is about as much as its title does: indexed with the title,
# it ranks a page that carries the query there above one that mentions it once in a story.
HEADLINE_FIELDS = {"summary", "lead"}
_AS_TITLE = index.SearchField("title")


class SegmentingIndexerMixin:
    """Segments each indexed value; lists and dicts come back here item by item."""

    def prepare_field(self, obj, field):
        headline = isinstance(field, index.SearchField) and field.field_name in HEADLINE_FIELDS
        for prepared in super().prepare_field(obj, field):
            yield (_AS_TITLE, *prepared[1:]) if headline else prepared

    def prepare_value(self, value):
        if isinstance(value, list | dict):
            return super().prepare_value(value)
        return segment(force_str(value))


class SegmentingBackendMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        query = segment_query(query)
        if is_empty(query):
            query = ""
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


_backend_classes = {}


def _use_segmenting_indexer(backend_class):
    # modelsearch builds its ObjectIndexer by module-level name inside the index's
    # add_items(), with no attribute to override, so the subclass takes that name.
    module = sys.modules[backend_class.__module__]
    indexer = getattr(module, "ObjectIndexer", None)
    if indexer is not None and not issubclass(indexer, SegmentingIndexerMixin):
        module.ObjectIndexer = type("SegmentingObjectIndexer", (SegmentingIndexerMixin, indexer), {})


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    base_class = type(DatabaseSearchBackend(params))
    if base_class not in _backend_classes:
        _use_segmenting_indexer(base_class)
        attributes = {}
        if connection.vendor == "sqlite" and base_class.__name__ == "SQLiteSearchBackend":
            # Imported only here: the module defines models that exist only on SQLite.
            from search.sqlite_ranking import title_weighted

            attributes["query_compiler_class"] = title_weighted(base_class.query_compiler_class)
        _backend_classes[base_class] = type(
            f"Segmenting{base_class.__name__}", (SegmentingBackendMixin, base_class), attributes
        )
    return _backend_classes[base_class](params)
