"""The reader site as an anonymous reader meets it: what each page shows, hides, and never does."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.defaultfilters import truncatechars
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleAuthor
from articles.templatetags import reader
from membership.models import ReaderAppeal
from tests import factories
from tests.sourcing import factories as sourcing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # These tests are about what the views render; the page cache in front of them is tested on its own.
    settings.PAGE_CACHE_ENABLED = False


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def hidden_stories(**fields):
    """One story of each kind a reader must not see, keyed by why."""
    now = timezone.now()
    return {
        "draft": factories.article(headline="Hidden draft story", published=False, **fields),
        "scheduled": factories.article(
            headline="Hidden scheduled story",
            status=Article.Status.SCHEDULED,
            published_at=now + timedelta(hours=2),
            **fields,
        ),
        "unpublished": factories.article(
            headline="Hidden unpublished story",
            status=Article.Status.UNPUBLISHED,
            published_at=now - timedelta(days=1),
            **fields,
        ),
        "expired": factories.article(
            headline="Hidden expired story",
            published_at=now - timedelta(days=2),
            unpublish_at=now - timedelta(minutes=1),
            **fields,
        ),
    }


def test_home_shows_lead_story_latest_and_a_block_per_section(client):
    politics = factories.section(name="Politics")
    economy = factories.section(name="Economy")
    older = factories.article(
        headline="Budget vote delayed", section=economy, published_at=timezone.now() - timedelta(days=3)
    )
    newest = factories.article(headline="Parliament dissolved", section=politics)
    page = html(client.get("/"))
    assert page.index("Parliament dissolved") < page.index("Budget vote delayed")
    assert 'class="card card--lead"' in page
    assert newest.get_absolute_url() in page and older.get_absolute_url() in page


def test_home_section_blocks_show_stories_beyond_the_latest_list(client):
    economy = factories.section(name="Economy desk")
    base = timezone.now() - timedelta(days=10)
    for number in range(12):
        factories.article(headline=f"Filler {number}", published_at=base + timedelta(hours=number))
    deep = factories.article(headline="Old economy story", section=economy, published_at=base)
    page = html(client.get("/"))
    assert "Economy desk" in page and deep.get_absolute_url() in page


def test_home_section_blocks_leave_out_the_latest_stories_and_follow_new_sections(client):
    economy = factories.section(name="Economy desk")
    base = timezone.now() - timedelta(days=10)
    stories = [
        factories.article(section=economy, published_at=base + timedelta(hours=number))
        for number in range(16)
    ]
    page = html(client.get("/"))
    for story in stories[2:]:  # the ten latest, then the section's four newest after them: each once
        assert page.count(f'href="{story.get_absolute_url()}"') == 1
    for story in stories[:2]:
        assert story.get_absolute_url() not in page
    culture = factories.section(name="Culture desk")
    review = factories.article(section=culture, published_at=base - timedelta(days=1))
    page = html(client.get("/"))
    assert "Culture desk" in page and page.count(f'href="{review.get_absolute_url()}"') == 1


def test_home_shows_video_of_the_day_behind_a_play_button_named_after_it(client):
    factories.article(
        headline="Floods in Tetovo, seen from above",
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        is_video_of_the_day=True,
    )
    page = html(client.get("/"))
    # The privacy player loads only on Play (static/js/video.js; tests/articles/test_video_poster.py).
    assert "<iframe" not in page
    assert 'data-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?' in page
    assert 'aria-label="Play video: Floods in Tetovo, seen from above"' in page


@pytest.mark.parametrize(
    "page_url",
    [
        lambda section, tag, author: "/",
        lambda section, tag, author: section.get_absolute_url(),
        lambda section, tag, author: tag.get_absolute_url(),
        lambda section, tag, author: author.get_absolute_url(),
        lambda section, tag, author: "/search/?q=Hidden",
    ],
    ids=["home", "section", "tag", "author", "search"],
)
def test_lists_never_show_drafts_scheduled_unpublished_or_expired_stories(client, page_url):
    section, tag, author = factories.section(), factories.tag(), factories.author()
    factories.article(headline="Hidden? No, visible story", section=section, tags=[tag], authors=[author])
    hidden_stories(section=section, tags=[tag], authors=[author])
    page = html(client.get(page_url(section, tag, author)))
    assert "Hidden? No, visible story" in page
    for headline in ["Hidden draft story", "Hidden scheduled story", "Hidden unpublished story"]:
        assert headline not in page
    assert "Hidden expired story" not in page


@pytest.mark.parametrize("kind", ["draft", "scheduled", "unpublished", "expired"])
def test_story_readers_may_not_see_answers_404(client, kind):
    story = hidden_stories()[kind]
    assert client.get(story.get_absolute_url()).status_code == 404


def test_scheduled_story_appears_once_its_time_comes(client, settings):
    story = factories.article(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + timedelta(minutes=30)
    )
    assert client.get(story.get_absolute_url()).status_code == 404
    Article.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    assert client.get(story.get_absolute_url()).status_code == 200


def test_article_page_shows_the_whole_story(client):
    first, second = factories.author(name="Elena Stojanovska"), factories.author(name="Arben Hoxha")
    photo = factories.image(
        alt_text="Protesters outside the court", caption="Outside the court", credit="Ana P."
    )
    energy = factories.tag(name="Energy")
    story = factories.article(
        headline="Court annuls the tender",
        kicker=Article.Kicker.ANALYSIS,
        standfirst="The judges found the deadline was unlawful.",
        body="<p>The ruling is final.</p><script>alert(1)</script>",
        dateline="Skopje",
        lead_image=photo,
        authors=[first, second],
        tags=[energy],
        revised_at=timezone.now() - timedelta(minutes=5),
    )
    factories.correction(story, text="An earlier version named the wrong judge.")
    page = html(client.get(story.get_absolute_url()))
    assert "Analysis" in page and "<h1>Court annuls the tender</h1>" in page
    assert "The judges found the deadline was unlawful." in page
    assert f'<a href="{first.get_absolute_url()}" rel="author">Elena Stojanovska</a>' in page
    assert f'<a href="{second.get_absolute_url()}" rel="author">Arben Hoxha</a>' in page
    assert f'<time datetime="{timezone.localtime(story.published_at).isoformat(timespec="seconds")}">' in page
    assert f'<time datetime="{timezone.localtime(story.revised_at).isoformat(timespec="seconds")}">' in page
    assert "Skopje" in page
    assert '<source type="image/webp" srcset="' in page and photo.webp_srcset in page
    assert photo.original_srcset in page
    assert f'width="{photo.width}" height="{photo.height}"' in page
    assert 'alt="Protesters outside the court"' in page and "Outside the court" in page and "Ana P." in page
    assert "<p>The ruling is final.</p>" in page and "alert(1)" not in page
    assert "An earlier version named the wrong judge." in page and 'href="#corrections"' in page
    assert f'href="{energy.get_absolute_url()}" rel="tag"' in page


@pytest.mark.parametrize(
    ("kicker", "label"), [("analysis", "Analysis"), ("opinion", "Opinion"), ("sponsored", "Sponsored")]
)
def test_a_story_label_that_tells_the_reader_something_is_shown_on_its_page_and_cards(client, kicker, label):
    story = factories.article(kicker=kicker)
    for url in (story.get_absolute_url(), reverse("articles:home"), story.section.get_absolute_url()):
        kickers = re.findall(r'<p class="kicker">(.*?)</p>', client.get(url).content.decode())
        assert any(kicker_html.endswith(label) for kicker_html in kickers), url


def test_an_ordinary_news_story_carries_no_news_label(client):
    story = factories.article(kicker="news")
    for url in (story.get_absolute_url(), reverse("articles:home"), story.section.get_absolute_url()):
        kickers = re.findall(r'<p class="kicker">(.*?)</p>', client.get(url).content.decode())
        assert not any("News" in kicker_html for kicker_html in kickers), url
        assert not any(kicker_html.rstrip().endswith("·") for kicker_html in kickers), url


def test_article_page_lists_related_stories_with_lazy_images(client):
    energy = factories.tag()
    story = factories.article(tags=[energy], lead_image=factories.image())
    related = factories.article(headline="Gas prices rise too", tags=[energy], lead_image=factories.image())
    unrelated = factories.article(headline="Football results")
    page = html(client.get(story.get_absolute_url()))
    assert related.get_absolute_url() in page and unrelated.headline not in page
    images = re.findall(r"<img [^>]*>", page)
    assert 'fetchpriority="high"' in images[0] and 'loading="lazy"' not in images[0]
    assert all('loading="lazy"' in tag and 'width="' in tag and 'height="' in tag for tag in images[1:])


def test_related_stories_are_the_storys_own_editions_in_its_language(client):
    energy = factories.tag()
    english = factories.article(tags=[energy])
    factories.article(headline="Gas prices rise too", tags=[energy])
    factories.article(headline="Цените на гасот растат", tags=[energy], language="mk")
    macedonian = factories.article(tags=[energy], language="mk")
    english_page = html(client.get(english.get_absolute_url()))
    macedonian_page = html(client.get(macedonian.get_absolute_url()))
    assert "Related stories" in english_page and "Gas prices rise too" in english_page
    assert "Цените на гасот растат" not in english_page
    assert "Поврзани вести" in macedonian_page and "Цените на гасот растат" in macedonian_page
    assert "Gas prices rise too" not in macedonian_page


def test_article_page_has_canonical_open_graph_and_twitter_tags(client):
    story = factories.article(
        headline="Lake Ohrid is warming",
        seo_description="Scientists measured it.",
        lead_image=factories.image(),
    )
    page = html(client.get(story.get_absolute_url()))
    url = f"http://testserver{story.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="Lake Ohrid is warming">' in page
    assert '<meta property="og:description" content="Scientists measured it.">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:image" content="http://testserver/media/' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page


def test_descriptions_in_meta_tags_are_cut_to_what_each_reader_shows(client):
    long_standfirst = "Ohrid " + "у" * 400  # Cyrillic, longer than every limit
    story = factories.article(seo_description="", standfirst=long_standfirst)
    page = html(client.get(story.get_absolute_url()))
    for tag, length in (
        ('name="description"', 160),
        ('property="og:description"', 300),
        ('name="twitter:description"', 200),
    ):
        assert f'<meta {tag} content="{long_standfirst[: length - 1]}…">' in page
    short = factories.article(seo_description="Scientists measured it.")
    page = html(client.get(short.get_absolute_url()))
    assert '<meta name="description" content="Scientists measured it.">' in page
    assert '<meta name="twitter:description" content="Scientists measured it.">' in page


@pytest.mark.parametrize(
    "text",
    [
        "",
        "short",
        "x" * 160,
        "x" * 161,
        "cafe\u0301 " * 40,
        "e\u0301" * 159,
        "Охрид " * 50,
        "<b>&amp;</b>" * 30,
    ],
)
@pytest.mark.parametrize("length", [1, 20, 160])
def test_clip_gives_what_truncatechars_gives(text, length):
    assert reader.clip(text, length) == truncatechars(text, length)


def test_canonical_link_follows_the_override_for_stories_first_published_elsewhere(client):
    story = factories.article(canonical_url="https://partner.example.org/original")
    page = html(client.get(story.get_absolute_url()))
    assert '<link rel="canonical" href="https://partner.example.org/original">' in page


def test_old_address_of_a_renamed_story_redirects_permanently(client):
    story = factories.article(slug="first-title")
    story.slug = "second-title"
    story.save()
    response = client.get("/articles/first-title/")
    assert response.status_code == 301 and response["Location"] == "/articles/second-title/"


def test_section_tag_and_author_pages_show_their_stories_only(client):
    section, tag, author = (
        factories.section(name="Society"),
        factories.tag(name="Schools"),
        factories.author(),
    )
    mine = factories.article(headline="Teachers strike", section=section, tags=[tag], authors=[author])
    other = factories.article(headline="Unrelated elsewhere")
    for url in [section.get_absolute_url(), tag.get_absolute_url(), author.get_absolute_url()]:
        page = html(client.get(url))
        assert mine.headline in page and other.headline not in page


def test_author_page_shows_profile_and_links(client):
    author = factories.author(
        name="Marija Petrovska", role="Health reporter", bio="Marija covers hospitals.",
        links="https://example.org/marija\njavascript:alert(1)",
    )  # fmt: skip
    page = html(client.get(author.get_absolute_url()))
    assert (
        "<h1>Marija Petrovska</h1>" in page
        and "Health reporter" in page
        and "Marija covers hospitals." in page
    )
    assert 'href="https://example.org/marija" rel="me noopener"' in page and "javascript:" not in page


def test_list_pages_headings_nest_stories_under_their_lists_heading(client):
    """Screen-reader users move by headings: a list's stories are one level below the heading above them."""
    author, section = factories.author(name="Marija Petrovska"), factories.section(name="Health")
    factories.article(headline="Hospitals wait", authors=[author], section=section)

    def outline(url):
        return re.findall(r"<h([1-6])[^>]*>(?:<a [^>]*>)?([^<]*)", html(client.get(url)))

    author_page = outline(author.get_absolute_url())
    assert author_page[:3] == [
        ("1", "Marija Petrovska"),
        ("2", "Stories by Marija Petrovska"),
        ("3", "Hospitals wait"),
    ]
    section_page = outline(section.get_absolute_url())
    assert section_page[:2] == [("1", "Health"), ("2", "Hospitals wait")]


