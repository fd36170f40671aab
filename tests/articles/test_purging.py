"""Publishing, editing or unpublishing a story purges from the proxy in front exactly the pages that show it
(articles.purging), once the change is committed; a draft's save or a rolled-back one purges nothing. A
correction purges its story's pages and the corrections list; a change to the section menu, every page."""

import logging

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from articles.models import Article, ArticleAuthor, SiteSettings
from newsroom import purge
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("purged")]  # tests/conftest.py


def shown_in(story, *, section=None, tags=(), authors=(), edition="en"):
    section = section or story.section
    edition_pages = ["home", "search", "feed", "sitemap", "authors", "corrections"]
    return {
        f"article-{story.pk}",
        f"translations-{story.translation_of_id or story.pk}",
        "not-found",
        *(f"{page}-{edition}" for page in edition_pages),
        f"section-{section.pk}-{edition}",
        *(f"tag-{tag.pk}-{edition}" for tag in tags),
        *(f"author-{author.pk}-{edition}" for author in authors),
    }


@pytest.fixture
def story():
    return factories.article(headline="Bridge reopens", tags=[factories.tag()])


def test_publishing_a_draft_purges_every_page_that_now_shows_it(
    story, purged, django_capture_on_commit_callbacks
):
    draft = factories.article(published=False, language="mk", tags=[factories.tag()])
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        draft.status = Article.Status.PUBLISHED
        draft.published_at = story.published_at
        draft.save()

    assert purged == [
        sorted(shown_in(draft, tags=draft.tags.all(), authors=draft.authors.all(), edition="mk"))
    ]


def test_editing_a_public_story_purges_its_pages(story, purged, django_capture_on_commit_callbacks):
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        story.headline = "Bridge reopens after repairs"
        story.save()
        story.tags.add(factories.tag(name="Roads"))

    assert set().union(*purged) == shown_in(story, tags=story.tags.all(), authors=story.authors.all())


def test_moving_a_story_purges_its_old_section_too(story, purged, django_capture_on_commit_callbacks):
    old_section, new_section = story.section, factories.section(name="Economy")
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        story.section = new_section
        story.save()

    assert {f"section-{old_section.pk}-en", f"section-{story.section.pk}-en"} <= set(purged[0])


def test_unpublishing_purges_the_pages_that_showed_it(story, purged, django_capture_on_commit_callbacks):
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        story.status = Article.Status.UNPUBLISHED
        story.save()

    assert set(purged[0]) == shown_in(story, tags=story.tags.all(), authors=story.authors.all())


def test_a_removed_tag_or_byline_purges_that_tag_and_author_page(
    story, purged, django_capture_on_commit_callbacks
):
    tag, author = story.tags.get(), story.authors.get()
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        story.tags.remove(tag)
        ArticleAuthor.objects.filter(article=story, author=author).delete()

    assert purged == [[f"tag-{tag.pk}-en"], [f"author-{author.pk}-en"]]


def test_saving_a_draft_purges_nothing(purged, django_capture_on_commit_callbacks):
    draft = factories.article(published=False)

    with django_capture_on_commit_callbacks(execute=True):
        draft.headline = "Still a draft"
        draft.save()

    assert purged == []


def test_a_rolled_back_save_purges_nothing(story, purged, django_capture_on_commit_callbacks):
    purged.clear()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        story.status = Article.Status.UNPUBLISHED
        story.save()
        raise RuntimeError("the editor's save fails further on")

    assert callbacks == []
    assert purged == []


def test_a_proxy_that_cannot_be_reached_is_logged_not_an_error(story, settings, caplog):
    settings.PURGE_URLS = ["varnish://127.0.0.1:9"]  # the discard port: nothing listens

    with caplog.at_level(logging.ERROR, logger="newsroom.purge"):
        purge.purge([f"article-{story.pk}"])

    assert "Could not purge" in caplog.text


# Pages of other apps, corrections and the section menu ----------------------------------------------------


@pytest.fixture
def asked(monkeypatch):
    """Another app's pages that show stories (as sourcing's speaker pages do), and the stories it was asked about."""
    stories = []

    def other_pages(article):
        stories.append((article.pk, article.language))
        return [f"elsewhere-{article.pk}"]

    monkeypatch.setattr("articles.purging.EXTRA_STORY_KEYS", [other_pages])
    return stories


def test_a_story_purges_the_pages_other_apps_show_it_in_asking_them_once_a_save(
    story, purged, asked, django_capture_on_commit_callbacks
):
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        story.headline = "Bridge reopens after repairs"
        story.save()
    with django_capture_on_commit_callbacks(execute=True):
        story.status = Article.Status.UNPUBLISHED
        story.save()

    assert [f"elsewhere-{story.pk}" in keys for keys in purged] == [True, True]
    assert asked == [(story.pk, "en"), (story.pk, "en")]


