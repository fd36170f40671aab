"""AVIF renditions: offered first where this Pillow can write them, and nothing breaks where it cannot."""

import io
import re

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from PIL import Image as PILImage

from articles import images
from articles.body_images import render_body
from articles.models import Image
from tests import factories

pytestmark = pytest.mark.django_db

needs_avif = pytest.mark.skipif(not images.avif_supported(), reason="this Pillow cannot write AVIF")


@pytest.fixture
def no_avif(monkeypatch):
    """A server whose Pillow cannot write AVIF (built without libavif, or older than 11.3)."""
    monkeypatch.setattr(images, "avif_supported", lambda: False)


def sources_of(page):
    """The type of each <source> of the first <picture>, then "img" for its <img>."""
    picture = re.search(r"<picture[^>]*>(.*?)</picture>", page, re.S).group(1)
    return re.findall(r'<source type="([^"]+)"|<(img)\b', picture)


def upload(size=(1000, 500), format_name="JPEG"):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (40, 90, 160)).save(buffer, format=format_name)
    extension = images.ACCEPTED_FORMATS[format_name]
    picture = Image(alt_text="Flooded street in Tetovo")
    picture.set_file(factories.upload(f"photo.{extension}", buffer.getvalue(), f"image/{extension}"))
    picture.save()
    return picture


@needs_avif
def test_an_upload_gets_avif_renditions_in_every_width():
    picture = upload()
    avif = [r for r in picture.renditions if r["format"] == "AVIF"]
    assert [r["width"] for r in avif] == [320, 640, 960, 1000]
    for rendition in avif:
        assert rendition["name"].endswith(f"-{rendition['width']}.avif")
        with default_storage.open(rendition["name"]) as handle, PILImage.open(handle) as stored:
            assert (stored.format, stored.width) == ("AVIF", rendition["width"])


@needs_avif
def test_the_story_page_offers_avif_first_then_webp_then_the_jpeg(client):
    picture = upload()
    story = factories.article(lead_image=picture)
    page = client.get(story.get_absolute_url()).content.decode()
    assert sources_of(page) == [("image/avif", ""), ("image/webp", ""), ("", "img")]
    assert f'<source type="image/avif" srcset="{picture.avif_srcset}"' in page
    assert re.search(r'<img src="[^"]+-640\.jpg"', page)  # browsers without <picture> get the JPEG


@needs_avif
def test_a_webp_upload_is_still_served_as_webp_to_browsers_without_avif(client):
    picture = upload(format_name="WEBP")
    assert picture.original_format == "WEBP" and picture.mime_type == "image/webp"
    story = factories.article(lead_image=picture)
    page = client.get(story.get_absolute_url()).content.decode()
    assert sources_of(page) == [("image/avif", ""), ("image/webp", ""), ("", "img")]
    assert re.search(r'<img src="[^"]+-640\.webp"', page)


def test_without_avif_support_uploads_work_and_pages_offer_webp_and_jpeg(client, no_avif):
    picture = upload()
    assert {r["format"] for r in picture.renditions} == {"WEBP", "JPEG"}
    story = factories.article(lead_image=picture)
    page = client.get(story.get_absolute_url()).content.decode()
    assert page.count("<picture") == 1 and "image/avif" not in page and ".avif" not in page
    assert sources_of(page) == [("image/webp", ""), ("", "img")]


@needs_avif
def test_an_image_stored_before_avif_gets_it_from_the_command_once(client, monkeypatch):
    with monkeypatch.context() as before:
        before.setattr(images, "avif_supported", lambda: False)
        picture = upload()
    story = factories.article(lead_image=picture)
    assert "image/avif" not in client.get(story.get_absolute_url()).content.decode()

    call_command("add_missing_renditions", "--dry-run", stdout=io.StringIO())
    picture.refresh_from_db()
    assert "AVIF" not in {r["format"] for r in picture.renditions}

    out = io.StringIO()
    call_command("add_missing_renditions", stdout=out)
    assert f"Image {picture.pk}" in out.getvalue()
    picture.refresh_from_db()
    assert [r["width"] for r in picture.renditions if r["format"] == "AVIF"] == [320, 640, 960, 1000]
    assert picture.url_for_width(600).endswith("-640.jpg")
    assert sources_of(client.get(story.get_absolute_url()).content.decode())[0] == ("image/avif", "")

    again = io.StringIO()
    call_command("add_missing_renditions", stdout=again)
    assert f"Image {picture.pk}" not in again.getvalue() and "0 images got" in again.getvalue()


def test_the_command_says_plainly_when_this_pillow_cannot_write_avif(no_avif):
    with pytest.raises(CommandError, match="cannot write AVIF"):
        call_command("add_missing_renditions", stdout=io.StringIO())


@needs_avif
def test_a_body_image_pointing_at_an_avif_rendition_is_the_library_image():
    picture = upload()
    avif_url = default_storage.url(next(r["name"] for r in picture.renditions if r["format"] == "AVIF"))
    assert images.library_originals(avif_url, settings.MEDIA_URL) == [
        picture.file.name.rsplit(".", 1)[0] + f".{extension}" for extension in ("jpg", "png", "webp", "gif")
    ]
    body = str(render_body(f'<figure class="image"><img src="{avif_url}" alt=""></figure>'))
    assert 'width="1000" height="500"' in body and 'alt="Flooded street in Tetovo"' in body
