"""The database refuses a quote whose source belongs to another article.

Django 5.2 has no composite foreign keys, so this is written by hand:

- PostgreSQL (production): a real composite foreign key, quote (source_id, article_id) references
  source (id, article_id), backed by the unique constraint `source_id_article`. It holds in both directions:
  a quote cannot point at another story's source, and a source with quotes cannot be moved to another story.
  It is deferred to the end of the transaction, like Django's own foreign keys, so the admin can save a
  story's inlines in any order.
- SQLite (development and the default test run): triggers doing the same checks. SQLite drops a table's
  triggers when Django rebuilds the table (it does so for many ALTERs), so a later migration that alters
  sourcing_quote or sourcing_source on SQLite must run `create_sqlite_triggers` again;
  tests/sourcing/test_models.py fails if the guard is gone.

Model validation (`Quote.clean`) gives editors a readable message before the database has to refuse anything.
"""

from django.db import migrations

POSTGRESQL_FORWARD = """
ALTER TABLE sourcing_quote
    ADD CONSTRAINT quote_source_in_same_article
    FOREIGN KEY (source_id, article_id) REFERENCES sourcing_source (id, article_id)
    DEFERRABLE INITIALLY DEFERRED;
"""
POSTGRESQL_BACKWARD = "ALTER TABLE sourcing_quote DROP CONSTRAINT IF EXISTS quote_source_in_same_article;"

MESSAGE = "quote_source_in_same_article: the source of a quote must belong to the same article"
SQLITE_TRIGGERS = {
    "sourcing_quote_source_same_article_insert": f"""
        CREATE TRIGGER IF NOT EXISTS sourcing_quote_source_same_article_insert
        BEFORE INSERT ON sourcing_quote
        WHEN NEW.source_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM sourcing_source WHERE id = NEW.source_id AND article_id = NEW.article_id
        )
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
    "sourcing_quote_source_same_article_update": f"""
        CREATE TRIGGER IF NOT EXISTS sourcing_quote_source_same_article_update
        BEFORE UPDATE OF source_id, article_id ON sourcing_quote
        WHEN NEW.source_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM sourcing_source WHERE id = NEW.source_id AND article_id = NEW.article_id
        )
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
    "sourcing_source_keeps_its_quotes_article": f"""
        CREATE TRIGGER IF NOT EXISTS sourcing_source_keeps_its_quotes_article
        BEFORE UPDATE OF article_id ON sourcing_source
        WHEN EXISTS (
            SELECT 1 FROM sourcing_quote WHERE source_id = NEW.id AND article_id <> NEW.article_id
        )
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
}


def create_sqlite_triggers(schema_editor):
    for sql in SQLITE_TRIGGERS.values():
        schema_editor.execute(sql)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FORWARD)
    elif vendor == "sqlite":
        create_sqlite_triggers(schema_editor)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_BACKWARD)
    elif vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};")


class Migration(migrations.Migration):
    dependencies = [("sourcing", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
