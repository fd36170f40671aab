"""Media go through Django's storage API only (STORAGES["default"]), so object storage such as
django-storages' S3 backend is a setting away: no code may need a file's local path.

The storage here keeps files in memory and has no path at all, as S3 has none; uploads, renditions, the
missing-renditions command, the body image upload and the pages showing the images must all work on it.
"""

import sys

import pytest
from django.core.files.storage import InMemoryStorage, default_storage, memory
from django.core.management import call_command
from django.urls import reverse
from PIL import Image as PILImage

from articles.models import Image
from tests import factories

pytestmark = pytest.mark.django_db


class ObjectStorage(InMemoryStorage):
    """Files in memory, at URLs of another host, and no local path: what an S3 bucket offers."""

    def __init__(self, **kwargs):
        super().__init__(base_url="https://media.example.net/", **kwargs)

    def path(self, name):
        # InMemoryStorage locates its own nodes with path(); anyone else asking is code that needs a disk.
        if sys._getframe(1).f_code.co_filename != memory.__file__:
            raise NotImplementedError("object storage has no local path")
        return super().path(name)


@pytest.fixture(autouse=True)
def object_storage(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.ObjectStorage"}}
    return default_storage


def test_an_uploaded_image_and_its_renditions_live_in_the_storage(client):
    client.force_login(factories.editor())
    response = client.post(
        "/admin/articles/image/add/",
        {"file": factories.upload(content=factories.jpeg_bytes(size=(1000, 500))), "alt_text": "Market"},
    )
    assert response.status_code == 302
    picture = Image.objects.get()
    assert isinstance(default_storage._wrapped, ObjectStorage)
    assert picture.renditions
    for name in [picture.file.name, *(r["name"] for r in picture.renditions)]:
        with default_storage.open(name) as handle, PILImage.open(handle) as stored:
            assert stored.width <= 1000


def test_a_story_page_shows_its_image_from_the_storages_address(client):
    picture = Image(alt_text="Market in Bitola")
    picture.set_file(factories.upload(content=factories.jpeg_bytes(size=(1000, 500))))
    picture.save()
    story = factories.article(headline="Market reopens", lead_image=picture)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "https://media.example.net/" in page
    assert "/media/" not in page


def test_missing_renditions_are_made_from_the_stored_original():
    picture = Image(alt_text="Bridge")
    picture.set_file(factories.upload(content=factories.jpeg_bytes(size=(1000, 500))))
    picture.save()
    for rendition in picture.renditions:
        default_storage.delete(rendition["name"])
    Image.objects.filter(pk=picture.pk).update(renditions=[])
    call_command("add_missing_renditions", verbosity=0)
    picture.refresh_from_db()
    assert picture.renditions
    assert all(default_storage.exists(r["name"]) for r in picture.renditions)


def test_an_image_uploaded_in_the_body_editor_is_served_from_the_storage(client):
    client.force_login(factories.editor())
    response = client.post(reverse("ck_editor_5_upload_file"), {"upload": factories.upload()})
    assert response.status_code == 200
    assert response.json()["url"].startswith("https://media.example.net/")
