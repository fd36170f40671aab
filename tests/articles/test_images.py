"""The image pipeline: renditions for srcset, metadata stripped, only real images accepted."""

import io
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image as PILImage

from articles.images import MAX_PIXELS, RENDITION_WIDTHS, avif_supported
from articles.models import Image
from tests import factories

pytestmark = pytest.mark.django_db


def gps_exif():
    exif = PILImage.Exif()
    exif[0x010F] = "Canon"
    exif[0x8825] = {1: "N", 2: (41.0, 59.0, 46.0), 3: "E", 4: (21.0, 25.0, 52.0)}
    return exif


def test_renditions_in_webp_and_the_original_format_up_to_the_original_width():
    picture = Image(alt_text="Protest in Skopje")
    picture.set_file(factories.upload(content=factories.jpeg_bytes(size=(1000, 500))))
    picture.save()
    widths = sorted({r["width"] for r in picture.renditions})
    assert widths == [w for w in RENDITION_WIDTHS if w < 1000] + [1000]
    assert {r["format"] for r in picture.renditions} == {"WEBP", "JPEG"} | (
        {"AVIF"} if avif_supported() else set()
    )
    for rendition in picture.renditions:
        with default_storage.open(rendition["name"]) as handle, PILImage.open(handle) as stored:
            assert stored.format == rendition["format"]
            assert stored.width == rendition["width"]
    assert picture.webp_srcset.count("w,") == len(widths) - 1
    assert picture.url_for_width(600).endswith("-640.jpg")


def test_exif_and_gps_are_stripped_from_the_stored_file_and_every_rendition():
    picture = Image(alt_text="Source's office")
    picture.set_file(factories.upload(content=factories.jpeg_bytes(exif=gps_exif())))
    picture.save()
    for name in [picture.file.name] + [r["name"] for r in picture.renditions]:
        with default_storage.open(name) as handle, PILImage.open(handle) as stored:
            assert dict(stored.getexif()) == {}, name
            assert "exif" not in stored.info


def test_photo_taken_sideways_is_stored_upright_without_its_orientation_tag():
    exif = PILImage.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to view
    picture = Image(alt_text="Portrait")
    picture.set_file(factories.upload(content=factories.jpeg_bytes(size=(400, 200), exif=exif)))
    assert (picture.width, picture.height) == (200, 400)
    with default_storage.open(picture.file.name) as handle, PILImage.open(handle) as stored:
        assert stored.size == (200, 400)
        assert 0x0112 not in stored.getexif()


def test_stored_file_gets_a_random_name_not_the_uploaders():
    picture = Image(alt_text="x")
    picture.set_file(factories.upload(name="interview-with-whistleblower-ivana.jpg"))
    picture.save()
    assert "ivana" not in picture.file.name
    assert picture.file.name.startswith("images/")


def test_svg_renamed_to_jpg_is_refused_with_a_message():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
    with pytest.raises(ValidationError) as error:
        Image(alt_text="x").set_file(factories.upload(name="photo.jpg", content=svg))
    assert "not an image we accept" in error.value.messages[0]


def test_html_renamed_to_jpg_is_refused():
    with pytest.raises(ValidationError):
        Image(alt_text="x").set_file(
            factories.upload(name="photo.jpg", content=b"<html><script>x</script></html>")
        )


def test_decompression_bomb_is_refused():
    # A small PNG file that claims a huge canvas.
    buffer = io.BytesIO()
    PILImage.new("1", (10_000, 5_000)).save(buffer, format="PNG", optimize=True)
    assert MAX_PIXELS < 10_000 * 5_000
    with pytest.raises(ValidationError) as error:
        Image(alt_text="x").set_file(factories.upload(name="bomb.png", content=buffer.getvalue()))
    assert "pixels" in error.value.messages[0]


def test_renditions_stop_at_the_widest_a_page_shows():
    # Issue 16, finding 12: a rendition as wide as a 4000-pixel photo cost a worker seconds and no page uses it.
    picture = Image(alt_text="Parliament")
    picture.set_file(factories.upload(content=factories.jpeg_bytes(size=(4000, 3000))))
    assert (picture.width, picture.height) == (4000, 3000)
    assert sorted({r["width"] for r in picture.renditions}) == list(RENDITION_WIDTHS)
    for rendition in picture.renditions:
        assert rendition["height"] == round(3000 * rendition["width"] / 4000)
        with default_storage.open(rendition["name"]) as handle, PILImage.open(handle) as stored:
            assert stored.size == (rendition["width"], rendition["height"])
            assert stored.format == rendition["format"]


