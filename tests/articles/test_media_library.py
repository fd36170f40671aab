"""The media library: editor uploads become library images, the picker finds them, and body images reach
readers as the lead image does (sizes, WebP, dimensions, alt text, credit), with alt text required to publish."""

import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import services
from articles.body_images import body_images
from articles.models import Article, Image
from tests import factories

pytestmark = pytest.mark.django_db

LIBRARY = "/admin/articles/image/library/"


def body_with(*images, caption=""):
    """A body as CKEditor writes it, with each image as a figure (alt text from the image's own)."""
    figures = "".join(
        f'<figure class="image"><img src="{image.url_for_width(1280)}" alt="{image.alt_text}">'
        + (f"<figcaption>{caption}</figcaption>" if caption else "")
        + "</figure>"
        for image in images
    )
    return f"<p>Before the photos.</p>{figures}<p>After them.</p>"


def test_upload_through_the_editor_becomes_a_library_image_the_body_recognises(client):
    editor = factories.editor()
    client.force_login(editor)
    response = client.post("/editor/image-upload/", {"upload": factories.upload()})
    assert response.status_code == 200
    image = Image.objects.get()
    assert image.uploaded_by == editor and image.renditions
    (inserted,) = body_images(f'<figure class="image"><img src="{response.json()["url"]}"></figure>')
    assert inserted.library_image == image


def test_picker_lists_library_images_with_thumbnails_for_staff(client):
    image = factories.image(alt_text="Flooded street in Tetovo", credit="MIA", caption="Tetovo, Monday")
    client.force_login(factories.reporter())
    response = client.get(LIBRARY, {"editor": "id_body"})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'src="{image.url_for_width(320)}"' in page
    insert = re.search(r"<button[^>]*data-library-insert[^>]*>", page).group(0)
    assert f'data-src="{image.url_for_width(1280)}"' in insert
    assert 'data-alt="Flooded street in Tetovo"' in insert and 'data-editor="id_body"' in insert
    assert 'data-width="800"' in insert and 'data-height="600"' in insert
    # The CSP allows no inline script: the picker's is static/js/media-library.js.
    assert "<script>" not in page
    assert "js/media-library.js" in page


