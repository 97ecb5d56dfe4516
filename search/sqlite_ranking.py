"""Title-first ranking for modelsearch's SQLite FTS5 backend."""

from modelsearch import query as search_query
from modelsearch.backends.database.sqlite.query import BM25


class TitleWeightedBM25(BM25):
    """FTS5's bm25 with column weights (autocomplete, body, title): a title match ranks first."""

    COLUMN_WEIGHTS = (0.0, 1.0, 6.0)

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = super().as_sql(compiler, connection)
        weights = ", ".join(str(weight) for weight in self.COLUMN_WEIGHTS)
        return f"{sql[:-1]}, {weights})", params


class TitleWeightedRankMixin:
    # modelsearch's SQLite ranking calls bm25() without column weights, so a page whose
    # title is the query could rank below one that mentions it once in passing.
    def build_tsrank(self, vector, query, config=None, boost=1.0):
        if isinstance(query, search_query.PlainText | search_query.Phrase | search_query.Not):
            return TitleWeightedBM25() * boost if boost != 1.0 else TitleWeightedBM25()
        return super().build_tsrank(vector, query, config=config, boost=boost)


def title_weighted(compiler_class):
    return type(f"TitleWeighted{compiler_class.__name__}", (TitleWeightedRankMixin, compiler_class), {})
