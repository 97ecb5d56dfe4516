"""Pages ranked for a query in one SQL statement, on the full-text index modelsearch keeps.

modelsearch ranks SQLite results with a correlated subquery per matching row (hundreds of
milliseconds at 10,000 pages) and cannot weigh a fragment or pinyin match below a whole word.
Here every way a term may be found (``search.terms.branches``) is one full-text match,
ranked where it is found: FTS5's ``bm25()`` with column weights on SQLite, ``ts_rank`` on the
GIN-indexed title and body vectors on PostgreSQL. The matches are added up per page: how
many of the query's terms a page holds comes first, then the weighted score, times a boost
for the guide's own page types.
"""

from dataclasses import dataclass
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField
from django.db.models.functions import Cast
from modelsearch.conf import get_app_config
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page

from search.terms import branches

TITLE_WEIGHT = 6.0  # a word in the title (or summary) counts six times one in the body
# On the guide's own terms a task page or the guide itself comes before a showcase story.
TYPE_BOOSTS = {("guide", "taskpage"): 2.0, ("guide", "guidepage"): 1.5}
# Wagtail keeps modelsearch's index in its own app (wagtailsearch_indexentry).
INDEX_TABLE = get_app_config().get_model("IndexEntry", require_ready=False)._meta.db_table


def _fts5_match(branch):
    phrases = " AND ".join('"' + " ".join(phrase) + '"' for phrase in branch.phrases)
    return "{title body} : (" + phrases + ")"


def _tsquery(branch):
    return " & ".join("(" + " <-> ".join(f"'{token}'" for token in phrase) + ")" for phrase in branch.phrases)


def _sqlite_hit(branch):
    sql = (
        f"SELECT rowid AS entry_id, {branch.term:d} AS term, "
        f"-bm25({INDEX_TABLE}_fts, 0.0, 1.0, {TITLE_WEIGHT}) * %s AS score "
        f"FROM {INDEX_TABLE}_fts WHERE {INDEX_TABLE}_fts MATCH %s"
    )
    return sql, [branch.weight, _fts5_match(branch)]


def _postgres_hit(branch):
    sql = (
        f"SELECT id AS entry_id, {branch.term:d} AS term, "
        f"({TITLE_WEIGHT} * ts_rank(title, to_tsquery(%s)) + ts_rank(body, to_tsquery(%s))) * %s AS score "
        f"FROM {INDEX_TABLE} WHERE title @@ to_tsquery(%s) OR body @@ to_tsquery(%s)"
    )
    query = _tsquery(branch)
    return sql, [query, query, branch.weight, query, query]


def _boost_sql():
    boosts = []
    for (app_label, model), boost in TYPE_BOOSTS.items():
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        boosts.append(f"WHEN {content_type.pk:d} THEN {boost}")
    return f"CASE e.content_type_id {' '.join(boosts)} ELSE 1.0 END" if boosts else "1.0"


@dataclass
class RankedSearch:
    """The pages of ``pages`` (a page queryset) that hold the query's terms, best first."""

    pages: object
    terms: list
    content_type: int | None = None

    @cached_property
    def _ranked_sql(self):
        hit = _postgres_hit if connection.vendor == "postgresql" else _sqlite_hit
        parts = [hit(branch) for branch in branches(self.terms)]
        hits_sql = " UNION ALL ".join(sql for sql, _ in parts)
        params = [param for _, part_params in parts for param in part_params]
        object_ids = self.pages.order_by().annotate(object_id=Cast("pk", CharField())).values("object_id")
        page_sql, page_params = object_ids.query.sql_with_params()
        content_types = ", ".join(str(int(pk)) for pk in get_descendants_content_types_pks(Page))
        type_filter = f" AND e.content_type_id = {int(self.content_type):d}" if self.content_type else ""
        sql = (
            f"WITH hits AS ({hits_sql}), "
            "docs AS (SELECT entry_id, COUNT(DISTINCT term) AS matched, SUM(score) AS score FROM hits GROUP BY entry_id) "
            f"SELECT e.content_type_id, e.object_id, docs.matched, docs.score * {_boost_sql()} AS score "
            f"FROM docs JOIN {INDEX_TABLE} e ON e.id = docs.entry_id "
            f"WHERE e.content_type_id IN ({content_types}){type_filter} "
            f"AND e.object_id IN ({page_sql})"
        )
        return sql, params + list(page_params)

    @cached_property
    def _tally(self):
        """How many pages of each type hold how many of the terms (one query)."""
        if not self.terms:
            return []
        sql, params = self._ranked_sql
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT content_type_id, matched, COUNT(*) FROM ({sql}) ranked GROUP BY content_type_id, matched",
                params,
            )
            return cursor.fetchall()

    @cached_property
    def partial(self):
        """True when no page holds every term: the best partial matches are shown instead."""
        return bool(self._tally) and not any(matched == len(self.terms) for _, matched, _ in self._tally)

    @property
    def least_matched(self):
        return 1 if self.partial else len(self.terms)

    def facet(self):
        """Pages found by content type id, like modelsearch's ``facet()``."""
        counts = {}
        for content_type, matched, count in self._tally:
            if matched >= self.least_matched:
                counts[content_type] = counts.get(content_type, 0) + count
        return counts

    def count(self):
        return sum(self.facet().values())

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        """The page ids of a slice of the ranking (one query)."""
        if not isinstance(window, slice) or not self.count():
            return []
        start = window.start or 0
        stop = self.count() if window.stop is None else window.stop
        sql, params = self._ranked_sql
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT object_id, matched FROM ({sql}) ranked WHERE matched >= %s "
                "ORDER BY matched DESC, score DESC, object_id LIMIT %s OFFSET %s",
                [*params, self.least_matched, max(stop - start, 0), start],
            )
            return [int(object_id) for object_id, _ in cursor.fetchall()]