def test_the_story_forms_image_button_offers_the_library_beside_the_upload(client, settings):
    client.force_login(factories.editor())
    page = client.get("/admin/articles/article/add/").content.decode()
    config = json.loads(re.search(r'<script id="id_body_script"[^>]*>(.*?)</script>', page, re.S).group(1))
    # The image button is a dropdown of both; the library's entry is static/js/media-library.js's plugin.
    assert config["image"]["insert"]["integrations"] == ["upload", "library"]
    assert config["extraPlugins"] == ["callback:newsroomMediaLibraryPlugin"]
    textarea = re.search(r'<textarea[^>]*id="id_body"[^>]*>', page).group(0)
    assert f'data-media-library-url="{LIBRARY}"' in textarea
    assert 'data-media-library-label="Insert an image from the library"' in textarea
    # No second way in below the editor, and the settings' config (other editors use it) keeps no plugin
    # that only this form loads.
    assert "media-library-open" not in page
    assert "extraPlugins" not in settings.CKEDITOR_5_CONFIGS["article"]


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_picker_sends_non_staff_to_the_sign_in(client, who):
    if who == "reader":
        client.force_login(factories.user(is_staff=False))
    response = client.get(LIBRARY)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_picker_refuses_staff_who_may_not_see_images(client):
    clerk = factories.user(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(clerk)
    assert client.get(LIBRARY).status_code == 403


def test_picker_searches_alt_text_captions_and_credits(client):
    flood = factories.image(alt_text="Flooded street in Tetovo")
    factories.image(alt_text="Parliament in session")
    credited = factories.image(alt_text="Market", credit="Tetovo Photo Agency")
    client.force_login(factories.editor())
    page = client.get(LIBRARY, {"q": "tetovo"}).content.decode()
    assert flood.url_for_width(320) in page and credited.url_for_width(320) in page
    assert "Parliament in session" not in page
    assert "No image matches" in client.get(LIBRARY, {"q": "zzz"}).content.decode()


def test_picker_shows_the_library_a_page_at_a_time(client):
    for number in range(25):
        Image.objects.create(
            file=f"images/aa/{number:032x}.jpg", width=10, height=10, alt_text=f"Photo {number}"
        )
    client.force_login(factories.editor())
    first = client.get(LIBRARY).content.decode()
    second = client.get(LIBRARY, {"page": 2}).content.decode()
    assert first.count("data-library-insert") == 0  # opened on its own: a list, with nothing to insert into
    assert (
        first.count('class="media-library__item"') == 24 and "Photo 24" in first and "Photo 0<" not in first
    )
    assert second.count('class="media-library__item"') == 1 and "Photo 0<" in second


def test_story_whose_body_image_has_no_alt_text_cannot_be_published():
    image = factories.image(alt_text="", caption="Border crossing at Tabanovce")
    story = factories.article(published=False, body=body_with(image))
    with pytest.raises(ValidationError) as refused:
        services.article_publish(article=story, by=factories.editor())
    (message,) = [m for m in refused.value.messages if "alt text" in m]
    assert "Image 1" in message and "Border crossing at Tabanovce" in message


def test_alt_text_written_in_the_editor_is_enough_to_publish():
    image = factories.image(alt_text="")
    body = f'<p>x</p><figure class="image"><img src="{image.url_for_width(1280)}" alt="Trucks at the border"></figure>'
    story = factories.article(published=False, body=body)
    services.article_publish(article=story, by=factories.editor())
    story.refresh_from_db()
    assert story.status == story.Status.PUBLISHED


def test_body_image_from_another_site_cannot_be_published():
    story = factories.article(
        published=False, body='<p>x</p><img src="https://elsewhere.example/p.jpg" alt="A">'
    )
    with pytest.raises(ValidationError) as refused:
        services.article_publish(article=story, by=factories.editor())
    assert any("not from the image library" in m and "p.jpg" in m for m in refused.value.messages)


def test_an_image_in_a_live_storys_body_cannot_be_deleted_but_one_in_a_draft_can(client):
    shown, drafted = factories.image(alt_text="Shown"), factories.image(alt_text="Drafted")
    factories.article(body=body_with(shown))
    factories.article(body=body_with(drafted), published=False)
    client.force_login(factories.editor())

    refused = client.post(f"/admin/articles/image/{shown.pk}/delete/", {"post": "yes"})
    deleted = client.post(f"/admin/articles/image/{drafted.pk}/delete/", {"post": "yes"})

    assert refused.status_code == 403 and Image.objects.filter(pk=shown.pk).exists()
    assert deleted.status_code == 302 and not Image.objects.filter(pk=drafted.pk).exists()


def test_no_path_deletes_an_image_a_live_storys_body_shows():
    shown = factories.image()
    factories.article(body=body_with(shown))
    with pytest.raises(ProtectedError), transaction.atomic():
        shown.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        Image.objects.filter(pk=shown.pk).delete()
    assert Image.objects.filter(pk=shown.pk).exists()


def test_reader_page_renders_body_images_with_width_height_srcset_alt_and_credit(client):
    image = factories.image(alt_text="Flooded street in Tetovo", credit="Ana Petrova")
    story = factories.article(body=body_with(image, caption="Tetovo on Monday"))
    page = client.get(story.get_absolute_url()).content.decode()
    body = page[page.index('<div class="story-body">') :]
    picture = re.search(r"<picture>.*?</picture>", body, re.S).group(0)
    assert f'<source type="image/webp" srcset="{image.webp_srcset}"' in picture
    assert f'srcset="{image.original_srcset}"' in picture and "sizes=" in picture
    assert 'width="800" height="600"' in picture and 'alt="Flooded street in Tetovo"' in picture
    assert 'loading="lazy"' in picture
    assert '<figcaption>Tetovo on Monday <span class="credit">Photo: Ana Petrova</span></figcaption>' in body


def test_credit_gets_a_caption_when_the_figure_has_none(client):
    image = factories.image(credit="Ana Petrova")
    story = factories.article(body=body_with(image))
    page = client.get(story.get_absolute_url()).content.decode()
    assert (
        '</picture><figcaption><span class="credit">Photo: Ana Petrova</span></figcaption></figure>' in page
    )


@pytest.mark.parametrize(
    "src",
    [
        "https://elsewhere.example/media/images/{shard}/{token}-1280.jpg",  # our file's path on another site
        "/media/images/{shard}/{other}-1280.jpg",  # our media, but no library image of that name
        "/static/images/{shard}/{token}-1280.jpg",
    ],
)
def test_forged_image_tag_pointing_outside_the_library_gets_no_renditions(client, src):
    image = factories.image()
    token = image.file.name.rsplit("/", 1)[-1].split(".")[0]
    src = src.format(shard=token[:2], token=token, other="f" * 32)
    story = factories.article(body=f'<p>x</p><figure class="image"><img src="{src}" alt="Forged"></figure>')
    page = client.get(story.get_absolute_url()).content.decode()
    body = page[page.index('<div class="story-body">') :]
    assert f'<img src="{src}" alt="Forged">' in body
    assert "<picture" not in body and image.webp_srcset not in body


def test_body_images_cost_the_page_one_query_whatever_their_number():
    story = factories.article(body=body_with(*(factories.image() for _ in range(4))))
    story = Article.objects.get(pk=story.pk)
    # One query reads every body image; a query per image would be the N+1 this guards against.
    with CaptureQueriesContext(connection) as queries:
        html = str(story.body_html)
    assert html.count("<picture>") == 4
    assert len(queries.captured_queries) == 1


def replace_file(client, image, upload):
    return client.post(
        reverse("admin:articles_image_change", args=[image.pk]),
        {"file": upload, "alt_text": image.alt_text, "caption": "", "credit": "", "copyright_holder": ""},
    )


def stored_names(image):
    return [image.file.name, *(rendition["name"] for rendition in image.renditions)]


def test_a_photo_in_a_storys_text_keeps_its_file(client):
    # The text names the file: with a new one stored, the story showed the old picture, bare, without alt text.
    photo = factories.image(alt_text="Flooded streets in Tetovo")
    factories.article(body=body_with(photo))
    client.force_login(factories.editor())

    response = replace_file(
        client, photo, factories.upload(content=factories.jpeg_bytes(colour=(0, 90, 200)))
    )

    assert response.status_code == 200
    assert "This photo is in the text of 1 story" in response.content.decode()
    stored = Image.objects.get(pk=photo.pk)
    assert stored_names(stored) == stored_names(photo)
    assert all(default_storage.exists(name) for name in stored_names(stored))


def test_a_lead_photo_replaced_takes_its_old_files_off_the_site(client, django_capture_on_commit_callbacks):
    photo = factories.image(alt_text="Flooded streets in Tetovo")
    story = factories.article(lead_image=photo)
    client.force_login(factories.editor())

    with django_capture_on_commit_callbacks(execute=True):
        response = replace_file(
            client, photo, factories.upload(content=factories.jpeg_bytes(colour=(0, 90, 200)))
        )

    assert response.status_code == 302
    stored = Image.objects.get(pk=photo.pk)
    assert not any(default_storage.exists(name) for name in stored_names(photo)), "a take-down by replacing"
    assert all(default_storage.exists(name) for name in stored_names(stored))
    assert stored.url_for_width(1280) in client.get(story.get_absolute_url()).content.decode()