@pytest.mark.parametrize("name", ["articles:section", "articles:tag", "articles:author"])
def test_unknown_section_tag_or_author_is_404(client, name):
    assert client.get(reverse(name, kwargs={"slug": "no-such-thing"})).status_code == 404


@pytest.mark.parametrize(
    "list_url",
    [
        lambda story: story.section.get_absolute_url(),
        lambda story: story.tags.get().get_absolute_url(),
        lambda story: story.ordered_authors[0].get_absolute_url(),
        lambda story: "/search/?q=Paged",
        lambda story: "/corrections/",
    ],
    ids=["section", "tag", "author", "search", "corrections"],
)
def test_pagination_edges_answer_404_never_500(client, list_url):
    section, tag, author = factories.section(), factories.tag(), factories.author()
    base = timezone.now() - timedelta(days=1)
    stories = [
        factories.article(
            headline=f"Paged story {n}", section=section, tags=[tag], authors=[author],
            published_at=base + timedelta(minutes=n),
        )
        for n in range(25)
    ]  # fmt: skip
    for story in stories:
        factories.correction(story)
    url = list_url(stories[0])
    joiner = "&" if "?" in url else "?"
    assert client.get(url).status_code == 200
    second = client.get(f"{url}{joiner}page=2")
    assert second.status_code == 200 and "Paged story 0" in second.content.decode()
    for page in ["0", "3", "999", "abc", "-1", "1.5"]:
        assert client.get(f"{url}{joiner}page={page}").status_code == 404, page


