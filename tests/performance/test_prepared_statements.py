"""On PostgreSQL a worker plans the article page's query once, not on every render (newsroom/prepared.py):
planning that one query took longer than running it. Queries whose best plan depends on their values
(how many stories a section has) are still planned for their values each time."""

import pytest
from django.db import connection

from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"),
]


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements")
        return cursor.fetchall()


def test_the_article_page_query_is_planned_once_and_reused(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    story = factories.article(headline="Bridge reopens after repairs")
    for _ in range(4):
        assert "Bridge reopens after repairs" in client.get(story.get_absolute_url()).content.decode()

    runs = [n for statement, n in prepared_statements() if '"articles_article"."slug" = ($' in statement]
    assert runs == [4]


def test_list_pages_are_planned_for_their_values(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    story = factories.article(headline="Bridge reopens after repairs")
    for _ in range(3):
        assert "Bridge reopens after repairs" in client.get(story.section.get_absolute_url()).content.decode()

    assert prepared_statements() == []
