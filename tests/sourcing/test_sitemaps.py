"""sitemap.xml also lists speakers' and events' pages, for speakers and events of stories readers may see."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories
from tests.articles.test_sitemaps import SITEMAP, locations
from tests.articles.test_views import hidden_stories
from tests.sourcing import factories as sourcing_factories

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def test_sitemap_lists_speakers_quoted_in_published_stories_with_their_latest_story_date(client):
    earlier = timezone.now() - timedelta(days=3)
    speaker = sourcing_factories.person(name="Ana Petrovska")
    sourcing_factories.quote(factories.article(published_at=earlier), speaker=speaker)
    latest = factories.article(published_at=timezone.now() - timedelta(hours=2))
    sourcing_factories.quote(latest, speaker=speaker)
    unseen = sourcing_factories.person(name="Quoted only in hidden stories")
    for story in hidden_stories().values():
        sourcing_factories.quote(story, speaker=unseen)

    urls, root = locations(client.get("/sitemap.xml"))

    assert urls.count(BASE + speaker.get_absolute_url()) == 1
    assert BASE + unseen.get_absolute_url() not in urls
    assert client.get(unseen.get_absolute_url()).status_code == 404  # so it must not be listed
    entry = next(
        u
        for u in root.iter(f"{SITEMAP}url")
        if u.findtext(f"{SITEMAP}loc").endswith(speaker.get_absolute_url())
    )
    # The date where the site is (TIME_ZONE), as the sitemap writes it: in UTC it differs around midnight.
    assert entry.findtext(f"{SITEMAP}lastmod") == timezone.localdate(latest.published_at).isoformat()


def test_sitemap_lists_events_of_published_stories_once(client):
    conference = sourcing_factories.event(name="Ramstein-format meeting")
    story = factories.article()
    sourcing_factories.source(story, event=conference)
    sourcing_factories.quote(story, event=conference)
    hidden_event = sourcing_factories.event(name="Only in a draft")
    sourcing_factories.source(hidden_stories()["draft"], event=hidden_event)

    urls, _ = locations(client.get("/sitemap.xml"))

    assert urls.count(BASE + conference.get_absolute_url()) == 1
    assert client.get(conference.get_absolute_url()).status_code == 200
    assert BASE + hidden_event.get_absolute_url() not in urls


def test_an_editions_sitemap_lists_its_indexes_only_once_they_list_something(client):
    sourcing_factories.quote(factories.article(language="en"), speaker=sourcing_factories.person())
    sourcing_factories.quote(
        factories.article(language="sq", status="draft"), speaker=sourcing_factories.person()
    )

    english, _ = locations(client.get("/sitemap.xml"))
    assert {f"{BASE}/people/", f"{BASE}/quotes/", f"{BASE}/authors/"} <= set(english)
    albanian, _ = locations(client.get("/sq/sitemap.xml"))
    # Only a draft in Albanian: its indexes would say "No one quoted yet" and "No stories yet".
    assert not {f"{BASE}/sq/people/", f"{BASE}/sq/quotes/", f"{BASE}/sq/authors/"} & set(albanian)
    assert (
        "Search quotes by words or speaker" in client.get("/people/").content.decode()
    )  # linked, not orphaned
