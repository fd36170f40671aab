"""A story opened from a share or newsletter link (?fbclid=..., ?utm_source=...) is served the one kept page,
while parameters that change the page still make their own, and a redirect keeps the reader's campaign."""

import pytest

from newsroom.pagecache.addresses import without_ignored_parameters
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return factories.article(headline="Bridge reopens after repairs", language="en")


def test_every_share_click_is_served_the_page_kept_for_the_plain_address(
    client, story, django_assert_num_queries
):
    url = story.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        for query in ("?fbclid=IwAR0abc", "?fbclid=IwAR1xyz", "?utm_source=newsletter&utm_medium=email"):
            response = client.get(url + query)
            assert response["X-Page-Cache"] == "hit", query
            assert "Bridge reopens after repairs" in response.content.decode()


def test_the_first_click_keeps_the_page_for_the_plain_address_too(client, story):
    url = story.get_absolute_url()
    assert client.get(url + "?gclid=abc")["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_a_parameter_that_changes_the_page_still_makes_its_own(client, story):
    factories.article(headline="Market moves", language="en")
    bridge = client.get("/search/", {"q": "Bridge"})
    market = client.get("/search/", {"q": "Market", "utm_source": "newsletter"})
    assert bridge["X-Page-Cache"] == market["X-Page-Cache"] == "miss"
    assert "Market moves" in market.content.decode()
    assert "Market moves" not in bridge.content.decode()
    again = client.get("/search/?fbclid=abc&q=Market")
    assert again["X-Page-Cache"] == "hit"
    assert "Market moves" in again.content.decode()


def test_a_kept_page_carries_no_readers_tracking_parameters(client, story):
    first = client.get("/search/", {"q": "Bridge", "utm_source": "facebook", "fbclid": "IwAR0abc"})
    page = first.content.decode()
    # The footer's language links keep the search, not where the first reader came from.
    assert 'href="/mk/search/?q=Bridge"' in page
    assert "utm_source" not in page and "IwAR0abc" not in page
    later = client.get("/search/", {"q": "Bridge"})
    assert later["X-Page-Cache"] == "hit"
    assert later.content == first.content


def test_a_redirect_keeps_each_readers_campaign(client, story):
    old = f"/mk/articles/{story.slug}/"
    own = story.get_absolute_url()
    for campaign in ("spring", "autumn"):
        response = client.get(old, {"utm_campaign": campaign})
        assert response.status_code == 301
        assert response["Location"] == f"{own}?utm_campaign={campaign}"
    assert client.get(old)["Location"] == own
    plain = client.get(old)
    assert plain["X-Page-Cache"] == "hit" and plain["Location"] == own
    assert client.get(old, {"utm_campaign": "winter"})["Location"] == f"{own}?utm_campaign=winter"


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        ("q=caf%C3%A9&UTM_Source=x&page=2", "q=caf%C3%A9&page=2"),
        ("utm%5Fsource=x&fbclid=y", ""),
        ("utmost=1&_gallery=2&_ga=3", "utmost=1&_gallery=2"),
        ("page=2&utm_content", "page=2"),
        ("", ""),
    ],
)
def test_only_the_named_tracking_parameters_are_left_out(query, kept):
    assert without_ignored_parameters(query) == kept
