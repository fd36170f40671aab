"""No XSS vector survives into a reader's page, whichever field an attacker (or a phished editor) puts it in."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from articles.sanitizer import sanitize_html
from tests import factories
from tests.security.html_checks import active_content
from tests.security.xss_vectors import VECTORS

pytestmark = pytest.mark.django_db

IDS = [f"v{number:02d}" for number in range(len(VECTORS))]


def test_the_checker_sees_what_a_browser_would_run():
    """The corpus only proves something if the check flags live vectors; a few, unsanitized, must fail it."""
    for raw in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="java\tscript:alert(1)">x</a>',
        '<iframe srcdoc="x"></iframe>',
        "<svg onload=alert(1)>",
        '<p style="width:expression(alert(1))">x</p>',
    ]:
        assert active_content(raw), raw


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_sanitizer_output_carries_no_active_content(vector):
    cleaned = sanitize_html(vector)
    assert active_content(cleaned, allowed_script_types=set()) == []
    assert active_content(sanitize_html(cleaned), allowed_script_types=set()) == []


def story_with_vector_everywhere(vector):
    """One story with `vector` in every field that reaches a page: its own, its byline's, image's and filing's."""
    short = vector[:90]
    number = len(short) + hash(vector) % 100000
    photo = factories.image(alt_text=vector[:300], caption=vector[:500], credit=vector[:200])
    section = factories.section(name=short, description=vector)
    tag = factories.tag(name=f"{short}{number}"[:100])
    byline = factories.author(
        name=vector[:150],
        role=vector[:150],
        bio=vector,
        links=f"https://ok.example/\n{vector}\nhttps://x.example/{vector}",
    )
    story = factories.article(
        headline=vector[:200],
        standfirst=vector,
        body=f"<p>Before</p>{vector}<p>After</p>",
        dateline=vector[:100],
        byline_override="",
        seo_title=vector[:70],
        seo_description=vector[:160],
        section=section,
        tags=[tag],
        authors=[byline],
        lead_image=photo,
    )
    guest = factories.article(
        headline=f"Guest {vector}"[:200],
        byline_override=vector[:200],
        section=section,
        tags=[tag],
        lead_image=photo,
    )
    factories.correction(story, text=vector)
    return story, guest, section, tag, byline


def feed_fragments(xml_bytes):
    """The texts feed readers render as HTML: RSS descriptions, Atom summaries and contents of type html."""
    root = ET.fromstring(xml_bytes)
    fragments = []
    items = [element for element in root.iter() if element.tag.rsplit("}", 1)[-1] in {"item", "entry"}]
    for element in (child for item in items for child in item.iter()):
        name = element.tag.rsplit("}", 1)[-1]
        is_html = name in {"description", "encoded"} or (
            name in {"summary", "content", "title", "subtitle", "rights"}
            and element.get("type") in {"html", "xhtml"}
        )
        if is_html and element.text and element.text.strip():
            fragments.append(element.text)
    return fragments


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_vector_in_every_field_never_reaches_a_page_alive(client, vector):
    story, guest, section, tag, byline = story_with_vector_everywhere(vector)
    pages = {
        "article": story.get_absolute_url(),
        "guest article": guest.get_absolute_url(),
        "home": reverse("articles:home"),
        "section": section.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "author": byline.get_absolute_url(),
        "corrections": reverse("articles:corrections"),
        "search": reverse("articles:search") + "?" + _query(vector),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        assert active_content(response.content.decode()) == [], name
    feeds = {
        "rss": reverse("articles:feed"),
        "atom": reverse("articles:feed_atom"),
        "section rss": reverse("articles:section_feed", kwargs={"slug": section.slug}),
        "author atom": reverse("articles:author_feed_atom", kwargs={"slug": byline.slug}),
    }
    for name, url in feeds.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url)
        for fragment in feed_fragments(response.content):
            assert active_content(fragment, allowed_script_types=set()) == [], (name, fragment[:120])


def _query(vector):
    from urllib.parse import urlencode

    return urlencode({"q": vector[:200]})


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_vector_in_sources_quotes_and_speakers_never_reaches_a_page_alive(client, vector):
    from tests.sourcing import factories as sourcing

    story = factories.article()
    speaker = sourcing.person(name=vector[:200], bio=vector)
    event = sourcing.event(name=vector[:200], place=vector[:200])
    origin = sourcing.source(story, description=vector[:300], outlet=vector[:200], event=event)
    hidden = sourcing.anonymous_source(story, public_description=vector[:300], justification=vector)
    quote = sourcing.quote(
        story, speaker=speaker, source=origin, text=vector, speaker_role=vector[:200], event=event,
        original_text=vector, original_language="sq",
    )  # fmt: skip
    sourcing.quote(story, speaker=None, source=hidden, text=f"Anonymous: {vector}")
    story.body = (
        f"<p>Before</p>[quote {quote.pk}]{vector}<p>After</p>"  # a pull quote rendered from the record
    )
    story.save()
    pages = {
        "article": story.get_absolute_url(),
        "speaker": speaker.get_absolute_url(),
        "event": event.get_absolute_url(),
        "quotes": reverse("sourcing:quotes") + "?" + _query(vector),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        assert active_content(response.content.decode()) == [], name
