"""Plain factory functions for tests: each makes one valid object, with keyword overrides."""

import io
import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Article, ArticleAuthor, Author, Correction, Image, Section, Tag

_counter = itertools.count(1)


def user(*, group=None, username=None, is_staff=None, **fields):
    username = username or f"user{next(_counter)}"
    account = get_user_model().objects.create_user(
        username=username,
        password="correct horse battery",
        is_staff=bool(group) if is_staff is None else is_staff,
        **fields,
    )
    if group:
        account.groups.add(Group.objects.get(name=group))
    return account


def reporter(**fields):
    return user(group="Reporter", **fields)


def editor(**fields):
    return user(group="Editor", **fields)


def section(**fields):
    number = next(_counter)
    fields.setdefault("name", f"Section {number}")
    fields.setdefault("slug", f"section-{number}")
    return Section.objects.create(**fields)


def tag(**fields):
    fields.setdefault("name", f"Tag {next(_counter)}")
    return Tag.objects.create(**fields)


def author(**fields):
    fields.setdefault("name", f"Author {next(_counter)}")
    return Author.objects.create(**fields)


def jpeg_bytes(size=(800, 600), colour=(200, 30, 30), exif=None):
    buffer = io.BytesIO()
    options = {"exif": exif.tobytes()} if exif is not None else {}
    PILImage.new("RGB", size, colour).save(buffer, format="JPEG", **options)
    return buffer.getvalue()


def upload(name="photo.jpg", content=None, content_type="image/jpeg"):
    return SimpleUploadedFile(
        name, content if content is not None else jpeg_bytes(), content_type=content_type
    )


def image(**fields):
    fields.setdefault("alt_text", "A test photo")
    picture = Image(**fields)
    picture.set_file(upload())
    picture.save()
    return picture


def article(*, authors=None, tags=(), published=True, **fields):
    """A complete story; published an hour ago unless `published=False` (then a draft)."""
    number = next(_counter)
    fields.setdefault("headline", f"Story number {number}")
    fields.setdefault("standfirst", f"What story {number} is about.")
    fields.setdefault("body", f"<p>The body of story {number}.</p>")
    if "section" not in fields:
        fields["section"] = section()
    if published:
        fields.setdefault("status", Article.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    story = Article.objects.create(**fields)
    for position, byline in enumerate(authors if authors is not None else [author()]):
        ArticleAuthor.objects.create(article=story, author=byline, position=position)
    if tags:
        story.tags.set(tags)
    return story


def correction(article, **fields):
    fields.setdefault("text", "An earlier version misspelled a name.")
    return Correction.objects.create(article=article, **fields)
