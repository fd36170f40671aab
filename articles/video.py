"""Video addresses: which YouTube or Vimeo video a link an editor pastes names, and where its privacy-enhanced
player, its page on the service and its thumbnail are.

Readers' pages never embed the player outright (templates/articles/includes/video_player.html): they show a
poster and load the player only when the reader presses Play, so that no request reaches the service before.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit


@dataclass(frozen=True)
class Video:
    service: str  # "YouTube" or "Vimeo", as readers know it
    video_id: str

    @property
    def embed_url(self):
        """The privacy-enhanced player (no tracking cookies until the reader plays the video)."""
        if self.service == "YouTube":
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}"
        return f"https://player.vimeo.com/video/{self.video_id}?dnt=1"

    @property
    def autoplay_url(self):
        """The player, starting at once: it is loaded only because the reader pressed Play."""
        return self.embed_url + ("&" if "?" in self.embed_url else "?") + "autoplay=1"

    @property
    def player_host(self):
        """The host the player is loaded from, as the note under the poster names it."""
        return urlsplit(self.embed_url).hostname.removeprefix("www.")

    @property
    def watch_url(self):
        """The video's own page on the service: the plain link offered beside the player."""
        if self.service == "YouTube":
            return f"https://www.youtube.com/watch?{urlencode({'v': self.video_id})}"
        return f"https://vimeo.com/{self.video_id}"

    @property
    def thumbnail_url(self):
        """Where the still is, for YouTube; Vimeo's is only named by its oEmbed answer (`oembed_url`)."""
        if self.service == "YouTube":
            return f"https://i.ytimg.com/vi/{self.video_id}/hqdefault.jpg"
        return None

    @property
    def oembed_url(self):
        if self.service == "Vimeo":
            return f"https://vimeo.com/api/oembed.json?{urlencode({'url': self.watch_url})}"
        return None


def parse_video(url):
    """The YouTube or Vimeo video a link names, or None for anything else."""
    parts = urlsplit(url or "")
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video_id = None
    if host in {"youtube.com", "youtube-nocookie.com"}:
        if parts.path == "/watch":
            video_id = parse_qs(parts.query).get("v", [None])[0]
        elif parts.path.startswith(("/embed/", "/shorts/", "/live/")):
            video_id = parts.path.split("/")[2]
    elif host == "youtu.be":
        video_id = parts.path.lstrip("/").split("/")[0]
    if video_id:
        return Video("YouTube", video_id) if re.fullmatch(r"[\w-]{6,20}", video_id) else None
    if host in {"vimeo.com", "player.vimeo.com"}:
        match = re.search(r"/(\d{5,12})(?:/|$)", parts.path)
        if match:
            return Video("Vimeo", match.group(1))
    return None


def video_embed_url(url):
    """The privacy-enhanced player address for a YouTube or Vimeo link, or None for anything else."""
    video = parse_video(url)
    return video.embed_url if video else None