def test_empty_section_shows_its_first_page(client):
    section = factories.section(name="Culture")
    page = html(client.get(section.get_absolute_url()))
    assert "Culture" in page and "No stories yet." in page


def test_corrections_archive_lists_corrections_to_published_stories_only(client):
    public = factories.article(headline="Public story")
    factories.correction(public, text="We misspelled the mayor's name.")
    draft = factories.article(headline="Draft story", published=False)
    factories.correction(draft, text="Secret draft correction.")
    page = html(client.get(reverse("articles:corrections")))
    assert "We misspelled the mayor&#x27;s name." in page and "Public story" in page
    assert "Secret draft correction." not in page
    assert f"{public.get_absolute_url()}#correction-" in page


@pytest.mark.parametrize(
    "url",
    [
        lambda story: "/",
        lambda story: story.get_absolute_url(),
        lambda story: story.section.get_absolute_url(),
        lambda story: story.tags.get().get_absolute_url(),
        lambda story: story.ordered_authors[0].get_absolute_url(),
        lambda story: "/search/?q=story",
        lambda story: "/corrections/",
    ],
    ids=["home", "article", "section", "tag", "author", "search", "corrections"],
)
def test_public_pages_set_no_cookies_and_carry_no_inline_script_or_style(client, url):
    story = factories.article(tags=[factories.tag()], lead_image=factories.image())
    ReaderAppeal.objects.create(heading="Support us", text="Please.")
    response = client.get(url(story))
    page = html(response)
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in page
    assert " style=" not in page and "<style" not in page
    scripts = re.findall(r"<script[^>]*>", page)
    assert all(tag == '<script type="application/ld+json">' or " src=" in tag for tag in scripts)


