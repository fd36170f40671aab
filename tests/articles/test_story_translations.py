"""A story and its translations in the other editions: linked for readers (links, hreflang, JSON-LD) and made in
the admin with "Translate this story"."""

import json
import re
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from tests import factories
from tests.articles.test_admin import change_url, form_data
from tests.sourcing import factories as sourcing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def story_in_three_editions():
    original = factories.article(language="mk", headline="Рамштајн: повеќе противвоздушна одбрана")
    english = factories.article(language="en", headline="Ramstein: more air defence", translation_of=original)
    albanian = factories.article(
        language="sq", headline="Ramstein: më shumë mbrojtje ajrore", translation_of=original
    )
    return original, english, albanian


def translate(client, story, language, **kwargs):
    """Ask for a translation of `story` with the admin's "Translate this story"."""
    return client.post(
        reverse("admin:articles_article_translate", args=[story.pk]), {"language": language}, **kwargs
    )


def alternates(page):
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', page))


def test_hreflang_alternates_are_reciprocal_with_x_default_on_the_original(client, story_in_three_editions):
    stories = story_in_three_editions
    expected = {story.language: f"http://testserver{story.canonical_path}" for story in stories}
    expected["x-default"] = f"http://testserver{stories[0].canonical_path}"
    for story in stories:
        page = client.get(story.get_absolute_url()).content.decode()
        assert alternates(page) == expected, story.language


def test_an_original_taken_down_leaves_its_translations_without_x_default(client, story_in_three_editions):
    # As their sitemap entries: the page wrote hreflang="x-default" with an empty address.
    original, english, albanian = story_in_three_editions
    Article.objects.filter(pk=original.pk).update(status=Article.Status.DRAFT)
    page = client.get(english.get_absolute_url()).content.decode()
    assert alternates(page) == {
        "en": f"http://testserver{english.canonical_path}",
        "sq": f"http://testserver{albanian.canonical_path}",
    }


def test_each_editions_sitemap_names_a_storys_translations_as_its_page_does(client, story_in_three_editions):
    stories = story_in_three_editions
    alone = factories.article(language="en", headline="Not translated")
    expected = {story.language: f"http://testserver{story.canonical_path}" for story in stories}
    expected["x-default"] = f"http://testserver{stories[0].canonical_path}"
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    for story, prefix in zip(stories, ("/mk", "", "/sq"), strict=True):
        sitemap = ElementTree.fromstring(client.get(f"{prefix}/sitemap.xml").content)
        entries = {
            url.findtext("s:loc", namespaces=namespaces): url for url in sitemap.iterfind("s:url", namespaces)
        }
        links = entries[f"http://testserver{story.canonical_path}"].iterfind("x:link", namespaces)
        assert {link.get("hreflang"): link.get("href") for link in links} == expected, story.language
    english_sitemap = ElementTree.fromstring(client.get("/sitemap.xml").content)
    for url in english_sitemap.iterfind("s:url", namespaces):
        if url.findtext("s:loc", namespaces=namespaces).endswith(alone.canonical_path):
            assert list(url.iterfind("x:link", namespaces)) == []  # no translations, no alternates


def test_each_translation_links_to_the_others_in_their_own_language(client, story_in_three_editions):
    original, english, albanian = story_in_three_editions
    page = client.get(original.get_absolute_url()).content.decode()
    assert f'<a href="{english.canonical_path}" hreflang="en" lang="en">Read in English</a>' in page
    assert f'<a href="{albanian.canonical_path}" hreflang="sq" lang="sq">Lexojeni në shqip</a>' in page
    back = client.get(english.get_absolute_url()).content.decode()
    # Macedonian and Albanian write a language's name in lower case mid-sentence, English does not.
    assert f'<a href="{original.canonical_path}" hreflang="mk" lang="mk">Прочитајте на македонски</a>' in back
    # The footer's language links lead to the translations too.
    assert f'<a href="{original.canonical_path}" lang="mk" hreflang="mk">Македонски</a>' in back


def test_json_ld_names_the_original_and_its_translations(client, story_in_three_editions):
    original, english, albanian = story_in_three_editions

    def news_article(story):
        page = client.get(story.get_absolute_url()).content.decode()
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        return next(data for data in map(json.loads, blocks) if data.get("headline") == story.headline)

    on_original = news_article(original)
    assert {work["@id"] for work in on_original["workTranslation"]} == {
        f"http://testserver{english.canonical_path}#article",
        f"http://testserver{albanian.canonical_path}#article",
    }
    assert (
        news_article(english)["translationOfWork"]["@id"]
        == f"http://testserver{original.canonical_path}#article"
    )


