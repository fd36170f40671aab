"""Dates read as each language writes them: "3 декември 2026" and "3 dhjetor 2026", the month in lower case."""

from datetime import UTC, datetime

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2025, 12, 3, 13, 30, tzinfo=UTC)  # 14:30 in Skopje, in the past


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


@pytest.mark.parametrize(
    ("language", "written", "capitalised"),
    [("mk", "3 декември 2025, 14:30", "Декември"), ("sq", "3 dhjetor 2025, 14:30", "Dhjetor")],
)
def test_the_article_page_and_its_sections_list_write_the_date_as_the_language_does(
    client, language, written, capitalised
):
    story = factories.article(language=language, published_at=PUBLISHED)
    factories.correction(story, corrected_at=PUBLISHED)

    article_page = client.get(f"/{language}/articles/{story.slug}/").content.decode()
    section_page = client.get(f"/{language}/sections/{story.section.slug}/").content.decode()
    corrections_page = client.get(f"/{language}/corrections/").content.decode()

    assert f'<time datetime="2025-12-03T14:30:00+01:00">{written}</time>' in article_page
    assert f'<time datetime="2025-12-03T14:30:00+01:00">{written}</time>' in section_page
    assert written.split(",")[0] in corrections_page  # a correction's date alone
    for page in (article_page, section_page, corrections_page):
        assert capitalised not in page