def test_language_links_lead_to_this_page_in_the_other_language_without_a_cookie(client):
    page = client.get("/corrections/").content.decode()
    assert 'href="/mk/corrections/" lang="mk"' in page
    assert 'href="/corrections/" lang="en"' in client.get("/mk/corrections/").content.decode()
    # The old switcher address still works, sets no cookie, and stays on this site.
    response = client.get("/language/mk/?next=/corrections/")
    assert response.status_code == 302 and response["Location"] == "/mk/corrections/"
    assert not response.cookies
    assert client.get("/language/mk/?next=https://evil.example/").headers["Location"] == "/mk/"
    assert client.get("/language/xx/").status_code == 404


def test_the_old_language_switch_leads_from_a_story_to_its_translation(client):
    original = factories.article(language="mk", slug="tenderot")
    albanian = factories.article(language="sq", slug="tenderi", translation_of=original)
    factories.article(
        language="en", slug="draft-translation", translation_of=original, status=Article.Status.DRAFT
    )

    def lands_on(language, story_address):
        response = client.get(f"/language/{language}/", {"next": story_address})
        assert response.status_code == 302
        return response["Location"]

    assert lands_on("sq", "/mk/articles/tenderot/") == "/sq/articles/tenderi/"
    assert lands_on("mk", "/sq/articles/tenderi/") == "/mk/articles/tenderot/"
    assert (
        lands_on("en", "/mk/articles/tenderot/") == "/"
    )  # not translated yet (a draft): that edition's front
    assert lands_on("mk", "/mk/articles/tenderot/") == "/mk/articles/tenderot/"
    assert albanian.translation_of == original


