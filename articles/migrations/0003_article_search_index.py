"""A GIN index for site search on PostgreSQL; other databases search without one.

The index is created with the schema editor but kept out of the model state, because SQLite cannot
build it and would try to whenever it remakes the article table. Its expression must stay the same as
`articles.models.article_search_vector()`, or PostgreSQL will not use it.
"""

from django.db import migrations

INDEX_NAME = "article_search"


def search_index():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    vector = (
        SearchVector("headline", weight="A", config="simple")
        + SearchVector("standfirst", weight="B", config="simple")
        + SearchVector("body", weight="C", config="simple")
    )
    return GinIndex(vector, name=INDEX_NAME)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "Article"), search_index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "Article"), search_index())


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_editorial_groups")]

    operations = [migrations.RunPython(add_index, remove_index, elidable=False)]