def test_a_story_moved_to_another_edition_purges_other_apps_pages_of_both(
    story, purged, asked, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        story.language = "mk"
        story.save()

    assert asked == [(story.pk, "en"), (story.pk, "mk")]


def test_a_draft_never_asks_other_apps(purged, asked, django_capture_on_commit_callbacks):
    draft = factories.article(published=False)

    with django_capture_on_commit_callbacks(execute=True):
        draft.headline = "Still a draft"
        draft.save()
        draft.delete()

    assert asked == []


def test_a_correction_made_on_its_own_purges_the_story_and_the_corrections_list(
    story, purged, django_capture_on_commit_callbacks
):
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        correction = factories.correction(story, text="The bridge reopens on Monday, not Sunday.")

    expected = {
        f"article-{story.pk}",
        f"translations-{story.pk}",
        "corrections-en",
        "feed-en",  # the story's "updated" date
        "sitemap-en",
    }
    assert set().union(*purged) == expected
    draft = factories.article(published=False)
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        correction.delete()
        factories.correction(draft)  # a draft's shows nowhere

    assert set().union(*purged) == expected


def test_a_renamed_section_purges_every_page_of_every_edition(
    story, purged, django_capture_on_commit_callbacks
):
    section = story.section
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        section.name_mk = "Економија"
        section.save()

    assert "site" in set().union(*purged)


def test_a_section_whose_menu_entry_is_unchanged_purges_only_its_own_pages(
    story, purged, django_capture_on_commit_callbacks
):
    section = story.section
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        section.description = "Roads, rail and bridges."
        section.save()

    assert purged == [[f"section-{section.pk}-{code}" for code in ("en", "mk", "sq")]]


def test_changing_the_site_settings_purges_every_page(purged, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        SiteSettings.objects.create()

    assert purged == [["site"]]


def test_a_site_without_a_proxy_pays_no_query_to_name_pages_on_a_save(story, settings):
    def queries_to_save():
        story.refresh_from_db()
        with CaptureQueriesContext(connection) as queries:
            story.save()
        return len(queries)

    with_proxy = queries_to_save()
    settings.PURGE_URLS = []
    without_proxy = queries_to_save()

    assert without_proxy < with_proxy  # the story as it was, its tags, authors, quotes: read only for a proxy


@pytest.mark.parametrize("edit", ["rename", "delete"])
def test_a_tag_or_author_edited_on_its_own_purges_every_page(
    story, purged, django_capture_on_commit_callbacks, edit
):
    tag, author = story.tags.get(), factories.author(name="Ana Kostovska")
    for shown in (tag, author):
        purged.clear()
        with django_capture_on_commit_callbacks(execute=True):
            if edit == "rename":
                shown.name = "Renamed"
                shown.save()
            else:
                shown.delete()
        assert purged == [["site"]], shown


def test_a_new_tag_or_author_purges_only_the_pages_that_answered_404(
    purged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.tag()
        factories.author()

    assert purged == [["not-found"], ["not-found"]]


def test_an_edited_image_purges_the_pages_of_the_public_stories_that_lead_with_it(
    purged, django_capture_on_commit_callbacks
):
    photo, unused = factories.image(), factories.image()
    tag = factories.tag()
    story = factories.article(lead_image=photo, tags=[tag])
    factories.article(lead_image=photo, published=False)  # a draft's shows nowhere
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        photo.caption = "The bridge at dawn."
        photo.save()
        unused.caption = "Not in any story."
        unused.save()

    assert purged == [sorted(shown_in(story, tags=[tag], authors=story.authors.all()))]


def test_an_edited_author_photo_or_share_image_purges_every_page(purged, django_capture_on_commit_callbacks):
    portrait, share = factories.image(), factories.image()
    factories.author(photo=portrait)
    SiteSettings.objects.create(share_image=share)
    purged.clear()

    for picture in (portrait, share):
        purged.clear()
        with django_capture_on_commit_callbacks(execute=True):
            picture.alt_text = "Corrected"
            picture.save()
        assert purged == [["site"]]


def test_a_deleted_image_purges_the_stories_whose_video_it_was_the_poster_of(
    purged, django_capture_on_commit_callbacks
):
    poster, video = factories.image(), "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    story = factories.article(video_url=video, video_poster=poster, video_poster_of=video)
    story.refresh_from_db()
    assert story.video_poster == poster
    purged.clear()

    with django_capture_on_commit_callbacks(execute=True):
        poster.delete()

    assert f"article-{story.pk}" in set().union(*purged)
