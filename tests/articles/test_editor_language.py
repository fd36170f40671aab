"""CKEditor speaks the staff member's language, and a story's quotation marks are its own language's."""

import json
import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from articles.models import Article
from articles.text import typographic_quotes
from tests import factories

ADD_STORY = "/admin/articles/article/add/"


def editor_page(client, language):
    client.force_login(factories.editor())
    page = client.get(ADD_STORY, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    config = re.search(r'<script id="id_body_script"[^>]*>(.*?)</script>', page, re.S).group(1)
    return page, json.loads(config)


@pytest.mark.django_db
def test_macedonian_staff_get_the_editor_in_macedonian(client):
    page, config = editor_page(client, "mk")
    assert config["language"] == "mk"
    # CKEditor ships no Macedonian: ours is loaded, with the toolbar's and the word count's words.
    assert '<script src="/static/js/ckeditor5-mk.js"></script>' in page
    with translation.override("mk"):  # the library button beside the editor, in Macedonian too
        button = gettext("Insert an image from the library")
    assert button != "Insert an image from the library" and button in page


@pytest.mark.django_db
def test_albanian_staff_get_ckeditors_albanian_translation(client):
    page, config = editor_page(client, "sq")
    assert config["language"] == "sq"
    assert '<script src="/static/django_ckeditor_5/dist/translations/sq.js"></script>' in page
    assert "ckeditor5-mk.js" not in page


@pytest.mark.django_db
def test_english_staff_load_no_translation(client):
    page, config = editor_page(client, "en")
    assert config["language"] == "en"
    assert "translations/" not in page and "ckeditor5-mk.js" not in page


def test_the_macedonian_translation_covers_the_toolbar_and_the_word_count(settings):
    script = (settings.BASE_DIR / "static/js/ckeditor5-mk.js").read_text()
    for english in ["Bold", "Italic", "Link", "Bulleted List", "Numbered List", "Block quote", "Insert table",
                    "Undo", "Redo", "Paragraph", "Heading 2", "Heading 3", "Upload image from computer",
                    "Change image text alternative", "Words: %0", "Characters: %0"]:  # fmt: skip
        assert f'"{english}": "' in script, english


@pytest.mark.parametrize(
    ("language", "typed", "stored"),
    [
        ("mk", '<p>Тој рече "да" и замина.</p>', "<p>Тој рече „да“ и замина.</p>"),
        ("en", '<p>He said "yes" and left.</p>', "<p>He said “yes” and left.</p>"),
        ("sq", '<p>Ai tha "po" dhe iku.</p>', "<p>Ai tha «po» dhe iku.</p>"),
    ],
)
@pytest.mark.django_db
def test_quotes_in_a_story_body_are_the_storys_language(language, typed, stored):
    story = factories.article(language=language, body=typed)
    assert Article.objects.get(pk=story.pk).body == stored


@pytest.mark.django_db
def test_quotes_in_attributes_links_and_code_are_left_alone():
    body = (
        '<p>"<a href="https://example.org/?q=%22x%22" title="a &quot;b&quot;">Отвори</a>", '
        'рече.</p><pre><code>print("здраво")</code></pre>'
    )
    stored = Article.objects.get(pk=factories.article(language="mk", body=body).pk).body
    assert stored == (
        '<p>„<a href="https://example.org/?q=%22x%22" title="a &quot;b&quot;" rel="noopener noreferrer nofollow">'
        'Отвори</a>“, рече.</p><pre><code>print("здраво")</code></pre>'
    )


def test_quotes_open_after_a_space_or_bracket_and_close_after_a_word():
    assert typographic_quotes('<p>("Не", "да")</p>', "mk") == "<p>(„Не“, „да“)</p>"
    assert typographic_quotes('<p>"<em>Не</em>"</p><p>"Да"</p>', "mk") == "<p>„<em>Не</em>“</p><p>„Да“</p>"
