"""The page cache serves anonymous readers from memory and never shows them a page that is out of date.

Each test first warms the cache with every page that shows the story, then changes something the way an
editor would (or lets the clock pass a scheduled time), and checks every one of those pages at once.
"""

from datetime import timedelta

import pytest
import time_machine
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from newsroom.pagecache import content_changed
from tests import factories
from tests.sourcing import factories as sourcing_factories

pytestmark = pytest.mark.django_db


def pages_showing(story):
    """Every public address that lists or shows `story`."""
    section, tag, author = story.section, story.tags.first(), story.authors.first()
    return [
        story.get_absolute_url(),
        reverse("articles:home"),
        section.get_absolute_url(),
        tag.get_absolute_url(),
        author.get_absolute_url(),
        reverse("articles:feed"),
        reverse("articles:section_feed", kwargs={"slug": section.slug}),
        reverse("articles:tag_feed", kwargs={"slug": tag.slug}),
        reverse("articles:author_feed", kwargs={"slug": author.slug}),
        reverse("sitemap"),
        reverse("news_sitemap"),
    ]


def shows(client, url, story):
    """Whether the page at `url` shows or links to `story` (sitemaps list addresses, not headlines)."""
    page = client.get(url).content.decode()
    return story.get_absolute_url() in page


def listing_pages(story):
    """The pages above without the story's own page (which is a 404 when the story is not public)."""
    return pages_showing(story)[1:]


def warm(client, urls):
    for url in urls:
        client.get(url)
    for url in urls:
        assert client.get(url)["X-Page-Cache"] == "hit", url


def text_of(client, url):
    return client.get(url).content.decode()


@pytest.fixture
def editor():
    return factories.editor()


@pytest.fixture
def story():
    return factories.article(headline="Bridge reopens after repairs", tags=[factories.tag()])