def test_an_unpublished_translation_is_not_offered_to_readers(client):
    original = factories.article(language="mk")
    draft = factories.article(language="en", translation_of=original, published=False)
    page = client.get(original.get_absolute_url()).content.decode()
    assert draft.slug not in page and alternates(page) == {}


def test_the_database_holds_one_translation_per_edition_and_none_of_itself():
    original = factories.article(language="mk")
    factories.article(language="en", translation_of=original)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.article(language="en", translation_of=original)
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=original.pk).update(translation_of=original)


def test_a_translation_in_the_same_edition_is_refused_and_a_translation_of_a_translation_is_the_originals():
    original = factories.article(language="mk")
    english = factories.article(language="en", translation_of=original)
    same = factories.article(language="mk", published=False)
    same.translation_of = original
    with pytest.raises(ValidationError) as refused:
        same.full_clean()
    assert "translation_of" in refused.value.message_dict
    albanian = factories.article(language="sq", published=False)
    albanian.translation_of = english
    albanian.full_clean()
    assert albanian.translation_of == original


def test_an_original_cannot_move_into_the_edition_of_one_of_its_translations(client):
    original = factories.article(language="en", authors=[])
    factories.article(language="mk", translation_of=original)
    factories.article(language="sq", translation_of=original)
    refused_language = {"language": ["This story already has a translation in that edition."]}
    original.language = "mk"
    with pytest.raises(ValidationError) as refused:
        original.full_clean()
    assert refused.value.message_dict == refused_language
    original.refresh_from_db()
    client.force_login(factories.editor())
    published_at = timezone.localtime(original.published_at)
    when = {"published_at_0": f"{published_at:%Y-%m-%d}", "published_at_1": f"{published_at:%H:%M:%S.%f}"}
    response = client.post(change_url(original), form_data(original, language="mk", _save="1", **when))
    assert response.status_code == 200 and response.context["adminform"].form.errors == refused_language
    assert Article.objects.get(pk=original.pk).language == "en"


def test_the_article_page_of_an_original_reads_its_translations_in_its_own_query(django_assert_num_queries):
    original = factories.article(language="mk")
    english = factories.article(language="en", translation_of=original)
    factories.article(language="sq", translation_of=original, published=False)
    # One query, the page's own: the translations come inside the story's row (ARTICLE_PAGE_ROWS).
    with django_assert_num_queries(1):
        found = Article.objects.for_article_page().get(pk=original.pk)
        assert found.translations_for_readers() == {"en": english}
    # A translation asks one more, for its original and the original's other translations.
    with django_assert_num_queries(2):
        found = Article.objects.for_article_page().get(pk=english.pk)
        assert found.translations_for_readers() == {"mk": original}


def test_translate_this_story_makes_a_linked_draft_with_byline_image_tags_sources_and_quotes(client):
    author, tag, image = factories.author(), factories.tag(), factories.image()
    original = factories.article(language="mk", authors=[author], tags=[tag], lead_image=image)
    source = sourcing.source(original, description="Интервју за Ројтерс", outlet="Reuters")
    quote = sourcing.quote(original, source=source, text="Ќе направиме повеќе.")
    client.force_login(factories.editor())
    response = translate(client, original, "en")
    translation = Article.objects.get(translation_of=original, language="en")
    assert response.status_code == 302 and response["Location"] == change_url(translation)
    assert translation.status == Article.Status.DRAFT and translation.lead_image == image
    assert list(translation.tags.all()) == [tag] and translation.ordered_authors == [author]
    (copied_source,) = translation.sources.all()
    assert copied_source.description == source.description and copied_source.pk != source.pk
    (copied_quote,) = translation.quotes.all()
    assert copied_quote.source == copied_source
    assert (copied_quote.original_text, copied_quote.original_language) == ("Ќе направиме повеќе.", "mk")
    assert Article.objects.get(pk=quote.article_id) == original  # the original keeps its own


def test_a_new_translations_history_starts_with_one_revision_holding_its_tags(client):
    tag = factories.tag()
    original = factories.article(language="mk", tags=[tag])
    client.force_login(factories.editor())
    translate(client, original, "en")
    translation = Article.objects.get(translation_of=original, language="en")
    (revision,) = translation.history.all()
    assert revision.history_change_reason == f"Translation of story {original.pk} started"
    assert [row.tag_id for row in revision.tags.all()] == [tag.pk]


