"""The public pages speak Macedonian under /mk/: the address, not a cookie or a header, decides the language."""

from datetime import UTC, datetime

import pytest

from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def test_home_is_in_macedonian_under_the_mk_prefix(client):
    factories.article()
    page = client.get("/mk/").content.decode()
    assert '<html lang="mk">' in page
    assert "Прескокни до содржината" in page and "Најново" in page and "Пребарај" in page
    assert "Skip to content" not in page


def test_links_on_a_macedonian_page_stay_in_macedonian(client):
    story = factories.article(
        language="mk",
        kicker=Article.Kicker.ANALYSIS,
        published_at=datetime(2025, 3, 14, 9, 30, tzinfo=UTC),
        tags=[factories.tag()],
    )
    factories.correction(story)
    home = client.get("/mk/").content.decode()
    assert f'href="/mk/articles/{story.slug}/"' in home
    page = client.get(f"/mk/articles/{story.slug}/").content.decode()
    assert "Анализа" in page and "Објавено" in page and "Исправки" in page and "Ознаки" in page
    assert "Оваа вест е исправена 1 пат." in page
    assert "14 март 2025" in page  # the date, in Macedonian (lower case, no dot after the day)
    assert "Published <time" not in page


def test_search_result_count_uses_macedonian_plurals(client):
    for _ in range(3):
        factories.article(headline="Охрид денес", language="mk")
    factories.article(headline="Струга денес", language="mk")
    page = client.get("/mk/search/", {"q": "Охрид"}).content.decode()
    assert "3 вести одговараат на „Охрид“." in page
    page = client.get("/mk/search/", {"q": "Струга"}).content.decode()
    assert "1 вест одговара на „Струга“." in page


def test_error_page_is_translated(client):
    page = client.get("/mk/articles/no-such-story/").content.decode()
    assert "Страницата не е пронајдена" in page


def test_feed_description_is_translated(client):
    factories.article()
    body = client.get("/mk/feed/").content.decode()
    assert "Најновите вести од Newsroom." in body


def test_english_stays_the_default_whatever_the_browser_asks(client):
    factories.article()
    response = client.get("/", headers={"accept-language": "mk"})
    assert "accept-language" not in response.get("Vary", "").lower()
    page = response.content.decode()
    assert '<html lang="en">' in page and "Skip to content" in page and "Latest" in page
