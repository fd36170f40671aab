"""The image pipeline: only real images get in, and what is served carries no metadata.

An upload is opened with Pillow (the extension and the browser's content type are not trusted), checked
against a size and a pixel limit, re-encoded without EXIF/GPS/XMP metadata (photo metadata can reveal where
a source was), stored under a random name, and rendered in several widths as AVIF (where this Pillow can write
it: `avif_supported`), WebP and its own format. Pages offer them in that order (templates/includes/picture.html);
a browser takes the first it knows.

The work is done in the request, by a sync worker, so it is bounded (issue 16, finding 12). The pixel limit
(MAX_PIXELS, 25 megapixels) is read from the file's header before anything is decoded. Renditions stop at
the widest a page shows (RENDITION_WIDTHS[-1]); a JPEG is decoded for them at the smallest of 1/2, 1/4 or
1/8 of its size that still covers the widest (`draft`), and an image four or more times as wide is reduced
by a whole factor before Lanczos resampling (`reducing_gap`). The stored original, which readers are not
served, is encoded for speed (JPEG without the progressive/optimize passes, PNG at zlib level 1).

AVIF is encoded at libavif's speed 9 (of 0-10) and quality 60. On a 2000 x 1325 photo (a real one enlarged,
with grain added) its five renditions take 0.6 s of CPU where libavif's default speed 6 took 5.2 s, for 14%
more bytes; they are a quarter smaller than the WebP ones (quality 80) at a similar PSNR, and half the size
of the JPEG ones. The whole upload of that photo went from 0.9 s to 1.5 s of CPU; the figures below are from
before AVIF, and any image 1920 pixels wide or more adds about the same 0.6 s.

CPU time of a whole upload (check, re-encode, store, renditions) on the development machine, before ->
after: a 40-megapixel PNG 30 s -> refused in 0.01 s; the largest accepted, a 25-megapixel PNG of photo-like
content 13.0 s -> 4.2 s and a 25-megapixel JPEG 5.6 s -> 1.2 s; a 12-megapixel phone photo 3.1 s -> 1.0 s.
"""

import io
import re
import uuid
import warnings
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageOps

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
# 25 megapixels: a 24-megapixel camera's photo (6000 x 4000, or Nikon's 6048 x 4032) and a phone's (12 MP, or
# 24 MP on recent iPhones) get in; a 33-61 MP full-resolution file from a high-end camera is refused with a
# message naming both sizes, and the editor exports it smaller: no page shows more than 1920 pixels across.
MAX_PIXELS = 25_000_000
LIMIT_EXAMPLE = "6000 × 4000"
RENDITION_WIDTHS = (320, 640, 960, 1280, 1920)
# PNG renditions at zlib level 3: about half the time of the default level for ~10% more bytes, and readers'
# browsers take the WebP ones (the PNG ones serve og:image and feeds).
# AVIF at speed 9: encoding time matters, the editor waits for it on upload (figures in the docstring).
RENDITION_OPTIONS = {
    "AVIF": {"quality": 60, "speed": 9},
    "WEBP": {"quality": 80},
    "JPEG": {"quality": 85},
    "PNG": {"compress_level": 3},
}
# The formats made beside the image's own, offered to browsers as <source> elements, best first.
SOURCE_FORMATS = ("AVIF", "WEBP")
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
EXTENSIONS = {**ACCEPTED_FORMATS, "AVIF": "avif"}


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    format: str
    extension: str
    width: int
    height: int


