"""A real Varnish (Debian's, with varnish-modules' xkey) in front of a live app, run with deploy/varnish/
default.vcl: public pages are kept and served from it, a session passes through, and publishing a change
purges exactly the story's page and the home page, while an unrelated story's page stays cached; a renamed tag,
a corrected caption and a new tier price show at once, and a page it kept as a 404 is there once it exists.

Without varnishd (apt-get install varnish varnish-modules; scripts/e2e-prereqs.sh does in `make test`) the
module is skipped, except in CI, where it must run.
"""

import os
import urllib.error
import urllib.request

import pytest

from tests import factories
from tests.cluster.nodes import Varnish, varnishd

pytestmark = [pytest.mark.cluster, pytest.mark.varnish]


@pytest.fixture
def varnish(live_server, settings, tmp_path):
    if varnishd() is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs varnishd (apt-get install varnish varnish-modules; scripts/e2e-prereqs.sh)")
        pytest.skip("no varnishd: apt-get install varnish varnish-modules")
    settings.ALLOWED_HOSTS = ["*"]  # pages come through Varnish, addressed to its port
    proxy = Varnish([int(live_server.url.rsplit(":", 1)[1])], tmp_path / "varnish", memory="32m").start()
    try:
        settings.PURGE_URLS = [f"varnish://127.0.0.1:{proxy.port}"]
        yield proxy.url
    finally:
        proxy.stop()


def get(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read().decode()


def served_from_cache(headers):
    # Varnish names two transactions in X-Varnish on a hit (this one and the one that stored the page).
    return len(headers["X-Varnish"].split()) == 2


@pytest.fixture
def stories(django_db_serialized_rollback, transactional_db):
    return factories.article(headline="Bridge reopens"), factories.article(headline="Market moves")


def test_a_public_page_is_fetched_once_then_served_from_varnish(varnish, stories):
    story, _other = stories
    first, _ = get(varnish + story.get_absolute_url())
    second, body = get(varnish + story.get_absolute_url())

    assert not served_from_cache(first)
    assert served_from_cache(second)
    assert "Age" in second and "Bridge reopens" in body
    assert "xkey" not in second  # the keys are for the proxy only


def test_a_reader_with_a_session_always_gets_the_app(varnish, stories):
    story, _other = stories
    get(varnish + story.get_absolute_url())

    for _ in range(2):
        headers, _ = get(varnish + story.get_absolute_url(), cookie="sessionid=abc")
        assert not served_from_cache(headers)


def test_publishing_a_change_purges_the_story_and_home_but_not_other_stories(varnish, stories):
    story, other = stories
    for path in (story.get_absolute_url(), "/", other.get_absolute_url()):
        get(varnish + path)
        assert served_from_cache(get(varnish + path)[0]), path

    story.headline = "Bridge reopens after repairs"
    story.save()  # committed at once (a transactional test): the purge goes out on commit

    stale = [
        path
        for path in (story.get_absolute_url(), "/")
        if "Bridge reopens after repairs" not in get(varnish + path)[1]
    ]
    assert stale == []
    assert served_from_cache(get(varnish + other.get_absolute_url())[0])


def test_renaming_a_tag_or_fixing_a_caption_shows_at_once_through_varnish(varnish, stories):
    story, _other = stories
    tag = factories.tag(name="Roads")
    story.tags.add(tag)
    story.lead_image = factories.image(caption="The old bridge.")
    story.save()
    for path in (story.get_absolute_url(), tag.get_absolute_url()):
        get(varnish + path)
        assert served_from_cache(get(varnish + path)[0]), path

    tag.name = "Roads and bridges"
    tag.save()
    story.lead_image.caption = "The bridge, rebuilt."
    story.lead_image.save()

    for path in (story.get_absolute_url(), tag.get_absolute_url()):
        assert "Roads and bridges" in get(varnish + path)[1], path
    assert "The bridge, rebuilt." in get(varnish + story.get_absolute_url())[1]


def test_a_new_tier_price_shows_at_once_in_the_appeal_through_varnish(varnish, stories):
    from decimal import Decimal

    from membership.models import Currency, ReaderAppeal, Tier, TierPrice

    story, _other = stories
    ReaderAppeal.objects.create(heading="Support independent journalism", text="Become a member.")
    supporter = Tier.objects.create(name="Supporter", slug="supporter")
    price = TierPrice.objects.create(
        tier=supporter, currency=Currency.objects.get(code="MKD"), frequency="monthly", amount=Decimal("300")
    )
    get(varnish + story.get_absolute_url())
    headers, page = get(varnish + story.get_absolute_url())
    assert served_from_cache(headers) and "300 MKD every month" in page

    price.amount = Decimal("450")
    price.save()

    page = get(varnish + story.get_absolute_url())[1]
    assert "450 MKD every month" in page and "300 MKD" not in page


def test_a_page_varnish_kept_as_a_404_is_there_once_its_tag_is_added(varnish, stories):
    address = varnish + "/tags/night-trains/"
    for _ in range(2):
        with pytest.raises(urllib.error.HTTPError) as missing:
            get(address)
        assert missing.value.code == 404
    assert served_from_cache(missing.value.headers)  # the proxy keeps the 404 (s-maxage)

    factories.tag(name="Night trains", slug="night-trains")

    _headers, page = get(address)
    assert "Night trains" in page