def test_a_translation_places_its_own_copies_of_the_quotes_the_original_places_in_its_body(client):
    original = factories.article(language="mk")
    source = sourcing.source(original)
    first = sourcing.quote(original, source=source, text="Прво.")
    second = sourcing.quote(original, source=source, text="Второ.")
    original.body = f"<p>Вовед.</p><p>[quote {first.pk}]</p><p>Средина [quote&nbsp;{second.pk}] крај.</p>"
    original.save()
    client.force_login(factories.editor())
    translate(client, original, "en")

    translation = Article.objects.get(translation_of=original)
    copies = {quote.original_text: quote.pk for quote in translation.quotes.all()}
    assert translation.body == (
        f"<p>Вовед.</p><p>[quote {copies['Прво.']}]</p><p>Средина [quote {copies['Второ.']}] крај.</p>"
    )
    # Its own quotes: the body places none of another story's (it is still to be translated, though).
    assert [str(problem) for problem in translation.publish_problems() if problem.field == "body"] == [
        "“Body” is still word for word the story's in another edition: translate it first."
    ]
    assert translation.history.latest().body == translation.body  # the draft's first revision holds it
    original.refresh_from_db()
    assert f"[quote {first.pk}]" in original.body


def test_translate_this_story_into_a_translated_edition_is_refused_with_a_link_to_that_translation(client):
    original = factories.article(language="mk")
    existing = factories.article(language="en", translation_of=original, headline="Already <translated>")
    client.force_login(factories.editor())
    response = translate(client, original, "en", follow=True)
    link = f'<a href="{change_url(existing)}">Already &lt;translated&gt;</a>'
    assert f"already has a translation in that edition: “{link}”" in response.content.decode()
    assert Article.objects.filter(translation_of=original).count() == 1


def test_from_a_translation_the_refusal_links_to_the_sibling_translation_in_that_edition(client):
    original = factories.article(language="mk")
    english = factories.article(language="en", translation_of=original)
    albanian = factories.article(language="sq", translation_of=original, headline="Tashmë e përkthyer")
    client.force_login(factories.editor())
    response = translate(client, english, "sq", follow=True)
    link = f'<a href="{change_url(albanian)}">Tashmë e përkthyer</a>'
    assert link in response.content.decode()


@pytest.fixture
def colleagues_translation():
    """A reporter's own draft, and its English translation, a draft of another reporter's."""
    reporter = factories.reporter()
    own = factories.article(language="mk", published=False, created_by=reporter)
    colleagues = factories.article(
        language="en", translation_of=own, published=False, created_by=factories.reporter()
    )
    return reporter, own, colleagues


def test_the_refusal_links_and_names_no_translation_the_reporter_may_not_open(client, colleagues_translation):
    reporter, original, colleagues = colleagues_translation
    client.force_login(reporter)
    response = translate(client, original, "en", follow=True)
    page = response.content.decode()
    assert "already has a translation in that edition" in page
    assert change_url(colleagues) not in page
    assert colleagues.headline not in page  # a colleague's draft: only that it exists


def test_a_reporter_cannot_translate_a_colleagues_draft(client):
    draft = factories.article(language="mk", published=False, created_by=factories.reporter())
    client.force_login(factories.reporter())
    response = translate(client, draft, "en")
    assert response.status_code == 404 and not Article.objects.filter(translation_of=draft).exists()


def test_the_change_form_offers_translate_this_story_into_the_other_editions(client):
    story = factories.article(language="mk")
    client.force_login(factories.editor())
    page = client.get(change_url(story)).content.decode()
    form = page[page.index('class="translate-story"') :]
    form = form[: form.index("</form>")]
    assert '<option value="en">' in form and '<option value="sq">' in form and 'value="mk"' not in form


def test_a_reporter_cannot_link_a_story_to_a_colleagues_draft_by_forging_the_form(client):
    colleagues = factories.article(language="mk", published=False, created_by=factories.reporter())
    reporter = factories.reporter()
    own = factories.article(language="en", published=False, created_by=reporter)
    client.force_login(reporter)
    response = client.post(change_url(own), form_data(own, translation_of=colleagues.pk, _continue="1"))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert colleagues.headline not in response.content.decode()
    assert Article.objects.get(pk=own.pk).translation_of is None


def tools_of(page):
    tools = page[page.index('<ul class="object-tools">') :]
    return tools[: tools.index("</ul>")]


