"""A reader's video pages ask YouTube and Vimeo for nothing until the reader presses Play (issue 21, item 1).

Chromium records every request a tab makes, from the page and from any frame in it. Before the click all of
them go to the live server (the poster is our own stored copy of the video's still); after it, the player
is loaded from the privacy-enhanced address. The sandbox has no internet: requests to any other host are
answered here with a stub page, so the test sees that the request was made without depending on the network.
"""

import io
import re
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from PIL import Image as PILImage
from playwright.sync_api import expect

from articles.models import Article
from tests import factories
from tests.e2e.conftest import ARTIFACTS, PHONE, axe_violations, html_errors, image_loaded

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HEADLINE = "Floods in Tetovo, seen from above"
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
VIMEO = "https://vimeo.com/76979871"
STUB_PLAYER = (
    "<!DOCTYPE html><html lang=en><title>Player</title><p>A stand-in for the video player.</p></html>"
)


def the_video_of_the_day_with_its_still():
    """A video story whose still was fetched (the download from YouTube replaced) and stored by the queue."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (480, 360), (30, 110, 170)).save(buffer, "JPEG")
    story = factories.article(headline=HEADLINE, video_url=YOUTUBE, is_video_of_the_day=True)
    with mock.patch("articles.video_poster.download", return_value=buffer.getvalue()):
        call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)
    story.refresh_from_db()
    assert story.video_poster is not None, "the queue stored no poster"
    return story


class Recorder:
    """Every request the tab's context makes (the page's and its frames'), with the third parties stubbed."""

    def __init__(self, page, own_host):
        self.urls = []
        self.own_host = own_host
        page.context.on("request", lambda request: self.urls.append(request.url))
        page.context.route(re.compile(r"^https?://"), self._answer)

    def _answer(self, route):
        if urlsplit(route.request.url).hostname == self.own_host:
            route.continue_()
        else:
            route.fulfill(status=200, content_type="text/html", body=STUB_PLAYER)

    def third_party(self):
        return [url for url in self.urls if urlsplit(url).hostname not in {self.own_host, None}]


def save_screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / name, full_page=True)


def watch_and_play(browsing, live_server, path, *, name, player_host):
    page = browsing.new_page(viewport=PHONE)
    recorder = Recorder(page, urlsplit(live_server.url).hostname)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    player = page.locator(".video-player")
    player.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")  # a lazy poster is fetched once scrolled to

    assert recorder.urls, "no request was recorded"
    assert recorder.third_party() == [], f"{path} asked a third party before Play"
    expect(player.get_by_text(f"Playing it loads the player from {player_host}")).to_be_visible()
    save_screenshot(page, f"video-{name}-poster-390.png")

    button = page.get_by_role("button", name=f"Play video: {HEADLINE}")
    button.focus()
    page.keyboard.press("Enter")  # a keyboard reader presses Play

    frame = player.locator("iframe")
    expect(frame).to_have_attribute(
        "src", re.compile(rf"^https://(www\.)?{re.escape(player_host)}/.*autoplay=1")
    )
    expect(frame).to_have_attribute("title", HEADLINE)
    expect(frame).to_be_focused()  # the pressed button is gone: focus goes on into the player
    expect(button).to_have_count(0)
    for _ in range(50):  # the frame's request goes out as the iframe is added; wait up to 5 s for it
        if recorder.third_party():
            break
        page.wait_for_timeout(100)
    hosts = {urlsplit(url).hostname.removeprefix("www.") for url in recorder.third_party()}
    assert hosts == {player_host}, f"after Play: {recorder.third_party()}"
    save_screenshot(page, f"video-{name}-playing-390.png")
    assert browsing.public_page_errors() == []  # no refusal by the Content-Security-Policy, no script error
    return page


def test_the_video_of_the_day_loads_nothing_from_youtube_until_play(browsing, live_server):
    the_video_of_the_day_with_its_still()
    watch_and_play(browsing, live_server, "/", name="home", player_host="youtube-nocookie.com")


def test_a_video_story_shows_its_stored_still_and_loads_the_player_only_on_play(browsing, live_server):
    story = the_video_of_the_day_with_its_still()
    page = browsing.new_page(viewport=PHONE)
    page.goto(story.get_absolute_url())
    poster = page.locator(".video-player__poster img")
    poster.scroll_into_view_if_needed()
    assert image_loaded(poster), "the poster did not load"
    assert poster.evaluate("image => image.currentSrc").startswith(f"{browsing.base_url}/media/")

    watch_and_play(
        browsing, live_server, story.get_absolute_url(), name="story", player_host="youtube-nocookie.com"
    )


def test_a_vimeo_story_without_a_still_shows_a_plain_block_and_loads_vimeos_player_only_on_play(
    browsing, live_server
):
    story = factories.article(headline=HEADLINE, video_url=VIMEO)  # the fetch never ran: no poster
    watch_and_play(
        browsing, live_server, story.get_absolute_url(), name="vimeo", player_host="player.vimeo.com"
    )


def test_the_story_with_its_poster_has_no_wcag_21_aa_violations(browsing):
    story = the_video_of_the_day_with_its_still()
    page = browsing.new_page(viewport=PHONE, bypass_csp=True)  # axe is injected as a script
    page.goto(story.get_absolute_url())

    violations = axe_violations(page)

    assert not violations, "\n".join(violations)


def test_the_home_and_story_pages_with_a_video_are_valid_html(client, tmp_path):
    story = the_video_of_the_day_with_its_still()
    vimeo = factories.article(headline="Without a still", video_url=VIMEO)
    documents = {
        url: client.get(url).content.decode()
        for url in ["/", story.get_absolute_url(), vimeo.get_absolute_url()]
    }
    assert all("video-player__play" in document for document in documents.values())

    documents["canary"] = (
        "<!DOCTYPE html><html lang=en><title>x</title><p><div></p>"  # proves the checker reports
    )

    errors = html_errors(documents, tmp_path / "html")

    assert errors.pop("canary", None), "the Nu Html Checker found nothing wrong with an invalid page"
    assert errors == {}


def test_without_javascript_the_reader_gets_a_plain_link_to_the_video(browser, live_server):
    story = factories.article(headline=HEADLINE, video_url=YOUTUBE)
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(story.get_absolute_url())
        expect(page.get_by_role("button", name=re.compile("Play video"))).to_be_hidden()
        link = page.get_by_role("link", name="Watch on YouTube")
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
        assert page.locator("iframe").count() == 0
    finally:
        context.close()


def test_the_page_cache_serves_the_poster_once_the_still_arrives(browsing):
    story = factories.article(headline=HEADLINE, video_url=YOUTUBE)
    page = browsing.new_page(viewport=PHONE)
    page.goto(story.get_absolute_url())
    expect(page.locator(".video-player__poster")).to_have_count(0)

    buffer = io.BytesIO()
    PILImage.new("RGB", (480, 360), (30, 110, 170)).save(buffer, "JPEG")
    with mock.patch("articles.video_poster.download", return_value=buffer.getvalue()):
        call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)
    assert Article.objects.get(pk=story.pk).video_poster_id is not None

    page.reload()
    expect(page.locator(".video-player__poster img")).to_have_count(1)
