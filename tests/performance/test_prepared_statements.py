"""On PostgreSQL a worker plans the article page's query once, not on every render: planning that one query
(the story with its bylines, sources and quotes as JSON) took longer than running it."""

import pytest
from django.db import connection

from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"),
]


def test_the_article_page_query_is_prepared_and_reused(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    story = factories.article(headline="Bridge reopens after repairs")
    for _ in range(4):
        assert "Bridge reopens after repairs" in client.get(story.get_absolute_url()).content.decode()

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans + custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s AND statement LIKE %s",
            ['%FROM "articles_article"%', '%"articles_article"."slug" = $%'],
        )
        runs = [row[0] for row in cursor.fetchall()]
    assert runs and max(runs) >= 2  # prepared after its second run, then executed again without parsing
