"""A speaker's quotes feed shows what staff typed as text in feed readers, never as markup."""

import pytest

from tests import factories
from tests.articles.test_feeds import TYPED, as_a_reader_sees
from tests.sourcing import factories as sourcing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def test_markup_typed_by_staff_shows_as_text_in_feed_readers(client):
    speaker = sourcing.person(name=f"Ana {TYPED}", bio=f"Bio {TYPED}")
    story = factories.article(headline=f"Headline {TYPED}")
    origin = sourcing.source(story, description=f"Interview {TYPED}")
    sourcing.quote(
        story, speaker=speaker, source=origin, text=f"Quote {TYPED}", speaker_role=f"Minister {TYPED}"
    )
    response = client.get(f"{speaker.get_absolute_url()}feed/")
    assert response.status_code == 200
    seen = as_a_reader_sees(response.content)
    assert seen["rendered"] == []
    assert f"Ana {TYPED}" in seen["channel"]["title"]
    assert seen["channel"]["description"] == f"Bio {TYPED}"
    [item] = seen["items"]
    assert item["title"] == f"“Quote {TYPED}”"
    for typed in (
        f"“Quote {TYPED}”",
        f"Ana {TYPED}",
        f"Minister {TYPED}",
        f"Headline {TYPED}",
        f"Interview {TYPED}",
    ):
        assert typed in item["description"]


def test_speaker_without_a_bio_has_a_feed_description_naming_them_as_text(client):
    speaker = sourcing.person(name=f"Ana {TYPED}")
    sourcing.quote(factories.article(), speaker=speaker)
    seen = as_a_reader_sees(client.get(f"{speaker.get_absolute_url()}feed/").content)
    assert seen["rendered"] == []
    assert f"Ana {TYPED}" in seen["channel"]["description"]


def test_a_paraphrase_is_not_put_in_quotation_marks_and_quotes_take_their_storys_marks(client):
    speaker = sourcing.person(name="Ilir Berisha", slug="ilir-berisha")
    story = factories.article(language="mk")
    sourcing.quote(story, speaker=speaker, text="Ќе направиме повеќе.")
    sourcing.quote(story, speaker=speaker, text="Two suppliers remain on the list.", kind="paraphrase")

    seen = as_a_reader_sees(client.get("/mk/people/ilir-berisha/feed/").content)
    items = {item["title"]: item["description"] for item in seen["items"]}
    assert set(items) == {"„Ќе направиме повеќе.“", "Two suppliers remain on the list."}
    assert items["Two suppliers remain on the list."].startswith("Парафраза: Two suppliers")
