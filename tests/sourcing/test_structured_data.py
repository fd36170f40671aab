"""Machines see the sourcing as schema.org JSON-LD: citations, quotations with their speakers, Person pages."""

import json
from datetime import date
from html.parser import HTMLParser

import pytest
from django.template import engines

from articles.models import Article
from sourcing.prefetch import article_page_prefetches
from sourcing.structured_data import article_jsonld_parts
from tests import factories
from tests.sourcing import factories as sourcing

# Every type and property this module may write, each a term of https://schema.org (checked by hand against
# the vocabulary; no network in tests). A new key must be added here on purpose.
SCHEMA_ORG_TYPES = {
    "CreativeWork",
    "Organization",
    "Person",
    "Quotation",
    "ProfilePage",
    "Event",
    "Place",
    "NewsArticle",
}
SCHEMA_ORG_PROPERTIES = {
    "name", "url", "archivedAt", "publisher", "datePublished", "text", "inLanguage", "creator", "jobTitle",
    "sameAs", "isBasedOn", "dateCreated", "translationOfWork", "description", "mainEntity", "citation",
    "hasPart", "startDate", "location", "subjectOf", "headline",
}  # fmt: skip
JSON_LD_KEYWORDS = {"@context", "@type", "@id"}


def assert_schema_org_only(node):
    if isinstance(node, list):
        for item in node:
            assert_schema_org_only(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            assert key in SCHEMA_ORG_PROPERTIES | JSON_LD_KEYWORDS, key
            if key == "@type":
                assert value in SCHEMA_ORG_TYPES, value
            if key == "@context":
                assert value == "https://schema.org"
            assert_schema_org_only(value)


class JsonLdBlocks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks, self._inside = [], False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script" and ("type", "application/ld+json") in attrs

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.blocks.append(json.loads(data))


def jsonld_in(html):
    parser = JsonLdBlocks()
    parser.feed(html)
    return parser.blocks


def sourced_story():
    story = factories.article(language="en")
    reuters = sourcing.source(
        story,
        description="Interview given to Reuters",
        outlet="Reuters",
        url="https://example.org/reuters",
        archived_url="https://web.archive.org/web/2024/https://example.org/reuters",
        date=date(2024, 5, 21),
    )
    hidden = sourcing.anonymous_source(story, description="The deputy minister's chief of staff")
    speaker = sourcing.person(name="Volodymyr Example", wikidata_id="Q3874799")
    translated = sourcing.quote(
        story,
        speaker=speaker,
        speaker_role="President of Ukraine",
        source=reuters,
        text="We are ready.",
        original_text="Ми готові.",
        original_language="uk",
        said_on=date(2024, 5, 21),
    )
    anonymous = sourcing.quote(story, speaker=None, source=hidden, text="It will happen in June.")
    return (
        Article.objects.prefetch_related(*article_page_prefetches()).get(pk=story.pk),
        translated,
        anonymous,
    )


@pytest.mark.django_db
def test_article_parts_cite_public_sources_and_describe_each_quote(settings):
    settings.SITE_URL = "https://news.example"
    story, translated, anonymous = sourced_story()
    parts = article_jsonld_parts(story)
    url = f"https://news.example{story.get_absolute_url()}"
    source = translated.source
    assert parts["citation"] == [
        {
            "@type": "CreativeWork",
            "@id": f"{url}#source-{source.pk}",
            "name": "Interview given to Reuters",
            "url": "https://example.org/reuters",
            "archivedAt": "https://web.archive.org/web/2024/https://example.org/reuters",
            "publisher": {"@type": "Organization", "name": "Reuters"},
            "datePublished": "2024-05-21",
        }
    ]
    first, second = parts["hasPart"]
    assert first == {
        "@type": "Quotation",
        "@id": f"{url}#quote-{translated.pk}",
        "text": "We are ready.",
        "inLanguage": "en",
        "creator": {
            "@type": "Person",
            "name": "Volodymyr Example",
            "url": f"https://news.example{translated.speaker.get_absolute_url()}",
            "jobTitle": "President of Ukraine",
            "sameAs": "https://www.wikidata.org/wiki/Q3874799",
        },
        "isBasedOn": {"@id": f"{url}#source-{source.pk}"},
        "dateCreated": "2024-05-21",
        "translationOfWork": {"@type": "Quotation", "text": "Ми готові.", "inLanguage": "uk"},
    }
    # An anonymous source is neither cited nor pointed at, and its quote has no named creator.
    assert second == {
        "@type": "Quotation",
        "@id": f"{url}#quote-{anonymous.pk}",
        "text": "It will happen in June.",
        "inLanguage": "en",
    }


@pytest.mark.django_db
def test_article_parts_render_as_valid_json_ld_with_schema_org_terms_only():
    story, _, _ = sourced_story()
    document = {"@context": "https://schema.org", "@type": "CreativeWork", **article_jsonld_parts(story)}
    html = engines["django"].from_string("{% load reader %}{% jsonld data %}").render({"data": document})
    (parsed,) = jsonld_in(html)
    assert parsed == json.loads(json.dumps(document))
    assert_schema_org_only(parsed)
    assert "chief of staff" not in html  # the anonymous source's real description stays in the newsroom


@pytest.mark.django_db
def test_json_ld_cannot_be_broken_out_of_by_quoted_words():
    story = factories.article()
    sourcing.quote(story, text="</script><script>alert(1)</script>")
    story = Article.objects.prefetch_related(*article_page_prefetches()).get(pk=story.pk)
    html = (
        engines["django"]
        .from_string("{% load reader %}{% jsonld data %}")
        .render({"data": article_jsonld_parts(story)})
    )
    assert html.count("</script>") == 1
    assert jsonld_in(html)[0]["hasPart"][0]["text"] == "</script><script>alert(1)</script>"


@pytest.mark.django_db
def test_speaker_page_carries_person_json_ld(client):
    speaker = sourcing.person(
        name="Ana Kostovska",
        current_role="Minister of Defence",
        wikidata_id="Q42",
        bio="In office since 2024.",
    )
    sourcing.quote(factories.article(), speaker=speaker)
    (document,) = [
        block
        for block in jsonld_in(client.get(speaker.get_absolute_url()).content.decode())
        if block.get("@type") == "ProfilePage"
    ]
    assert_schema_org_only(document)
    person = document["mainEntity"]
    assert person["@type"] == "Person" and person["name"] == "Ana Kostovska"
    assert person["sameAs"] == "https://www.wikidata.org/wiki/Q42"
    assert person["jobTitle"] == "Minister of Defence"  # the role search engines show beside the name
    assert person["description"] == "In office since 2024."


@pytest.mark.django_db
def test_event_page_carries_event_json_ld_with_the_stories_reported_from_it(client):
    summit = sourcing.event(
        name="Regional summit", date=date(2026, 11, 20), place="Ohrid", description="Leaders."
    )
    story = factories.article(headline="What the summit agreed")
    sourcing.source(story, event=summit)
    factories.article(headline="A draft from it", status=Article.Status.DRAFT).sources.create(
        description="Notes", event=summit
    )

    html = client.get(summit.get_absolute_url()).content.decode()
    (document,) = [block for block in jsonld_in(html) if block.get("@type") == "Event"]
    assert_schema_org_only(document)
    assert document["name"] == "Regional summit" and document["startDate"] == "2026-11-20"
    assert document["location"] == {"@type": "Place", "name": "Ohrid"}
    assert document["description"] == "Leaders." and document["url"].endswith(summit.get_absolute_url())
    # Readers' stories only: the draft that also cites it is not named.
    assert [work["headline"] for work in document["subjectOf"]] == ["What the summit agreed"]
    assert document["subjectOf"][0]["@id"] == "http://testserver" + story.get_absolute_url() + "#article"
