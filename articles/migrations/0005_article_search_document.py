"""The search document stored in a column, kept by a PostgreSQL trigger, and its GIN index.

Ranking with the expression index of 0003 parsed every matching story again (to_tsvector over the body):
seconds per search once the archive holds 100,000 stories. The trigger keeps the column right on every
insert and update, including bulk ones; its expression is `articles.models.article_search_vector()`.
On other databases the column stays empty and search matches substrings instead.
"""

from importlib import import_module

import django.contrib.postgres.search
from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION articles_article_search_document() RETURNS trigger AS $$
BEGIN
    NEW.search_document :=
        setweight(to_tsvector('simple', COALESCE(NEW.headline, '')), 'A')
        || setweight(to_tsvector('simple', COALESCE(NEW.standfirst, '')), 'B')
        || setweight(to_tsvector('simple', COALESCE(NEW.body, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER articles_article_search_document BEFORE INSERT OR UPDATE ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_document();
UPDATE articles_article SET search_document =
    setweight(to_tsvector('simple', COALESCE(headline, '')), 'A')
    || setweight(to_tsvector('simple', COALESCE(standfirst, '')), 'B')
    || setweight(to_tsvector('simple', COALESCE(body, '')), 'C');
CREATE INDEX article_search_document ON articles_article USING gin (search_document);
DROP INDEX IF EXISTS article_search;
"""

REVERSE = """
DROP INDEX IF EXISTS article_search_document;
DROP TRIGGER IF EXISTS articles_article_search_document ON articles_article;
DROP FUNCTION IF EXISTS articles_article_search_document();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE)
        search_index = import_module("articles.migrations.0003_article_search_index").search_index
        schema_editor.add_index(apps.get_model("articles", "Article"), search_index())


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_article_unpublish_at_index")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="search document"
            ),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