def test_a_translations_form_links_to_its_other_editions_and_offers_only_the_untranslated_one(client):
    original = factories.article(language="mk", headline="Рамштајн")
    english = factories.article(language="en", translation_of=original)
    albanian = factories.article(language="sq", translation_of=original, published=False)
    client.force_login(factories.editor())
    tools = tools_of(client.get(change_url(english)).content.decode())
    assert f'<a href="{change_url(original)}" title="Рамштајн">' in tools
    assert "Macedonian (original)" in tools
    assert f'href="{change_url(albanian)}"' in tools
    assert 'class="translate-story"' not in tools  # every edition has its story: nothing left to translate

    albanian.delete()
    tools = tools_of(client.get(change_url(english)).content.decode())
    select = tools[tools.index("<select") : tools.index("</select>")]
    assert re.findall(r'<option value="(\w+)"', select) == ["sq"]


def test_a_reporter_sees_a_colleagues_translation_named_but_not_linked(client, colleagues_translation):
    reporter, own, colleagues = colleagues_translation
    client.force_login(reporter)
    tools = tools_of(client.get(change_url(own)).content.decode())
    assert "English" in tools and change_url(colleagues) not in tools
    assert colleagues.headline not in tools  # a colleague's draft: only that it exists


def test_a_translation_still_in_the_originals_words_is_not_published_by_any_path(client):
    original = factories.article(language="en", headline="Ramstein: more air defence")
    quote = sourcing.quote(original, text="We will do more.")
    original.body = f"<p>The talks.</p><p>[quote {quote.pk}]</p>"
    original.save()
    editor = factories.editor()
    translation = services.article_translate(article=original, language="sq", by=editor)
    (copied,) = translation.quotes.all()
    assert f"[quote {copied.pk}]" in translation.body  # renumbered to the copy: the body differs by that only

    with pytest.raises(ValidationError) as refused:
        services.article_publish(article=translation, by=editor)
    messages = " ".join(refused.value.messages)
    assert "“Headline” is still word for word the story's in another edition" in messages
    assert "“Body” is still word for word" in messages
    assert "Quote 1 (“We will do more.”) is still in the words it was said in" in messages
    assert Article.objects.get(pk=translation.pk).status == Article.Status.DRAFT
    # Scheduling and submitting for review ask the same (Article.publish_problems).
    problems = translation.publish_problems()
    assert [problem.field or problem.inline for problem in problems] == [
        "headline",
        "standfirst",
        "body",
        "quotes",
    ]

    translation.headline = "Ramstein: më shumë mbrojtje ajrore"
    translation.standfirst = "Ministrat u takuan."
    translation.body = f"<p>Bisedimet.</p><p>[quote {copied.pk}]</p>"
    services.article_save(article=translation, by=editor)
    with pytest.raises(ValidationError) as refused:  # the quote is still in English
        services.article_publish(article=translation, by=editor)
    assert [message[:7] for message in refused.value.messages] == ["Quote 1"]
    copied.text = "Do të bëjmë më shumë."
    copied.save()
    services.article_publish(article=translation, by=editor)
    assert Article.objects.get(pk=translation.pk).status == Article.Status.PUBLISHED


@pytest.mark.parametrize(
    ("admin_language", "words"),
    [("en", "A draft in English is ready"), ("mk", "Нацрт на англиски е подготвен"), ("sq", "anglisht")],
)
def test_the_translate_message_names_the_edition_as_a_sentence_of_its_language_does(
    client, admin_language, words
):
    original = factories.article(language="mk")
    client.force_login(factories.editor())
    response = translate(client, original, "en", headers={"accept-language": admin_language}, follow=True)
    (message,) = [str(message) for message in response.context["messages"]]
    assert words in message


def test_a_translations_address_follows_its_translated_headline_until_it_is_published():
    original = factories.article(language="en", headline="Ramstein: more air defence")
    editor = factories.editor()
    translation = services.article_translate(article=original, language="sq", by=editor)
    assert translation.slug == "ramstein-more-air-defence-2"  # made from the headline it was given

    translation.headline = "Ramstein: më shumë mbrojtje ajrore"
    services.article_save(article=translation, by=editor)
    assert Article.objects.get(pk=translation.pk).slug == "ramstein-me-shume-mbrojtje-ajrore"

    translation.refresh_from_db()
    translation.slug = "ramstein-shqip"  # typed by the editor: kept when the headline changes again
    services.article_save(article=translation, by=editor)
    translation.headline = "Ramstein: mbrojtje ajrore"
    services.article_save(article=translation, by=editor)
    assert Article.objects.get(pk=translation.pk).slug == "ramstein-shqip"

    published = factories.article(language="en", headline="Budget passes")
    published.headline = "Budget passes after a night session"
    services.article_save(article=published, by=editor)
    assert Article.objects.get(pk=published.pk).slug == published.slug  # readers have its address
