"""A video story's poster and player: the still fetched on our side after the save, and pages that load
nothing from YouTube or Vimeo until the reader presses Play.

Only the call that leaves this machine (`articles.video_poster.download`) is replaced; the queue, its worker,
the image pipeline, the storage and the pages are the real ones.
"""

import io
import json
from unittest import mock
from urllib.error import URLError
from urllib.parse import urlsplit

import html5lib
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from PIL import Image as PILImage

from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
YOUTUBE_STILL = "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"
VIMEO = "https://vimeo.com/76979871"
VIMEO_OEMBED = "https://vimeo.com/api/oembed.json?url=https%3A%2F%2Fvimeo.com%2F76979871"
VIMEO_STILL = "https://i.vimeocdn.com/video/452001751-8216e0571c251a09d7a8387550942d89f7f86f6398f8ed886e639b0dd50d3c90-d_640"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def still(size=(480, 360)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (20, 90, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def the_service(answers):
    """Stands in for YouTube and Vimeo: `answers` maps an address to its bytes or to an error to raise."""

    def download(url):
        answer = answers.get(url, URLError("no such address in this test"))
        if isinstance(answer, Exception):
            raise answer
        return answer

    return mock.patch("articles.video_poster.download", side_effect=download)


def run_queue():
    """The queue's worker, once over every task due, as `manage.py db_worker --batch` runs it. (It closes
    "old" connections between tasks as a request would; inside a test's transaction that would close the
    test's own connection, so only that is switched off.)"""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)


def save_and_commit(capture, **fields):
    with capture(execute=True):
        return factories.article(**fields)


def test_saving_a_youtube_story_fetches_its_still_after_the_commit_and_stores_it_with_renditions(
    django_capture_on_commit_callbacks,
):
    with the_service({YOUTUBE_STILL: still()}) as download:
        with django_capture_on_commit_callbacks(execute=True):
            story = factories.article(video_url=YOUTUBE)
            # Nothing is fetched or even queued while the save's transaction is open.
            assert not download.called and not DBTaskResult.objects.exists()
        assert not download.called  # queued, not fetched in the editor's request
        run_queue()

    download.assert_called_once_with(YOUTUBE_STILL)
    story.refresh_from_db()
    poster = story.video_poster
    assert poster is not None and story.video_poster_of == YOUTUBE
    assert default_storage.exists(poster.file.name)
    assert {"WEBP", "JPEG"} <= {r["format"] for r in poster.renditions}  # our own renditions, for srcset
    assert all(default_storage.exists(r["name"]) for r in poster.renditions)
    assert (poster.width, poster.height) == (480, 360) and poster.credit == "YouTube"


def test_a_vimeo_story_takes_its_still_from_the_address_vimeos_oembed_answer_names(
    django_capture_on_commit_callbacks,
):
    oembed = json.dumps({"type": "video", "thumbnail_url": VIMEO_STILL}).encode()
    with the_service({VIMEO_OEMBED: oembed, VIMEO_STILL: still((640, 360))}) as download:
        story = save_and_commit(django_capture_on_commit_callbacks, video_url=VIMEO)
        run_queue()

    assert [call.args[0] for call in download.call_args_list] == [VIMEO_OEMBED, VIMEO_STILL]
    story.refresh_from_db()
    assert story.video_poster.width == 640 and story.video_poster.credit == "Vimeo"


def test_an_oembed_answer_naming_another_host_is_not_followed(django_capture_on_commit_callbacks):
    oembed = json.dumps({"thumbnail_url": "http://169.254.169.254/latest/meta-data/"}).encode()
    with the_service({VIMEO_OEMBED: oembed}) as download:
        story = save_and_commit(django_capture_on_commit_callbacks, video_url=VIMEO)
        run_queue()

    assert [call.args[0] for call in download.call_args_list] == [VIMEO_OEMBED]
    story.refresh_from_db()
    assert story.video_poster is None


@pytest.mark.parametrize(
    "answer",
    [
        URLError("[Errno -3] Temporary failure in name resolution"),
        TimeoutError("timed out"),
        b"<html>404</html>",
    ],
    ids=["offline", "timeout", "not-an-image"],
)
def test_a_failed_fetch_leaves_the_story_saved_and_shown_without_a_poster(
    client, django_capture_on_commit_callbacks, answer
):
    with the_service({YOUTUBE_STILL: answer}):
        story = save_and_commit(
            django_capture_on_commit_callbacks, headline="Floods in Tetovo", video_url=YOUTUBE
        )
        run_queue()

    story.refresh_from_db()
    assert story.video_url == YOUTUBE and story.video_poster is None
    assert DBTaskResult.objects.get().return_value == "no poster"  # the task ended, it did not crash
    page = client.get(story.get_absolute_url())
    assert page.status_code == 200
    assert "Play video" in page.content.decode()


def test_a_new_video_address_drops_the_old_poster_and_fetches_the_new_videos(
    django_capture_on_commit_callbacks,
):
    other = "https://youtu.be/aqz-KE-bpKQ"
    with the_service(
        {YOUTUBE_STILL: still(), "https://i.ytimg.com/vi/aqz-KE-bpKQ/hqdefault.jpg": still((320, 180))}
    ):
        story = save_and_commit(django_capture_on_commit_callbacks, video_url=YOUTUBE)
        run_queue()
        story.refresh_from_db()
        first = story.video_poster
        story.video_url = other
        with django_capture_on_commit_callbacks(execute=True):
            story.save()
        assert Article.objects.get(pk=story.pk).video_poster is None  # the old still showed another video
        run_queue()

    story.refresh_from_db()
    assert story.video_poster != first and story.video_poster.width == 320 and story.video_poster_of == other


def test_a_still_fetched_for_a_video_since_replaced_is_not_used(django_capture_on_commit_callbacks):
    with the_service({YOUTUBE_STILL: still()}):
        story = save_and_commit(django_capture_on_commit_callbacks, video_url=YOUTUBE)
        Article.objects.filter(pk=story.pk).update(
            video_url=VIMEO
        )  # the editor changed it before the fetch ran
        run_queue()

    story.refresh_from_db()
    assert story.video_poster is None


# The pages ------------------------------------------------------------------------------------------------

# Attributes that make a browser fetch something as the page loads (a link's href waits for a click).
LOADING_ATTRIBUTES = {"src", "srcset", "poster", "data", "background"}


def addresses_loaded_with_the_page(markup):
    """Every address the page fetches by itself: src, srcset and the like, and <link>s' hrefs."""
    addresses = []
    for element in html5lib.parse(markup, namespaceHTMLElements=False).iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if name in LOADING_ATTRIBUTES or (element.tag == "link" and name == "href"):
                candidates = value.split(",") if name == "srcset" else [value]
                addresses += [candidate.split()[0] for candidate in candidates if candidate.strip()]
    return addresses


def video_of_the_day(**fields):
    return factories.article(
        headline="Floods in Tetovo, seen from above", video_url=YOUTUBE, is_video_of_the_day=True, **fields
    )


def test_home_and_story_pages_load_no_player_and_nothing_from_youtube_until_play(client):
    story = video_of_the_day()
    for url in ["/", story.get_absolute_url()]:
        page = client.get(url).content.decode()
        assert "<iframe" not in page, url
        foreign = [
            a
            for a in addresses_loaded_with_the_page(page)
            if urlsplit(a).hostname not in {None, "testserver"}
        ]
        assert foreign == [], url
        # The player's address waits in the Play button's script data, with autoplay: it starts on the click.
        assert 'data-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in page, url


def test_the_player_offers_a_play_button_named_after_the_video_and_says_where_it_comes_from(client):
    story = video_of_the_day()
    page = client.get(story.get_absolute_url()).content.decode()
    document = html5lib.parse(page, namespaceHTMLElements=False)
    button = document.find(".//button[@class='video-player__play']")
    assert button.get("type") == "button" and "hidden" in button.attrib  # shown by static/js/video.js
    # Its name says which video it plays, and begins with the words it shows (WCAG 2.5.3, label in name).
    assert button.get("aria-label") == "Play video: Floods in Tetovo, seen from above"
    assert "".join(button.itertext()) == "Play video"
    assert "Video from YouTube. Playing it loads the player from youtube-nocookie.com." in page
    # Without JavaScript: a plain link to the video on YouTube.
    link = document.find(".//p[@class='video-player__note']/a")
    assert (
        link.get("href") == "https://www.youtube.com/watch?v=dQw4w9WgXcQ" and link.text == "Watch on YouTube"
    )
    assert '<script src="/static/js/video.js" defer></script>' in page


def test_the_player_is_translated(client):
    story = video_of_the_day(language="mk")
    page = client.get(story.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="mk").content.decode()
    assert "Play video" not in page and "Video from YouTube" not in page


def test_the_poster_is_the_fetched_still_else_the_lead_image_else_a_plain_block(client):
    story = video_of_the_day()

    def poster_sources():
        page = client.get("/").content.decode()
        screen = html5lib.parse(page, namespaceHTMLElements=False).find(
            ".//div[@class='video-player__screen']"
        )
        return [img.get("src") for img in screen.iter("img")]

    assert poster_sources() == []  # a plain block behind the button
    lead = factories.image(alt_text="The flooded square")
    Article.objects.filter(pk=story.pk).update(lead_image=lead)
    assert poster_sources() == [lead.url_for_width(640)]
    still_image = factories.image(alt_text="")
    Article.objects.filter(pk=story.pk).update(video_poster=still_image, video_poster_of=YOUTUBE)
    (src,) = poster_sources()
    assert src == still_image.url_for_width(640) and src.startswith("/media/")
