"""Video posters: the still a video story shows until the reader presses Play, fetched on our side.

The reader's browser must ask YouTube or Vimeo for nothing before the reader asks for the video
(templates/articles/includes/video_player.html), so the video's thumbnail is fetched by the site, once, and
stored as one of our images, with its renditions (`Article.video_poster`). A save that sets or changes the
video address queues the fetch (articles.tasks.fetch_video_poster) after its transaction commits: a slow or
unreachable service never holds up or breaks the save. Each request has a short timeout and a size cap, and
whatever goes wrong (no network, a removed video, something that is not an image) leaves the story without a
poster: its page then shows the lead image, or a plain block, behind the Play button. The next save of the
story tries again.
"""

import http.client
import json
import logging
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from articles import images
from articles.models import Article, Image
from articles.video import parse_video

logger = logging.getLogger(__name__)

FETCH_TIMEOUT = 5  # seconds for each request: offline (`make run` without a network) it fails at once
MAX_BYTES = 2 * 1024 * 1024  # a thumbnail is 20-100 KB; anything far larger is not one
VIMEO_IMAGE_HOST = ".vimeocdn.com"  # where Vimeo's oEmbed answer may send us for the still, and nowhere else


class PosterUnavailable(Exception):
    """The service gave no usable still for this video."""


def download(url):
    """The bytes at `url` (an https address of YouTube or Vimeo): the one call that leaves this machine."""
    request = urllib.request.Request(url, headers={"User-Agent": f"{settings.SITE_NAME} (video poster)"})
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310 (https only)
        data = response.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise PosterUnavailable(f"more than {MAX_BYTES} bytes")
    return data


def thumbnail_address(video):
    """Where the video's still is: YouTube's is at a known address; Vimeo names its own in an oEmbed answer."""
    if video.thumbnail_url:
        return video.thumbnail_url
    answer = json.loads(download(video.oembed_url))
    address = answer.get("thumbnail_url") if isinstance(answer, dict) else None
    parts = urlsplit(address if isinstance(address, str) else "")
    if parts.scheme != "https" or not (parts.hostname or "").endswith(VIMEO_IMAGE_HOST):
        raise PosterUnavailable(f"no thumbnail of Vimeo's in its answer: {address!r}"[:200])
    return address


def fetch_poster(article_id, video_url):
    """Fetch the still of `video_url` and make it the poster of story `article_id`, if the story still shows
    that video. Returns what happened, in a word, for the queue's record; never raises for a failed fetch."""
    video = parse_video(video_url)
    if video is None or not Article.objects.filter(pk=article_id, video_url=video_url).exists():
        return "video changed"
    try:
        clean = images.clean_upload(ContentFile(download(thumbnail_address(video)), name="poster"))
    except (OSError, ValueError, http.client.HTTPException, PosterUnavailable, ValidationError) as error:
        logger.warning(
            "No poster for story %s (%s): %s: %s", article_id, video_url, type(error).__name__, error
        )
        return "no poster"
    with transaction.atomic():
        story = Article.objects.select_for_update().filter(pk=article_id, video_url=video_url).first()
        if story is None:  # changed while we fetched: the save that changed it queued its own fetch
            return "video changed"
        # No alt text: the poster is decoration beside the Play button, which names the video.
        poster = Image(credit=video.service)
        poster.store(clean)
        poster.save()  # a saved image is page content: cached pages are renewed (newsroom.pagecache)
        # update(), not save(): the poster is no edit of the story (no revision, no "last saved").
        Article.objects.filter(pk=article_id).update(video_poster=poster, video_poster_of=video_url)
    return "stored"