def test_second_anonymous_visit_is_served_without_touching_the_database(
    client, story, django_assert_num_queries
):
    first = client.get(story.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(story.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_publishing_a_story_shows_it_at_once_on_every_page_that_lists_it(client, editor, story):
    draft = factories.article(
        headline="Council votes on the budget",
        published=False,
        section=story.section,
        authors=[story.authors.first()],
        tags=[story.tags.first()],
    )
    urls = listing_pages(draft)
    warm(client, urls)
    assert client.get(draft.get_absolute_url()).status_code == 404

    services.article_publish(article=draft, by=editor)

    for url in urls:
        assert shows(client, url, draft), url
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_editing_a_headline_shows_the_new_one_everywhere(client, story):
    urls = [url for url in pages_showing(story) if url != reverse("sitemap")]  # it lists addresses only
    warm(client, urls)

    story.headline = "Bridge stays closed for another week"
    story.save()

    for url in urls:
        page = text_of(client, url)
        assert "Bridge stays closed for another week" in page, url
        assert "Bridge reopens after repairs" not in page, url


def test_unpublishing_removes_the_story_everywhere_at_once(client, editor, story):
    urls = pages_showing(story)
    warm(client, urls)

    services.article_unpublish(article=story, by=editor)

    assert client.get(story.get_absolute_url()).status_code == 404
    for url in listing_pages(story):
        assert not shows(client, url, story), url


def test_a_correction_appears_on_the_story_and_the_corrections_page_at_once(client, story):
    urls = [story.get_absolute_url(), reverse("articles:corrections")]
    warm(client, urls)

    factories.correction(story, text="An earlier version gave the wrong date for the reopening.")

    for url in urls:
        assert "the wrong date for the reopening" in text_of(client, url), url


def test_a_new_quote_appears_on_the_speakers_page_and_the_quotes_index_at_once(client, story):
    speaker = sourcing_factories.person(name="Ana Petrova")
    sourcing_factories.quote(story, speaker=speaker, text="We will reopen the bridge in May.")
    urls = [speaker.get_absolute_url(), reverse("sourcing:quotes")]
    warm(client, urls)

    sourcing_factories.quote(story, speaker=speaker, text="The repairs cost less than planned.")

    for url in urls:
        assert "The repairs cost less than planned." in text_of(client, url), url


def test_a_scheduled_story_appears_everywhere_when_its_time_comes(client, editor, story):
    now = timezone.now()
    with time_machine.travel(now, tick=False) as clock:
        scheduled = factories.article(
            headline="Election results expected tonight",
            published=False,
            section=story.section,
            authors=[story.authors.first()],
            tags=[story.tags.first()],
        )
        services.article_schedule(article=scheduled, by=editor, publish_at=now + timedelta(minutes=30))
        # The other story's page lists it among related stories (same section and tag).
        urls = [*listing_pages(scheduled), story.get_absolute_url()]
        warm(client, urls)
        assert client.get(scheduled.get_absolute_url()).status_code == 404

        clock.move_to(now + timedelta(minutes=29))
        for url in urls:
            assert not shows(client, url, scheduled), url

        clock.move_to(now + timedelta(minutes=30, seconds=1))
        for url in urls:
            assert shows(client, url, scheduled), url
        assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_a_story_disappears_everywhere_when_its_unpublish_time_passes(client, story):
    now = timezone.now()
    with time_machine.travel(now, tick=False) as clock:
        story.unpublish_at = now + timedelta(hours=2)
        story.save()
        urls = pages_showing(story)
        warm(client, urls)

        clock.move_to(now + timedelta(hours=2, seconds=1))

        assert client.get(story.get_absolute_url()).status_code == 404
        for url in listing_pages(story):
            assert not shows(client, url, story), url


def test_browsers_are_not_told_to_keep_a_page_past_the_next_scheduled_change(client, editor, story):
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        scheduled = factories.article(published=False, section=story.section)
        services.article_schedule(article=scheduled, by=editor, publish_at=now + timedelta(seconds=40))
        response = client.get(reverse("articles:home"))
    assert "max-age=40" in response["Cache-Control"]
    assert "s-maxage=40" in response["Cache-Control"]


def test_signed_in_staff_always_see_a_fresh_page(client, editor, story):
    client.get(story.get_absolute_url())
    client.force_login(editor)
    response = client.get(story.get_absolute_url())
    assert response["X-Page-Cache"] == "bypass"
    assert "private" in response["Cache-Control"]


def test_a_page_setting_a_cookie_is_never_cached(client):
    # The membership form sets its CSRF cookie: a cached copy would hand every reader the same token.
    response = client.get(reverse("membership:join"))
    assert response.cookies
    second = client.get(reverse("membership:join"))
    assert second.cookies
    assert second.get("X-Page-Cache") != "hit"


def test_readers_choosing_another_language_get_the_page_in_that_language(client, story):
    english = client.get(reverse("articles:home"))
    client.get("/mk/")
    macedonian = client.get("/mk/")
    assert english["Content-Language"] == "en"
    assert macedonian["Content-Language"] == "mk"
    assert english["X-Page-Cache"] == "miss"
    assert macedonian["X-Page-Cache"] == "hit"
    assert "Vary" not in macedonian or "cookie" not in macedonian["Vary"].lower()


def test_bulk_updates_show_once_content_changed_is_called(client, story):
    # QuerySet.update() sends no signals: code that uses it must announce the change itself.
    warm(client, [story.get_absolute_url()])
    Article.objects.filter(pk=story.pk).update(headline="Bridge reopening delayed")
    content_changed()
    assert "Bridge reopening delayed" in text_of(client, story.get_absolute_url())


def test_production_without_redis_shares_the_cache_between_workers_through_the_database():
    # Local memory is per process: a change seen by one gunicorn worker would leave the other serving stale
    # pages. Development (one runserver process) and the tests keep local memory.
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 64, DJANGO_ALLOWED_HOSTS="news.example.org")
    code = "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])"
    output = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert output == "django.core.cache.backends.db.DatabaseCache"


def test_migrate_creates_the_table_of_a_database_cache(settings):
    # Production without Redis keeps pages in the database (the test above); `migrate` makes the table, so
    # that a fresh deployment needs no createcachetable step of its own.
    from django.core.management import call_command
    from django.db import connection

    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "test_page_cache"},
    }
    assert "test_page_cache" not in connection.introspection.table_names()
    call_command("migrate", verbosity=0)  # nothing left to migrate: only the post-migrate hooks run
    assert "test_page_cache" in connection.introspection.table_names()


def test_a_database_cache_that_fails_never_aborts_the_writers_transaction(settings, story):
    # A fresh production install without Redis: the first `migrate` writes data (currencies, tiers) before
    # the cache table exists, and each write starts a new content generation. On PostgreSQL a failed
    # statement would abort the migration's transaction ("current transaction is aborted").
    from django.db import transaction

    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "no_such_table"},
    }
    with transaction.atomic():
        factories.section(name="Economy")
        story.headline = "Bridge reopens on Monday"
        story.save()
    assert Article.objects.get(pk=story.pk).headline == "Bridge reopens on Monday"


