"""The article page shows how the story was reported, its pull quotes and its sourcing JSON-LD."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.sourcing import factories as sourcing
from tests.sourcing.test_structured_data import jsonld_in


@pytest.mark.django_db
def test_article_page_shows_panel_pull_quote_and_sourcing_json_ld(client):
    story = factories.article()
    source = sourcing.source(story, description="Interview given to Reuters", outlet="Reuters")
    quote = sourcing.quote(story, source=source, text="We are ready.", speaker=sourcing.person(name="Ana K"))
    story.body = f"<p>Intro.</p><p>[quote {quote.pk}]</p>"
    story.save()
    page = client.get(story.get_absolute_url()).content.decode()
    assert "How we reported this" in page and f'id="source-{source.pk}"' in page
    assert '<figure class="pull-quote"><blockquote><p>We are ready.</p>' in page and "[quote" not in page
    (article,) = [block for block in jsonld_in(page) if "hasPart" in block]
    assert article["citation"][0]["name"] == "Interview given to Reuters"
    assert article["hasPart"][0]["creator"]["name"] == "Ana K"


@pytest.mark.django_db
def test_article_without_sources_has_no_panel_and_no_empty_json_ld_keys(client):
    story = factories.article()
    page = client.get(story.get_absolute_url()).content.decode()
    assert "How we reported this" not in page
    assert all("citation" not in block and "hasPart" not in block for block in jsonld_in(page))


def _add_sourcing(story, count):
    speaker = sourcing.person()
    for _ in range(count):
        source = sourcing.source(story, event=sourcing.event())
        quote = sourcing.quote(story, source=source, speaker=speaker)
        story.body += f"<p>[quote {quote.pk}]</p>"
    story.save()


@pytest.mark.django_db
def test_article_page_query_count_does_not_grow_with_sources_and_quotes(
    client, settings, django_assert_num_queries
):
    # Guards against an N+1 on each source's event and each quote's speaker and source, in the panel,
    # the pull quotes and the JSON-LD alike: one query for the sources, one for the quotes.
    settings.PAGE_CACHE_ENABLED = False  # measure rendering, not the whole-page cache
    story = factories.article()
    _add_sourcing(story, 1)
    url = story.get_absolute_url()
    client.get(url)  # warm what the layout caches (section menu)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    with_one = len(queries)  # now: the next request clears the connection's query log
    _add_sourcing(story, 19)
    client.get(url)
    with django_assert_num_queries(with_one):
        response = client.get(url)
    assert response.content.decode().count('class="pull-quote"') == 20
