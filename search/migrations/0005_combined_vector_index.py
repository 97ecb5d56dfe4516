"""PostgreSQL: one GIN index over a page's title (weighted A) and body together.

Wagtail's index keeps the title and the body in two vectors with an index each, so a query
whose words are split between them needs one lookup per word and column, then reads every
candidate's body from the table. Indexed together, the whole query is one lookup the index
answers exactly (see search.ranking). Other databases have nothing to do here.
"""

from django.db import migrations

INDEX = "search_indexentry_title_body"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin ((setweight(title, 'A') || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_initial_synonyms_for_editors"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