def test_readers_still_get_pages_while_the_cache_server_is_down(client, story, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "newsroom.pagecache.tracking.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"},
    }
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert "Bridge reopens after repairs" in response.content.decode()


def test_a_change_made_through_another_worker_shows_here_at_once(client, story):
    # Each gunicorn worker keeps the pages it served last in its own memory; what makes them stale is the
    # generation in the shared cache, which another worker's save replaces.
    from django.core.cache import cache

    from newsroom.pagecache import GENERATION_KEY

    warm(client, [story.get_absolute_url()])
    Article.objects.filter(pk=story.pk).update(
        headline="Bridge repairs finished early"
    )  # that worker's write
    cache.set(GENERATION_KEY, "bumped-by-another-worker")  # and its signal
    assert "Bridge repairs finished early" in text_of(client, story.get_absolute_url())


def test_a_new_tier_price_shows_at_once_in_the_appeal_on_cached_article_pages(client, story):
    from decimal import Decimal

    from membership.models import Currency, ReaderAppeal, Tier, TierPrice

    ReaderAppeal.objects.create(heading="Support independent journalism", text="Become a member.")
    supporter = Tier.objects.create(name="Supporter", slug="supporter")
    TierPrice.objects.create(
        tier=supporter, currency=Currency.objects.get(code="MKD"), frequency="monthly", amount=Decimal("300")
    )
    warm(client, [story.get_absolute_url()])
    assert "300 MKD every month" in text_of(client, story.get_absolute_url())
    price = supporter.prices.get()
    price.amount = Decimal("450")
    price.save()
    page = text_of(client, story.get_absolute_url())
    assert "450 MKD every month" in page and "300 MKD" not in page


def test_an_edited_or_switched_off_appeal_shows_at_once_on_cached_article_pages(client, story):
    from membership.models import ReaderAppeal

    appeal = ReaderAppeal.objects.create(heading="Support independent journalism", text="Become a member.")
    warm(client, [story.get_absolute_url()])
    assert "Support independent journalism" in text_of(client, story.get_absolute_url())
    appeal.heading = "Keep this site free to read"
    appeal.save()
    page = text_of(client, story.get_absolute_url())
    assert "Keep this site free to read" in page and "Support independent journalism" not in page
    appeal.is_active = False
    appeal.save()
    assert "Keep this site free to read" not in text_of(client, story.get_absolute_url())


def test_a_sign_up_leaves_cached_pages_cached(client, story):
    from membership.models import Currency, Member

    warm(client, [story.get_absolute_url(), reverse("articles:home")])
    Member.objects.create(
        email="reader@example.org", name="Reader", country="MK", amount=300, currency=Currency.objects.get(code="MKD"),
        frequency="monthly",
    )  # fmt: skip
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"
    assert client.get(reverse("articles:home"))["X-Page-Cache"] == "hit"


def test_a_section_renamed_through_another_worker_shows_in_this_workers_menu(client, story):
    # Each worker also keeps the fragments it rendered (the header with its section menu, related stories)
    # in memory; they too must give way as soon as the shared generation changes.
    from django.core.cache import cache

    from articles.models import Section
    from newsroom.pagecache import GENERATION_KEY

    warm(client, [story.get_absolute_url(), reverse("articles:home")])
    Section.objects.filter(pk=story.section_id).update(name="Water and rivers")  # that worker's write
    cache.set(GENERATION_KEY, "bumped-by-another-worker")  # and its signal
    for url in (story.get_absolute_url(), reverse("articles:corrections")):
        assert "Water and rivers" in text_of(client, url), url


def test_a_request_that_changes_content_then_renders_fragments_gets_fresh_ones(rf):
    # The generation is read once per request; a change made during the request starts a new one at once.
    from django.template import Context, Template

    from newsroom.pagecache.generation import ContentVersion
    from newsroom.pagecache.middleware import PageCacheMiddleware

    fragment = Template(
        '{% load cache %}{% cache content.seconds "test" content.generation using="fragments" %}{{ text }}'
        "{% endcache %}"
    )

    def render(text):
        return fragment.render(Context({"content": ContentVersion(), "text": text}))

    def view(request):
        before = render("before")
        content_changed()
        after = render("after")
        return HttpResponse(f"{before} {after}")

    PageCacheMiddleware(lambda request: HttpResponse(render("before")))(rf.get("/"))  # kept in this worker
    response = PageCacheMiddleware(view)(rf.post("/"))
    assert response.content.decode() == "before after"
