"""Video addresses: the privacy-enhanced player for a YouTube or Vimeo link an editor pastes."""

import re
from urllib.parse import parse_qs, urlsplit


def video_embed_url(url):
    """The privacy-enhanced player address for a YouTube or Vimeo link, or None for anything else."""
    parts = urlsplit(url)
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
        return (
            f"https://www.youtube-nocookie.com/embed/{video_id}"
            if re.fullmatch(r"[\w-]{6,20}", video_id)
            else None
        )
    if host in {"vimeo.com", "player.vimeo.com"}:
        match = re.search(r"/(\d{5,12})(?:/|$)", parts.path)
        if match:
            return f"https://player.vimeo.com/video/{match.group(1)}?dnt=1"
    return None