# Query budgets: each names the N+1 it guards against.


def count_queries(client, url):
    # The article page's budget, pinned, is in tests/performance/test_query_budgets.py; these only
    # compare a page with more data against itself.
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_article_page_query_count_does_not_grow_with_authors_tags_corrections_or_related(client):
    # Guards against a query per author, tag, correction or related story on the article page.
    tag = factories.tag()
    story = factories.article(tags=[tag], lead_image=factories.image())
    factories.article(tags=[tag], lead_image=factories.image())
    ReaderAppeal.objects.create(heading="Support us", text="Please.")
    few = count_queries(client, story.get_absolute_url())
    for _ in range(3):
        factories.correction(story)
        factories.article(tags=[tag], lead_image=factories.image())
        story.tags.add(factories.tag())
        ArticleAuthor.objects.create(article=story, author=factories.author())
    assert count_queries(client, story.get_absolute_url()) == few


def test_home_query_count_does_not_grow_with_stories_or_sections(client):
    # Guards against a query per section block or per story byline on the home page.
    factories.article(video_url="https://vimeo.com/123456789", is_video_of_the_day=True)
    few = count_queries(client, "/")
    for _ in range(6):
        factories.article(authors=[factories.author(), factories.author()], lead_image=factories.image())
    assert count_queries(client, "/") == few <= 7  # with the site's share image (SiteSettings), read once


