"""Pages ranked for a query in one SQL statement, on the full-text index modelsearch keeps.

modelsearch ranks SQLite results with a correlated subquery per matching row (hundreds of
milliseconds at 10,000 pages) and cannot weigh a fragment or pinyin match below a whole word.
Here each term of the query is one full-text expression of the ways it may be found
(``search.terms.branches``), and the whole query is one match the index answers by itself:

- pages holding every term as a whole word (or an editor's synonym) come first, then those
  holding every term some other way (a run of characters inside a compound, pinyin);
- when no page holds every term, the pages holding most of them (a "部分匹配");
- within each, by relevance times a boost for the guide's own page types. On SQLite the
  relevance is FTS5's ``bm25()`` with column weights, computed in the same pass as the match.
  On PostgreSQL the match is one lookup in a GIN index over the title (weighted A) and body
  together (migration 0005); whether the title holds the query orders every match, and the best
  RESCORED of those are ranked by ``ts_rank`` of title and body (reading a body vector costs a
  table read each).

One statement counts the matches by page type and returns the first rows of the ranking:
the matching pages a visitor may see (a join on the page queryset, not an IN over every
page) are gathered once and both read them. (When no page holds every term, SQLite asks a
second statement for the partial matches; PostgreSQL skips that part of the one statement.)
"""

from dataclasses import dataclass
from functools import cached_property

from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from modelsearch.conf import get_app_config
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page

from search.terms import SYNONYM, branches

TITLE_WEIGHT = 6.0  # a word in the title (or summary) counts six times one in the body
# On the guide's own terms a task page or the guide itself comes before a showcase story.
TYPE_BOOSTS = {("guide", "taskpage"): 2.0, ("guide", "guidepage"): 1.5}
# Wagtail keeps modelsearch's index in its own app (wagtailsearch_indexentry).
INDEX_TABLE = get_app_config().get_model("IndexEntry", require_ready=False)._meta.db_table


def _term_expressions(terms, whole_only, postgres):
    """Per term, the index expression of the ways it may be found."""
    by_term = {}
    for branch in branches(terms):
        if whole_only and branch.weight < SYNONYM:
            continue
        by_term.setdefault(branch.term, []).append(branch)
    if postgres:
        # All of a run's pairs, not pairs in a row: the GIN index answers that exactly, where
        # "<->" makes PostgreSQL read every candidate's vectors again to check positions.
        phrase = lambda tokens: "(" + " & ".join(f"'{token}'" for token in tokens) + ")"  # noqa: E731
        both, either = " & ", " | "
    else:
        phrase = lambda tokens: '"' + " ".join(tokens) + '"'  # noqa: E731
        both, either = " AND ", " OR "
    return [
        either.join("(" + both.join(phrase(tokens) for tokens in branch.phrases) + ")" for branch in found)
        for found in by_term.values()
    ]


def _holding(expressions, exclude, both, but_not):
    """An expression held where each of ``expressions`` is, and not all of ``exclude``."""
    query = both.join(f"({expression})" for expression in expressions)
    if exclude:
        query = f"({query}){but_not}({both.join(f'({expression})' for expression in exclude)})"
    return query


