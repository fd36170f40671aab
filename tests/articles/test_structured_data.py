"""JSON-LD on the reader site, parsed back the way a search engine reads it."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles import structured_data
from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def jsonld_blocks(response):
    assert response.status_code == 200
    page = response.content.decode()
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    ]


def article_jsonld(client, story):
    blocks = jsonld_blocks(client.get(story.get_absolute_url()))
    return next(block for block in blocks if "headline" in block)


def test_article_jsonld_has_every_property_google_news_reads(client):
    photo = factories.image(caption="The lake at dawn", credit="Ana P.")
    writer = factories.author(name="Elena Stojanovska", role="Reporter", links="https://example.org/elena")
    story = factories.article(
        headline="Lake Ohrid is warming",
        standfirst="Scientists measured the change.",
        dateline="Ohrid",
        language="mk",
        section=factories.section(name="Society"),
        lead_image=photo,
        authors=[writer],
        tags=[factories.tag(name="Climate")],
        revised_at=timezone.now() - timedelta(minutes=10),
    )
    fixed = factories.correction(story, text="The lake is 288 metres deep, not 300.")
    data = article_jsonld(client, story)
    url = f"http://testserver/mk/articles/{story.slug}/"  # the Macedonian story's own-language address

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["mainEntityOfPage"]["@id"] == url and data["url"] == url
    assert data["headline"] == "Lake Ohrid is warming"
    assert data["description"] == "Scientists measured the change."
    assert parse_datetime(data["datePublished"]) == story.published_at
    assert parse_datetime(data["dateModified"]) == story.revised_at
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Elena Stojanovska",
            "url": f"http://testserver{writer.get_absolute_url()}",
            "jobTitle": "Reporter",
            "sameAs": ["https://example.org/elena"],
        }
    ]
    publisher = data["publisher"]
    assert publisher["@type"] == "NewsMediaOrganization" and publisher["name"] == "Newsroom"
    assert publisher["logo"]["url"].startswith("http://testserver/static/img/logo")
    assert publisher["logo"]["width"] == 600 and publisher["logo"]["height"] == 60
    assert data["articleSection"] == "Society"
    assert data["inLanguage"] == "mk"
    assert data["dateline"] == "Ohrid"
    assert data["keywords"] == ["Climate"]
    (image,) = data["image"]
    assert image["@type"] == "ImageObject" and image["url"].startswith("http://testserver/media/")
    assert image["width"] == photo.width and image["height"] == photo.height  # 800 px: the largest there is
    assert image["caption"] == "The lake at dawn" and image["creditText"] == "Ana P."
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "The lake is 288 metres deep, not 300.",
            "datePublished": fixed.corrected_at.isoformat(),
            "url": f"{url}#correction-{fixed.pk}",
        }
    ]


def test_a_story_with_a_video_describes_it_as_search_engines_list_videos(client):
    youtube = factories.article(headline="How a bill becomes law", video_url="https://youtu.be/dQw4w9WgXcQ")
    vimeo = factories.article(video_url="https://vimeo.com/76979871", lead_image=factories.image())

    video = article_jsonld(client, youtube)["video"]
    assert video["@type"] == "VideoObject" and video["name"] == "How a bill becomes law"
    assert video["embedUrl"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert video["thumbnailUrl"] == "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"
    assert parse_datetime(video["uploadDate"]) == youtube.published_at and video["description"]
    # Vimeo names no still without asking it: the story's own picture stands in.
    assert article_jsonld(client, vimeo)["video"]["thumbnailUrl"].startswith("http://testserver/media/")
    assert "video" not in article_jsonld(client, factories.article())


def test_date_modified_is_the_publication_time_when_never_updated(client):
    story = factories.article()
    data = article_jsonld(client, story)
    assert data["dateModified"] == data["datePublished"]


@pytest.mark.parametrize(
    ("kicker", "schema_type"),
    [
        (Article.Kicker.NEWS, "NewsArticle"),
        (Article.Kicker.INTERVIEW, "NewsArticle"),
        (Article.Kicker.ANALYSIS, "AnalysisNewsArticle"),
        (Article.Kicker.OPINION, "OpinionNewsArticle"),
        (Article.Kicker.EXPLAINER, "BackgroundNewsArticle"),
    ],
)
def test_article_type_follows_the_label(client, kicker, schema_type):
    assert article_jsonld(client, factories.article(kicker=kicker))["@type"] == schema_type


def test_guest_byline_becomes_a_person_without_a_page(client):
    story = factories.article(authors=[], byline_override="Guest Writer")
    assert article_jsonld(client, story)["author"] == [{"@type": "Person", "name": "Guest Writer"}]


def test_a_byline_override_is_the_author_even_with_authors_attached(client):
    # The page says "By Guest Writer and agencies"; the JSON-LD named the staff author behind it.
    story = factories.article(
        authors=[factories.author(name="Elena Stojanovska")], byline_override="Guest X16"
    )
    assert article_jsonld(client, story)["author"] == [{"@type": "Person", "name": "Guest X16"}]
    assert "By Guest X16" in client.get(story.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "hostile",
    [
        "Breaking</script><script>alert('x')</script> & <!-- more",
        "Вонредно</script><script>alert('x')</script> & <!-- уште",  # non-ASCII text, escaped the same
    ],
)
def test_headline_cannot_break_out_of_the_script_element(client, hostile):
    story = factories.article(headline=hostile)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "<!--" not in page
    assert article_jsonld(client, story)["headline"] == hostile


def test_long_headline_is_cut_to_what_search_engines_accept(client):
    story = factories.article(headline="A" * 180)
    assert len(article_jsonld(client, story)["headline"]) == 110


def test_other_apps_can_add_parts_in_one_line(client, monkeypatch):
    monkeypatch.setattr(
        structured_data,
        "ARTICLE_JSONLD_PARTS",
        [lambda article, request: {"citation": [{"@type": "CreativeWork", "name": f"Source {article.pk}"}]}],
    )
    story = factories.article()
    assert article_jsonld(client, story)["citation"] == [
        {"@type": "CreativeWork", "name": f"Source {story.pk}"}
    ]


def test_article_page_has_breadcrumbs_home_section_story(client):
    story = factories.article(headline="Budget passes", section=factories.section(name="Economy"))
    blocks = jsonld_blocks(client.get(story.get_absolute_url()))
    crumbs = next(block for block in blocks if block["@type"] == "BreadcrumbList")
    assert [item["name"] for item in crumbs["itemListElement"]] == ["Newsroom", "Economy", "Budget passes"]
    assert crumbs["itemListElement"][2]["item"] == f"http://testserver{story.get_absolute_url()}"


def test_home_describes_the_site_and_its_search(client):
    (website,) = jsonld_blocks(client.get("/"))
    assert website["@type"] == "WebSite" and website["name"] == "Newsroom"
    action = website["potentialAction"]
    assert action["target"]["urlTemplate"] == "http://testserver/search/?q={search_term_string}"


def test_author_page_is_a_profile_of_a_person(client):
    writer = factories.author(name="Arben Hoxha", bio="Covers energy.")
    (profile,) = jsonld_blocks(client.get(writer.get_absolute_url()))
    assert profile["@type"] == "ProfilePage"
    assert profile["mainEntity"]["@type"] == "Person" and profile["mainEntity"]["name"] == "Arben Hoxha"
    assert profile["mainEntity"]["description"] == "Covers energy."