@pytest.mark.parametrize("kind", ["section", "author", "tag"])
def test_list_page_query_count_does_not_grow_with_stories(client, kind):
    # Guards against a query per story (section, lead image, authors) in a list.
    section, tag, author = factories.section(), factories.tag(), factories.author()
    url = {"section": section, "author": author, "tag": tag}[kind].get_absolute_url()

    def add():
        factories.article(
            section=section, tags=[tag], authors=[author, factories.author()], lead_image=factories.image()
        )

    add()
    few = count_queries(client, url)
    for _ in range(5):
        add()
    assert count_queries(client, url) == few


def test_section_menu_links_stay_in_the_page_language_whichever_language_was_read_first(client):
    section = factories.section(name="Economy", slug="economy")
    factories.article(section=section)
    factories.article(section=section, language="mk")
    assert 'href="/mk/sections/economy/"' in html(client.get("/mk/"))
    english = html(client.get("/"))
    assert 'href="/sections/economy/"' in english
    assert "/mk/sections/" not in english


def test_section_menu_marks_the_section_being_read(client):
    section = factories.section(name="Economy")
    factories.article(section=section)
    page = html(client.get(section.get_absolute_url()))
    assert f'<a href="{section.get_absolute_url()}" aria-current="page">Economy</a>' in page


def test_section_menu_marks_only_the_section_being_read_whichever_page_came_first(client):
    economy, sport = factories.section(name="Economy"), factories.section(name="Sport")
    factories.article(section=economy)
    factories.article(section=sport)
    html(client.get(economy.get_absolute_url()))  # the header is kept per section marked: read one first
    sport_page = html(client.get(sport.get_absolute_url()))
    assert f'<a href="{sport.get_absolute_url()}" aria-current="page">Sport</a>' in sport_page
    assert f'<a href="{economy.get_absolute_url()}">Economy</a>' in sport_page
    assert 'aria-current="page"' not in html(client.get("/"))


def test_section_menu_shows_a_new_or_renamed_section_at_once(client):
    economy = factories.section(name="Economy")
    story = factories.article(section=economy)
    assert ">Economy</a>" in html(client.get(story.get_absolute_url()))
    factories.article(section=factories.section(name="Culture"))
    economy.name = "Business"
    economy.save()
    page = html(client.get(story.get_absolute_url()))
    assert ">Culture</a>" in page and ">Business</a>" in page
    assert ">Economy</a>" not in page


def test_section_menu_leaves_out_the_sections_this_edition_has_no_stories_in(client):
    politics, world = factories.section(name="Politics"), factories.section(name="World")
    factories.article(language="sq", section=politics)
    factories.article(language="en", section=world)
    factories.article(language="sq", section=world, status=Article.Status.DRAFT)

    politics_page = "/sq" + politics.get_absolute_url()
    for page in ("/sq/", politics_page):
        albanian = html(client.get(page))
        assert ">Politics</a>" in albanian and ">World</a>" not in albanian, (
            page
        )  # it would say "No stories yet"
    english = html(client.get("/"))
    assert ">World</a>" in english and ">Politics</a>" not in english

    factories.article(language="sq", section=world)
    assert ">World</a>" in html(client.get(politics_page))  # at once, with its first story


def test_language_menu_links_to_this_page_in_each_language_and_marks_the_one_read(client):
    html(client.get("/"))  # the footer's other links are kept per language: another page came first
    english = html(client.get("/search/?q=Ohrid"))
    assert '<a href="/mk/search/?q=Ohrid" lang="mk" hreflang="mk">Македонски</a>' in english
    assert '<a href="/search/?q=Ohrid" lang="en" hreflang="en" aria-current="true">' in english
    macedonian = html(client.get("/mk/search/"))
    assert '<a href="/search/" lang="en" hreflang="en">English</a>' in macedonian
    assert 'hreflang="mk" aria-current="true"' in macedonian
    footer = macedonian.split('<footer class="site-footer">')[1]  # its other links, in Macedonian too
    assert '<a href="/mk/corrections/">Исправки</a>' in footer and 'href="/mk/feed/"' in footer