class _SQLite:
    postgres = False

    def matches(self, expressions, exclude=None):
        """Entries holding every expression (and not ``exclude``): id, type, object id, relevance."""
        query = _holding(expressions, exclude, " AND ", " NOT ")
        sql = (
            f"SELECT f.rowid AS entry_id, e.content_type_id AS content_type, e.object_id AS page_id, "
            f"-bm25({INDEX_TABLE}_fts, 0.0, 1.0, {TITLE_WEIGHT}) AS score "
            f"FROM {INDEX_TABLE}_fts f JOIN {INDEX_TABLE} e ON e.id = f.rowid WHERE {INDEX_TABLE}_fts MATCH %s"
        )
        return sql, ["{title body} : (" + query + ")"]

    def fetch(self, sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def ordered(self, of_type):
        sql = (
            "SELECT page_id, ROW_NUMBER() OVER (ORDER BY matched DESC, whole DESC, score DESC, page_id) AS position "
            f"FROM ranked {of_type}"
        )
        return sql, []


class _Postgres:
    postgres = True
    VECTOR = "(setweight(title, 'A') || body)"  # the expression migration 0005 indexes
    # to_tsquery() is only "stable": in a select list PostgreSQL would parse the query again for
    # every row. As a sub-select it is parsed once.
    ONCE = "(SELECT to_tsquery(%s))"

    def __init__(self, terms):
        # What the title and body are ranked by: any of the query's terms, found any way.
        self.rank_query = " | ".join(f"({e})" for e in _term_expressions(terms, whole_only=False, postgres=True))

    def matches(self, expressions, exclude=None):
        query = _holding(expressions, exclude, " & ", " & !")
        sql = (
            f"SELECT id AS entry_id, content_type_id AS content_type, object_id AS page_id, "
            f"CASE WHEN title @@ {self.ONCE} THEN {TITLE_WEIGHT} ELSE 0 END AS score "
            f"FROM {INDEX_TABLE} WHERE {self.VECTOR} @@ to_tsquery(%s)"
        )
        return sql, [self.rank_query, query]

    def fetch(self, sql, params):
        # Parallel workers take longer to start than this statement takes to run, and on a busy
        # machine much longer: the planner cannot know that.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            cursor.execute(sql, params)
            return cursor.fetchall()

    def ordered(self, of_type):
        """The ranking: the best RESCORED by whether the title holds the query are ranked by their title's
        and body's ``ts_rank``; the rest follow in that order."""
        sql = (
            "WITH proxy AS (SELECT ranked.*, ROW_NUMBER() OVER "
            f"(ORDER BY matched DESC, whole DESC, score DESC, page_id) AS proxy_position FROM ranked {of_type}) "
            "SELECT p.page_id, ROW_NUMBER() OVER (ORDER BY p.matched DESC, p.whole DESC, "
            f"({TITLE_WEIGHT} * ts_rank(e.title, {self.ONCE}) + ts_rank(e.body, {self.ONCE})) * p.boost DESC, "
            "p.page_id) AS position "
            f"FROM (SELECT * FROM proxy ORDER BY proxy_position LIMIT {RESCORED:d}) p "
            f"JOIN {INDEX_TABLE} e ON e.id = p.entry_id "
            f"UNION ALL SELECT page_id, proxy_position FROM proxy WHERE proxy_position > {RESCORED:d}"
        )
        return sql, [self.rank_query, self.rank_query]


def _dialect(terms):
    return _Postgres(terms) if connection.vendor == "postgresql" else _SQLite()


def _boost_sql(column):
    from django.contrib.contenttypes.models import ContentType

    boosts = []
    for (app_label, model), boost in TYPE_BOOSTS.items():
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        boosts.append(f"WHEN {content_type.pk:d} THEN {boost}")
    return f"CASE {column} {' '.join(boosts)} ELSE 1.0 END" if boosts else "1.0"


# The first statement also returns this many of the best pages: the first pages of results
# need no second one.
FIRST_ROWS = 50
EVERY, MOST, EVERY_ELSE_MOST = "every", "most", "every else most"
# On PostgreSQL, how many of the best matches by title are re-ordered with their body's rank too.
RESCORED = 100


@dataclass
class RankedSearch:
    """The pages of ``pages`` (a page queryset) that hold the query's terms, best first."""

    pages: object
    terms: list
    content_type: int | None = None

    def _visible(self, hits, partial):
        """The hits on pages a visitor may see (joined to the page queryset), boosted by page type."""
        hits_sql, params = hits
        page_ids = self.pages.order_by().filter(pk=RawSQL("CAST(hits.page_id AS INTEGER)", ())).values("pk")
        page_sql, page_params = page_ids.query.sql_with_params()
        content_types = ", ".join(str(int(pk)) for pk in get_descendants_content_types_pks(Page))
        boost = _boost_sql("hits.content_type")
        sql = (
            f"SELECT hits.entry_id, hits.content_type, CAST(hits.page_id AS INTEGER) AS page_id, hits.matched, "
            f"hits.whole, hits.score * {boost} AS score, {boost} AS boost, {int(partial):d} AS partial "
            f"FROM ({hits_sql}) hits "
            f"WHERE hits.content_type IN ({content_types}) AND EXISTS ({page_sql})"
        )
        return sql, [*params, *page_params]

    def _ranked(self, window, mode):
        """One statement: how many pages of each type match, whether partly, and ``window`` of the ranking.

        ``mode`` is EVERY (pages holding every term), MOST (pages holding most terms) or
        EVERY_ELSE_MOST: PostgreSQL tests once whether any page holds every term before reading
        the index for partial matches; SQLite cannot skip that work, so it asks twice instead.
        """
        if mode == MOST:
            most_sql, params = self._visible(self._most_terms(), partial=True)
            ctes = f"WITH ranked AS MATERIALIZED ({most_sql}), "
        else:
            every_sql, params = self._visible(self._every_term(), partial=False)
            ctes = f"WITH every_term AS MATERIALIZED ({every_sql}), "
        if mode == EVERY_ELSE_MOST:
            most_sql, most_params = self._visible(self._most_terms(), partial=True)
            ctes += (
                f"most_terms AS MATERIALIZED (SELECT * FROM ({most_sql}) most "
                "WHERE NOT EXISTS (SELECT 1 FROM every_term)), "
                "ranked AS (SELECT * FROM every_term UNION ALL SELECT * FROM most_terms), "
            )
            params += most_params
        elif mode == EVERY:
            ctes += "ranked AS (SELECT * FROM every_term), "
        of_type = f"WHERE content_type = {int(self.content_type):d}" if self.content_type else ""
        ordered_sql, ordered_params = self.dialect.ordered(of_type)
        sql = (
            f"{ctes}"
            f"ordered AS ({ordered_sql}) "
            "SELECT 0, content_type, COUNT(*), MAX(partial) FROM ranked GROUP BY content_type "
            "UNION ALL SELECT 1, page_id, position, 0 FROM "
            "(SELECT page_id, position FROM ordered ORDER BY position LIMIT %s OFFSET %s) shown"
        )
        start, stop = window
        rows = self.dialect.fetch(sql, [*params, *ordered_params, stop - start, start])
        tally = {content_type: count for kind, content_type, count, _ in rows if kind == 0}
        partial = any(partly for kind, _, _, partly in rows if kind == 0)
        shown = sorted((position, int(page_id)) for kind, page_id, position, _ in rows if kind == 1)
        return tally, partial, [page_id for _, page_id in shown]

    @cached_property
    def dialect(self):
        return _dialect(self.terms)

    def _every_term(self):
        """Hits of pages holding every term: whole words first, then any way (one index lookup each)."""
        postgres = self.dialect.postgres
        whole = _term_expressions(self.terms, whole_only=True, postgres=postgres)
        every = _term_expressions(self.terms, whole_only=False, postgres=postgres)
        n = len(every)
        parts, params = [], []
        exclude = None
        if len(whole) == n:
            sql, found = self.dialect.matches(whole)
            parts.append(f"SELECT entry_id, content_type, page_id, {n:d} AS matched, 1 AS whole, score FROM ({sql}) w")
            params += found
            exclude = whole
        sql, found = self.dialect.matches(every, exclude)
        parts.append(f"SELECT entry_id, content_type, page_id, {n:d} AS matched, 0 AS whole, score FROM ({sql}) f")
        params += found
        return " UNION ALL ".join(parts), params

    def _most_terms(self):
        """Hits when no page holds every term: each page with how many of them it holds."""
        parts, params = [], []
        for number, expression in enumerate(_term_expressions(self.terms, False, self.dialect.postgres)):
            sql, found = self.dialect.matches([expression])
            parts.append(f"SELECT entry_id, content_type, page_id, score FROM ({sql}) t{number:d}")
            params += found
        hits = (
            "SELECT entry_id, content_type, page_id, COUNT(*) AS matched, 0 AS whole, SUM(score) AS score "
            f"FROM ({' UNION ALL '.join(parts)}) terms GROUP BY entry_id, content_type, page_id"
        )
        return hits, params

    @cached_property
    def _first(self):
        """The tally by type, whether the matches are partial, the first rows of the ranking, and the mode."""
        if not self.terms:
            return {}, False, [], EVERY
        if len(self.terms) == 1:  # one term is found some way or not at all: never partly
            return (*self._ranked((0, FIRST_ROWS), EVERY), EVERY)
        if self.dialect.postgres:
            return (*self._ranked((0, FIRST_ROWS), EVERY_ELSE_MOST), EVERY_ELSE_MOST)
        found = self._ranked((0, FIRST_ROWS), EVERY)
        if found[0]:
            return (*found, EVERY)
        return (*self._ranked((0, FIRST_ROWS), MOST), MOST)

    @property
    def partial(self):
        """True when no page holds every term: the best partial matches are shown instead."""
        return self._first[1]

    def facet(self):
        """Pages found by content type id, like modelsearch's ``facet()``."""
        return self._first[0]

    def of_type(self, content_type):
        """The same results limited to one page type."""
        return RankedSearch(self.pages, self.terms, content_type)

    def count(self):
        tally = self.facet()
        return tally.get(self.content_type, 0) if self.content_type else sum(tally.values())

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        """The page ids of a slice of the ranking (a second statement only past the first rows)."""
        if not isinstance(window, slice) or not self.count():
            return []
        start = window.start or 0
        stop = self.count() if window.stop is None else window.stop
        if stop <= FIRST_ROWS:
            return self._first[2][start:stop]
        return self._ranked((start, max(stop, start)), self._first[3])[2]
