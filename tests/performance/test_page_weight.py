"""An article page stays light on a phone: its HTML, CSS and JavaScript together under 60 KB uncompressed,
nothing render-blocking from another site, and pictures that hold their place and load only when needed."""

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from membership.models import Currency, ReaderAppeal, Tier, TierPrice
from tests import factories
from tests.sourcing import factories as sourcing_factories

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 60 * 1024


class Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stylesheets, self.scripts, self.images = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.stylesheets.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        elif tag == "img":
            self.images.append(attrs)


@pytest.fixture
def heavy_story():
    """A long story with a lead picture, twenty tags, corrections, quotes and four related stories, ending
    with the reader appeal and its membership form (with a tier of three prices), as on a real site."""
    ReaderAppeal.objects.create(
        heading="Independent journalism needs you",
        text="Our content is free because our readers fund it.\n\nBecome a member, so that it stays free.",
    )
    tier = Tier.objects.create(name="Supporter", slug="supporter", benefits="Our thanks\nA monthly letter")
    for currency, frequency, amount in (
        ("MKD", "monthly", 300),
        ("MKD", "yearly", 3000),
        ("EUR", "monthly", 5),
    ):
        TierPrice.objects.create(
            tier=tier,
            currency=Currency.objects.get(code=currency),
            frequency=frequency,
            amount=Decimal(amount),
        )
    tags = [factories.tag() for _ in range(20)]
    section = factories.section()
    for _ in range(4):
        factories.article(section=section, tags=tags[:3], lead_image=factories.image())
    body = "".join(f"<p>{'A sentence of reporting that goes on. ' * 12}</p>" for _ in range(25))
    story = factories.article(
        section=section,
        tags=tags,
        lead_image=factories.image(),
        body=body,
        authors=[factories.author() for _ in range(3)],
    )
    for n in range(3):
        factories.correction(story, text=f"Correction number {n}.")
        sourcing_factories.quote(story)
    return story


def static_file_size(url):
    path = re.sub(r"^" + re.escape(static("")), "", url.split("?")[0])
    found = finders.find(path)
    assert found, f"{url} is not one of our static files"
    with open(found, "rb") as handle:
        return len(handle.read())


def test_article_page_with_its_css_and_js_weighs_under_60_kb(client, heavy_story):
    response = client.get(heavy_story.get_absolute_url())
    page = Resources()
    page.feed(response.content.decode())
    assert page.stylesheets, "the page should link its stylesheet"
    assert 'class="appeal"' in response.content.decode() and "Supporter" in response.content.decode()
    total = len(response.content) + sum(static_file_size(url) for url in page.stylesheets + page.scripts)
    assert total < BUDGET_BYTES, f"{total} bytes"


def test_article_page_loads_nothing_render_blocking_from_another_site(client, heavy_story):
    page = Resources()
    page.feed(client.get(heavy_story.get_absolute_url()).content.decode())
    for url in page.stylesheets + page.scripts + [image["src"] for image in page.images]:
        assert url.startswith("/") and not url.startswith("//"), url


def test_pictures_hold_their_place_and_below_the_fold_ones_load_lazily(client, heavy_story):
    page = Resources()
    page.feed(client.get(heavy_story.get_absolute_url()).content.decode())
    assert len(page.images) >= 5  # the lead picture and the four related stories
    for image in page.images:
        assert image.get("width") and image.get("height"), image
    lead, *below_the_fold = page.images
    assert lead.get("loading") != "lazy"  # the reader sees it first: no delay
    for image in below_the_fold:
        assert image.get("loading") == "lazy", image


def test_pictures_offer_responsive_renditions(client, heavy_story):
    html = client.get(heavy_story.get_absolute_url()).content.decode()
    assert re.search(r'<source[^>]+type="image/webp"[^>]+srcset="[^"]+ \d+w', html) or re.search(
        r'srcset="[^"]+ \d+w', html
    )
