"""Pull quotes come from the Quote record; the "How we reported this" panel lists sources and their quotes."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from sourcing.prefetch import article_page_prefetches
from tests import factories
from tests.sourcing import factories as sourcing


def render_body(story):
    from django.template import engines

    template = engines["django"].from_string(
        "{% load sourcing %}{{ article.body_html|with_pull_quotes:article }}"
    )
    return template.render({"article": story})


def prefetched(story):
    return Article.objects.prefetch_related(*article_page_prefetches()).get(pk=story.pk)


@pytest.mark.django_db
def test_pull_quote_shows_the_stored_words_speaker_and_role_escaped():
    story = factories.article()
    quote = sourcing.quote(
        story,
        speaker=sourcing.person(name="Ana <b>Kostovska</b>"),
        speaker_role="Minister & spokesperson",
        text="We will <script>never</script> give up.",
    )
    story.body = f"<p>Before.</p><p>[quote {quote.pk}]</p><p>After.</p>"
    story.save()
    html = render_body(prefetched(story))
    assert (
        '<figure class="pull-quote"><blockquote><p>We will &lt;script&gt;never&lt;/script&gt; give up.</p>'
        "</blockquote><figcaption>Ana &lt;b&gt;Kostovska&lt;/b&gt;, Minister &amp; spokesperson</figcaption></figure>"
    ) in html
    assert "<p>Before.</p>" in html and "<p>After.</p>" in html and "[quote" not in html


@pytest.mark.django_db
def test_pull_quote_follows_an_edit_of_the_quote():
    story = factories.article()
    quote = sourcing.quote(story, text="First wording.")
    story.body = f"<p>[quote {quote.pk}]</p>"
    story.save()
    quote.text = "Corrected wording."
    quote.save()
    html = render_body(prefetched(story))
    assert "Corrected wording." in html and "First wording." not in html


@pytest.mark.django_db
def test_shortcode_inside_a_sentence_becomes_an_inline_quotation():
    story = factories.article()
    quote = sourcing.quote(story, text="a duty")
    story.body = f"<p>The minister said [quote {quote.pk}] on Monday.</p>"
    story.save()
    assert "<p>The minister said <q>a duty</q> on Monday.</p>" in render_body(prefetched(story))


@pytest.mark.django_db
def test_shortcode_in_capitals_or_with_a_non_breaking_space_in_a_macedonian_body_is_found():
    story = factories.article(language="mk")
    quote = sourcing.quote(story, text="должност")
    story.body = f"<p>Министерот рече [QUOTE&nbsp;{quote.pk}] во понеделник.</p><p>[Quote {quote.pk}]</p>"
    story.save()
    html = render_body(prefetched(story))
    assert "<p>Министерот рече <q>должност</q> во понеделник.</p>" in html
    assert '<figure class="pull-quote"><blockquote><p>должност</p>' in html
    assert "QUOTE" not in html and "Quote" not in html


@pytest.mark.django_db
def test_shortcode_of_another_storys_quote_shows_nothing_of_it():
    foreign = sourcing.quote(factories.article(published=False), text="Secret draft words.")
    story = factories.article()
    story.body = f"<p>Text.</p><p>[quote {foreign.pk}]</p>"
    story.save()
    html = render_body(prefetched(story))
    assert "Secret draft words." not in html and "[quote" not in html


@pytest.mark.django_db
def test_pull_quotes_and_panel_cost_no_query_per_quote():
    story = factories.article()
    quotes = [sourcing.quote(story) for _ in range(10)]
    story.body = "".join(f"<p>[quote {quote.pk}]</p>" for quote in quotes)
    story.save()
    story = prefetched(story)
    with CaptureQueriesContext(connection) as queries:
        render_body(story)
        render_to_string("sourcing/how_we_reported.html", {"article": story})
    assert len(queries) == 0


@pytest.mark.django_db
def test_panel_lists_each_source_with_its_quotes_and_hides_what_only_staff_may_see():
    story = factories.article()
    named = sourcing.source(
        story,
        description="Interview given to Reuters",
        outlet="Reuters",
        url="https://example.org/interview",
        archived_url="https://web.archive.org/web/2024/https://example.org/interview",
    )
    hidden = sourcing.anonymous_source(
        story,
        description="Deputy head of procurement",
        public_description="a senior official at the ministry",
        justification="Would lose their job.",
    )
    sourcing.quote(story, source=named, text="On the record words.", speaker=sourcing.person(name="Ana K"))
    sourcing.quote(story, source=hidden, speaker=None, text="Off the record words.")
    html = render_to_string("sourcing/how_we_reported.html", {"article": prefetched(story)})
    assert "How we reported this" in html
    # The panel words it as an editor would: not "Interview given to another outlet: Interview given to
    # Reuters (Reuters)", which the help text's own example used to give.
    assert '<strong class="source-label">Interview given to Reuters</strong>' in html
    assert "another outlet" not in html and "(Reuters)" not in html
    assert 'href="https://example.org/interview"' in html and "web.archive.org" in html
    assert '<strong class="source-label">Anonymous source: a senior official at the ministry</strong>' in html
    assert "Deputy head of procurement" not in html and "Would lose their job." not in html
    named_part, hidden_part = html.split(f'id="source-{hidden.pk}"')
    assert "On the record words." in named_part and "Off the record words." in hidden_part


@pytest.mark.django_db
def test_panel_is_absent_for_a_story_without_sources():
    story = factories.article()
    assert render_to_string("sourcing/how_we_reported.html", {"article": prefetched(story)}).strip() == ""