def test_image_at_the_pixel_limit_is_accepted():
    buffer = io.BytesIO()
    PILImage.new("L", (6250, 4000), 128).save(buffer, format="PNG")  # 25,000,000 pixels
    assert MAX_PIXELS == 6250 * 4000
    picture = Image(alt_text="Chart")
    picture.set_file(factories.upload(name="chart.png", content=buffer.getvalue()))
    assert (picture.width, picture.height) == (6250, 4000)
    assert max(r["width"] for r in picture.renditions) == RENDITION_WIDTHS[-1]


def test_admin_upload_of_a_non_image_shows_the_reason(client):
    client.force_login(factories.editor())
    response = client.post(
        "/admin/articles/image/add/",
        {"file": factories.upload(name="x.jpg", content=b"GIF89a not really"), "alt_text": "x"},
    )
    assert response.status_code == 200
    assert "not an image we accept" in response.content.decode()
    assert Image.objects.count() == 0


def test_admin_upload_stores_a_clean_image_with_renditions(client):
    client.force_login(factories.editor())
    response = client.post(
        "/admin/articles/image/add/",
        {"file": factories.upload(content=factories.jpeg_bytes(exif=gps_exif())), "alt_text": "Market"},
    )
    assert response.status_code == 302
    picture = Image.objects.get()
    assert picture.width == 800 and picture.height == 600
    assert picture.renditions
    with default_storage.open(picture.file.name) as handle, PILImage.open(handle) as stored:
        assert dict(stored.getexif()) == {}


def stored_files(image):
    return [
        name
        for name in [image.file.name, *(r["name"] for r in image.renditions)]
        if default_storage.exists(name)
    ]


def test_a_deleted_image_is_gone_from_storage_original_and_renditions(
    client, django_capture_on_commit_callbacks
):
    picture = factories.image(alt_text="A photo taken down")
    assert len(stored_files(picture)) == 1 + len(picture.renditions)
    client.force_login(factories.editor())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/articles/image/{picture.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Image.objects.exists()
    assert stored_files(picture) == []  # nobody can fetch the photo by its old address any more


def test_a_delete_rolled_back_keeps_the_images_files(django_capture_on_commit_callbacks):
    picture = factories.image()
    with django_capture_on_commit_callbacks(execute=False):  # the transaction never commits
        picture.delete()
    assert len(stored_files(picture)) == 1 + len(picture.renditions)


def test_editor_body_upload_is_for_staff_only(client):
    response = client.post("/editor/image-upload/", {"upload": factories.upload()})
    assert response.status_code == 302  # to the login page
    assert Image.objects.count() == 0


def test_editor_body_upload_returns_the_url_of_a_clean_rendition(client):
    client.force_login(factories.editor())
    response = client.post("/editor/image-upload/", {"upload": factories.upload()})
    assert response.status_code == 200
    assert response.json()["url"].startswith("/media/images/")


def test_editor_body_upload_refuses_an_html_file(client):
    client.force_login(factories.editor())
    response = client.post(
        "/editor/image-upload/", {"upload": factories.upload(name="a.jpg", content=b"<html>")}
    )
    assert response.status_code == 400
    assert "not an image" in response.json()["error"]["message"]


class ImageTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def images_on(client, url):
    parser = ImageTags()
    parser.feed(client.get(url).content.decode())
    return parser.images


def test_only_the_lead_image_of_a_story_or_the_home_page_is_fetched_first(client):
    # fetchpriority="high" on more than the image the reader sees first makes them compete for bandwidth.
    photographer = factories.author(name="Ana Petrova", photo=factories.image(alt_text="Ana Petrova"))
    energy = factories.tag()
    story = factories.article(
        lead_image=factories.image(alt_text="The dam"), authors=[photographer], tags=[energy]
    )
    factories.article(
        lead_image=factories.image(), tags=[energy], published_at=story.published_at - timedelta(1)
    )
    for url, lead_alt in ((story.get_absolute_url(), "The dam"), (reverse("articles:home"), "The dam")):
        page_images = images_on(client, url)
        assert len(page_images) >= 2, url
        first = [image for image in page_images if image.get("fetchpriority") == "high"]
        assert [image["alt"] for image in first] == [lead_alt], url
    author_images = images_on(client, photographer.get_absolute_url())
    assert any(image["alt"] == "Ana Petrova" for image in author_images)
    assert not any("fetchpriority" in image for image in author_images)
