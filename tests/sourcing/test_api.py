"""Read-only JSON per article and per person, for fact-checkers and researchers: what readers may see, no more."""

import pytest

from tests import factories
from tests.sourcing import factories as sourcing


@pytest.mark.django_db
def test_article_json_lists_sources_and_quotes_with_speakers(client):
    story = factories.article(language="mk")
    source = sourcing.source(story, description="Interview given to Reuters", outlet="Reuters")
    speaker = sourcing.person(name="Ana Kostovska", wikidata_id="Q42")
    quote = sourcing.quote(story, speaker=speaker, source=source, speaker_role="Minister", text="Зборови.")
    response = client.get(f"/articles/{story.slug}/sourcing.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    assert data["article"]["headline"] == story.headline
    assert data["sources"][0] | {"event": None} == {
        "id": source.pk,
        "kind": "interview_elsewhere",
        "on_record": True,
        "description": "Interview given to Reuters",
        "outlet": "Reuters",
        "url": None,
        "archived_url": None,
        "date": None,
        "event": None,
    }
    (quoted,) = data["quotes"]
    assert quoted["id"] == quote.pk and quoted["text"] == "Зборови." and quoted["language"] == "mk"
    assert quoted["role"] == "Minister" and quoted["source_id"] == source.pk
    assert quoted["speaker"]["name"] == "Ana Kostovska" and quoted["speaker"]["wikidata_id"] == "Q42"
    assert "Зборови." in response.content.decode()  # readable UTF-8, not \\u escapes


@pytest.mark.django_db
def test_article_json_shows_an_anonymous_source_as_readers_see_it(client):
    story = factories.article()
    sourcing.anonymous_source(
        story,
        description="Deputy head of procurement",
        public_description="a senior official at the ministry",
        justification="Would lose their job.",
        url="https://example.org/private-notes",
    )
    response = client.get(f"/articles/{story.slug}/sourcing.json")
    (source,) = response.json()["sources"]
    assert source["kind"] == "anonymous" and source["description"] == "a senior official at the ministry"
    body = response.content.decode()
    for secret in ("Deputy head", "Would lose", "private-notes"):
        assert secret not in body


@pytest.mark.django_db
def test_article_json_of_an_unpublished_story_is_not_found(client):
    story = factories.article(published=False)
    sourcing.quote(story)
    response = client.get(f"/articles/{story.slug}/sourcing.json")
    assert response.status_code == 404 and "error" in response.json()


@pytest.mark.django_db
def test_person_json_lists_only_published_quotes_with_story_and_source(client):
    speaker = sourcing.person(name="Ana Kostovska")
    story = factories.article()
    sourcing.quote(story, speaker=speaker, text="Public.")
    sourcing.quote(factories.article(published=False), speaker=speaker, text="Draft.")
    data = client.get(f"{speaker.get_absolute_url()}quotes.json").json()
    assert data["person"]["name"] == "Ana Kostovska" and data["count"] == 1 and data["next"] is None
    (quote,) = data["quotes"]
    assert quote["text"] == "Public." and quote["article"]["headline"] == story.headline
    assert quote["source"]["kind"] == "interview_elsewhere"


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "status"), [("x", 400), ("99", 404), ("0", 404)])
def test_person_json_refuses_a_bad_page_clearly(client, page, status):
    speaker = sourcing.person()
    sourcing.quote(factories.article(), speaker=speaker)
    response = client.get(f"{speaker.get_absolute_url()}quotes.json", {"page": page})
    assert response.status_code == status and response.json()["error"]


@pytest.mark.django_db
@pytest.mark.parametrize("cached", [False, True], ids=["first view", "from the page cache"])
def test_a_fact_checkers_tool_on_another_site_may_read_both_endpoints(client, cached):
    speaker = sourcing.person()
    story = factories.article()
    sourcing.quote(story, speaker=speaker)
    for url in (f"/articles/{story.slug}/sourcing.json", f"{speaker.get_absolute_url()}quotes.json"):
        if cached:
            client.get(url, HTTP_ORIGIN="https://factcheck.example")
        response = client.get(url, HTTP_ORIGIN="https://factcheck.example")
        assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*", url
        assert "Access-Control-Allow-Credentials" not in response  # a reader's session is never shared
        assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_an_error_from_the_endpoints_is_readable_on_another_site_too(client):
    response = client.get("/articles/no-such-story/sourcing.json", HTTP_ORIGIN="https://factcheck.example")
    assert response.status_code == 404 and response["Access-Control-Allow-Origin"] == "*"
