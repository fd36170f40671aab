"""The image pipeline: only real images get in, and what is served carries no metadata.

An upload is opened with Pillow (the extension and the browser's content type are not trusted), checked
against a size and a pixel limit, re-encoded without EXIF/GPS/XMP metadata (photo metadata can reveal where
a source was), stored under a random name, and rendered in several widths as WebP and in its own format.
"""

import io
import uuid
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageOps

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 megapixels: more than any newsroom camera, far less than a decompression bomb
RENDITION_WIDTHS = (320, 640, 960, 1280, 1920)
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


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
            probe = PILImage.open(io.BytesIO(data))
            if probe.format not in ACCEPTED_FORMATS:
                raise not_an_image
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(
                    _("The image has too many pixels (%(pixels)s); the limit is %(limit)s."),
                    code="too_many_pixels",
                    params={"pixels": f"{probe.width * probe.height:,}", "limit": f"{MAX_PIXELS:,}"},
                )
            probe.verify()
            image = PILImage.open(io.BytesIO(data))
            image.load()
    except ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as error:
        raise ValidationError(_("The image has too many pixels."), code="too_many_pixels") from error
    except Exception as error:  # Pillow raises many kinds of errors on broken or hostile files.
        raise not_an_image from error
    return image


def reencode(image, format_name):
    """Encode `image` afresh: orientation applied, no EXIF, GPS, XMP or ICC text blocks carried over."""
    image = ImageOps.exif_transpose(image)
    if format_name == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    options = {"JPEG": {"quality": 85, "optimize": True, "progressive": True}, "WEBP": {"quality": 80}}
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
    content = reencode(image, format_name)
    width, height = ImageOps.exif_transpose(image).size
    return CleanImage(content, format_name, ACCEPTED_FORMATS[format_name], width, height)


def random_name(folder, extension):
    token = uuid.uuid4().hex
    return f"{folder}/{token[:2]}/{token}.{extension}"


def save_clean_upload(upload, folder="images"):
    """Store the re-encoded upload under a random name; returns (CleanImage, stored name)."""
    clean = clean_upload(upload)
    name = default_storage.save(random_name(folder, clean.extension), ContentFile(clean.content))
    return clean, name


def make_renditions(stored_name, width, format_name):
    """Write the renditions of a stored image; returns [{'width','height','format','name'}, ...]."""
    with default_storage.open(stored_name, "rb") as handle:
        original = PILImage.open(handle)
        original.load()
    base = stored_name.rsplit(".", 1)[0]
    widths = [w for w in RENDITION_WIDTHS if w < width] + [width]
    renditions = []
    for target in widths:
        height = max(1, round(original.height * target / original.width))
        resized = (
            original if target == original.width else original.resize((target, height), PILImage.LANCZOS)
        )
        for rendition_format in dict.fromkeys(("WEBP", format_name)):
            buffer = io.BytesIO()
            source = resized
            if rendition_format == "JPEG" and source.mode not in ("RGB", "L"):
                source = source.convert("RGB")
            source.save(buffer, format=rendition_format, quality=80 if rendition_format == "WEBP" else 85)
            name = f"{base}-{target}.{ACCEPTED_FORMATS[rendition_format]}"
            if default_storage.exists(name):
                default_storage.delete(name)
            default_storage.save(name, ContentFile(buffer.getvalue()))
            renditions.append({"width": target, "height": height, "format": rendition_format, "name": name})
    return renditions