def test_every_footer_links_the_privacy_policy_and_the_contact_address_the_outlet_has_set(client, settings):
    settings.SITE_CONTACT_EMAIL = "desk@news.example.org"
    settings.SITE_PRIVACY_POLICY_URL = "https://news.example.org/privacy/"
    story = factories.article(language="mk")
    for page in (html(client.get("/")), html(client.get(story.get_absolute_url()))):
        footer = page.split('<footer class="site-footer">')[1]
        assert '<a href="https://news.example.org/privacy/">' in footer
        assert '<a href="mailto:desk@news.example.org">desk@news.example.org</a>' in footer
    assert ">Политика за приватност</a>" in page  # the Macedonian story's footer, in Macedonian


def test_a_footer_without_a_policy_or_contact_address_set_shows_neither(client, settings):
    settings.SITE_CONTACT_EMAIL = settings.SITE_PRIVACY_POLICY_URL = ""
    footer = html(client.get("/")).split('<footer class="site-footer">')[1]
    assert "mailto:" not in footer and "Privacy policy" not in footer


def test_the_language_menu_keeps_the_search_words_but_not_this_editions_page_or_letter(client):
    """Page 2 of an English list, or the English names under "D", may not exist in another edition: the
    menu leads to the start of the same list there, which always answers."""
    speaker = sourcing.person(name="Dimitar Kovachevski", slug="dimitar-kovachevski")
    sourcing.quote(factories.article(language="en"), speaker=speaker, text="We will.")
    people = html(client.get("/people/?letter=D"))
    assert '<a href="/mk/people/" lang="mk" hreflang="mk">Македонски</a>' in people
    assert (
        client.get("/mk/people/").status_code == 200 and client.get("/mk/people/?letter=D").status_code == 404
    )
    search = html(client.get("/search/?q=%D0%B1%D0%BE%D0%BB%D0%BD%D0%B8%D1%86%D0%B0&page=1&utm_source=x"))
    assert '<a href="/sq/search/?q=%D0%B1%D0%BE%D0%BB%D0%BD%D0%B8%D1%86%D0%B0" lang="sq"' in search


def test_on_a_story_the_language_menu_leads_to_the_other_editions(client):
    story = factories.article(language="mk")
    page = html(client.get(story.get_absolute_url()))
    # No translation: each other edition's home page, not the story under a prefix that is not its own.
    assert '<a href="/" lang="en" hreflang="en">English</a>' in page
    assert '<a href="/sq/" lang="sq" hreflang="sq">Shqip</a>' in page
    assert f'<a href="/mk/articles/{story.slug}/" lang="mk" hreflang="mk" aria-current="true">' in page


def test_every_page_head_links_the_style_sheet_and_the_feed_of_its_language(client):
    story = factories.article(language="mk")
    for address, feed, title in [
        ("/", "/feed/", "Newsroom · English"),
        (f"/mk/articles/{story.slug}/", "/mk/feed/", "Newsroom · Македонски"),
        ("/mk/", "/mk/feed/", "Newsroom · Македонски"),
    ]:
        head = html(client.get(address)).split("</head>")[0]
        assert re.search(r'<link rel="stylesheet" href="/static/css/site\.[0-9a-f.]*css">', head), address
        assert f'type="application/rss+xml" title="{title}" href="{feed}"' in head, address


def test_machine_readable_times_are_iso_8601_in_the_site_time_zone_to_the_second(client):
    # 09:30 UTC is 10:30 in Skopje in March (UTC+1): what a reader's browser and a search engine both read.
    story = factories.article(published_at=datetime(2025, 3, 14, 9, 30, 15, 123456, tzinfo=UTC))
    page = html(client.get(story.get_absolute_url()))
    assert '<meta property="article:published_time" content="2025-03-14T10:30:15+01:00">' in page
    assert '<time datetime="2025-03-14T10:30:15+01:00">' in page
    assert '<time datetime="2025-03-14T10:30:15+01:00">' in html(client.get("/"))  # the story's card