def open_checked(upload):
    """Open `upload` with Pillow and refuse anything that is not a reasonable raster image."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is larger than %(limit)d MB."),
            code="too_large",
            params={"limit": MAX_UPLOAD_BYTES >> 20},
        )
    upload.seek(0)
    data = upload.read()
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is larger than %(limit)d MB."),
            code="too_large",
            params={"limit": MAX_UPLOAD_BYTES >> 20},
        )
    not_an_image = ValidationError(
        _("This file is not an image we accept. Upload a JPEG, PNG, WebP or GIF photo."), code="not_an_image"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            probe = PILImage.open(io.BytesIO(data))  # reads the header only
            if probe.format not in ACCEPTED_FORMATS:
                raise not_an_image
            if probe.width * probe.height > MAX_PIXELS:
                raise too_many_pixels(probe.width, probe.height)
            probe.verify()
            image = PILImage.open(io.BytesIO(data))
            image.load()
    except ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as error:
        # Pillow's own limit (about 89 megapixels) stopped it in the header, before ours could name its size.
        raise too_many_pixels() from error
    except Exception as error:  # Pillow raises many kinds of errors on broken or hostile files.
        raise not_an_image from error
    return image


def too_many_pixels(width=None, height=None):
    limit = {"limit": MAX_PIXELS // 1_000_000, "example": LIMIT_EXAMPLE}
    if width is None:
        return ValidationError(
            _(
                "The image has too many pixels: the limit is %(limit)d megapixels (%(example)s pixels, for "
                "example). Save a smaller copy and upload that."
            ),
            code="too_many_pixels",
            params=limit,
        )
    return ValidationError(
        _(
            "The image has too many pixels: it is %(width)d × %(height)d pixels (%(megapixels)s megapixels), "
            "and the limit is %(limit)d megapixels (%(example)s pixels, for example). Save a smaller copy and "
            "upload that."
        ),
        code="too_many_pixels",
        params={"width": width, "height": height, "megapixels": f"{width * height / 1_000_000:.1f}", **limit},
    )


def reencode(image, format_name):
    """Encode `image` (orientation already applied) afresh: no EXIF, GPS, XMP or ICC text blocks carried over.

    This is the stored original, which readers are not served (they get renditions): it is encoded for speed,
    a JPEG about five times faster than progressive and optimized, a PNG 2.5 times faster than at zlib's
    default level, for 10-40% more bytes."""
    if format_name == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    options = {"JPEG": {"quality": 85}, "PNG": {"compress_level": 1}, "WEBP": {"quality": 80}}
    # Pillow carries some of .info (ICC profile, PNG text chunks) into what it saves: drop it all.
    image.info = {}
    if hasattr(image, "_exif"):
        image._exif = None
    image.save(buffer, format=format_name, **options.get(format_name, {}))
    return buffer.getvalue()


def clean_upload(upload):
    """Check and re-encode an uploaded file; raises ValidationError with a message for the editor."""
    image = open_checked(upload)
    format_name = image.format
    if format_name == "GIF":  # animated GIFs are flattened to their first frame, as a PNG
        format_name = "PNG"
    ImageOps.exif_transpose(image, in_place=True)  # in place: no copy of every pixel
    content = reencode(image, format_name)
    return CleanImage(content, format_name, ACCEPTED_FORMATS[format_name], image.width, image.height)


def random_name(folder, extension):
    token = uuid.uuid4().hex
    return f"{folder}/{token[:2]}/{token}.{extension}"


# What random_name and make_renditions write under "images/": the original, "<token>.<ext>", and each rendition,
# "<token>-<width>.<ext>".
LIBRARY_FILE_RE = re.compile(
    r"images/([0-9a-f]{2})/([0-9a-f]{32})(?:-[0-9]{1,5})?\.(?:" + "|".join(EXTENSIONS.values()) + ")"
)


def library_originals(url, media_url):
    """The names the library's original may have when `url` (a body image's src) is one of our stored images
    or its renditions, e.g. "/media/images/3f/3f...-1280.jpg" -> ["images/3f/3f....jpg", "...png", ...];
    [] for any other address: another site's, a data: URL, or a file of ours the library did not store."""
    if not url.startswith(media_url):
        return []
    match = LIBRARY_FILE_RE.fullmatch(url[len(media_url) :])
    if match is None or match[2][:2] != match[1]:
        return []
    return [
        f"images/{match[1]}/{match[2]}.{extension}" for extension in dict.fromkeys(ACCEPTED_FORMATS.values())
    ]


def save_clean_upload(upload, folder="images"):
    """Store the re-encoded upload under a random name; returns (CleanImage, stored name)."""
    clean = clean_upload(upload)
    name = default_storage.save(random_name(folder, clean.extension), ContentFile(clean.content))
    return clean, name


@cache
def avif_supported():
    """Whether this Pillow can write AVIF: Pillow 11.3 or later built with libavif and an AV1 encoder. Tried
    once on a tiny image, as a build may read AVIF and not write it; where it cannot, images get WebP and
    their own format only, and pages offer those."""
    try:
        PILImage.new("RGB", (16, 16)).save(io.BytesIO(), format="AVIF", **RENDITION_OPTIONS["AVIF"])
    except (KeyError, ValueError, OSError):  # no AVIF plugin; no encoder in libavif
        return False
    return True


def rendition_formats(format_name):
    """The formats an image in `format_name` is rendered in: the browsers' (AVIF where we can) and its own."""
    wanted = [f for f in SOURCE_FORMATS if f != "AVIF" or avif_supported()] + [format_name]
    return list(dict.fromkeys(wanted))


def rendition_widths(width):
    """The widths made of an image `width` pixels wide: each of RENDITION_WIDTHS narrower than it, and its own
    width unless that is wider than the widest, which no page shows (it would cost work and readers' bytes)."""
    return [w for w in RENDITION_WIDTHS if w < width] + ([width] if width <= RENDITION_WIDTHS[-1] else [])


def make_renditions(stored_name, width, format_name, formats=None):
    """Write the renditions of a stored image in `formats` (default: all of `rendition_formats`); returns
    [{'width','height','format','name'}, ...]."""
    formats = rendition_formats(format_name) if formats is None else formats
    widths = rendition_widths(width)
    with default_storage.open(stored_name, "rb") as handle:
        original = PILImage.open(handle)
        full_width, full_height = original.size
        widest = (widths[-1], max(1, round(full_height * widths[-1] / full_width)))
        original.draft(None, widest)  # a JPEG decodes at 1/2, 1/4 or 1/8 scale if that still covers it
        original.load()
    # The widest rendition from the original, reduced by whole factors first; the others from it.
    largest = (
        original if original.size == widest else original.resize(widest, PILImage.LANCZOS, reducing_gap=2.0)
    )
    base = stored_name.rsplit(".", 1)[0]
    renditions = []
    for target in widths:
        height = max(1, round(full_height * target / full_width))
        resized = largest if target == widths[-1] else largest.resize((target, height), PILImage.LANCZOS)
        for rendition_format in formats:
            buffer = io.BytesIO()
            source = resized
            if rendition_format == "JPEG" and source.mode not in ("RGB", "L"):
                source = source.convert("RGB")
            source.save(buffer, format=rendition_format, **RENDITION_OPTIONS[rendition_format])
            name = f"{base}-{target}.{EXTENSIONS[rendition_format]}"
            if default_storage.exists(name):
                default_storage.delete(name)
            default_storage.save(name, ContentFile(buffer.getvalue()))
            renditions.append({"width": target, "height": height, "format": rendition_format, "name": name})
    return renditions
