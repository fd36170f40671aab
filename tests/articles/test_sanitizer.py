"""The stored body keeps what news needs and nothing that runs."""

import pytest

from articles.models import Article
from tests import factories


@pytest.mark.django_db
def test_saving_an_article_removes_scripts_event_handlers_and_javascript_links():
    story = factories.article(
        body=(
            '<p onclick="steal()">Text<script>alert(1)</script></p>'
            '<a href="javascript:alert(1)">bad</a><a href="https://example.org/report">good</a>'
            '<img src="x" onerror="alert(1)">'
        )
    )
    stored = Article.objects.get(pk=story.pk).body
    assert "<script" not in stored
    assert "onclick" not in stored and "onerror" not in stored
    assert "javascript:" not in stored
    assert '<a href="https://example.org/report" rel="noopener noreferrer nofollow">good</a>' in stored


@pytest.mark.django_db
def test_news_formatting_survives_sanitizing():
    body = (
        "<h2>Heading</h2><p><strong>bold</strong> <em>italic</em></p><ul><li>one</li></ul><ol><li>two</li></ol>"
        '<blockquote><p>quoted</p></blockquote><figure class="image"><img src="/media/a.jpg" alt="A">'
        "<figcaption>Caption</figcaption></figure><table><tbody><tr><td>cell</td></tr></tbody></table>"
        '<p><a href="mailto:desk@example.org">mail</a></p>'
    )
    stored = Article.objects.get(pk=factories.article(body=body).pk).body
    for fragment in ["<h2>Heading</h2>", "<strong>bold</strong>", "<li>one</li>", "<blockquote>",
                     '<figure class="image">', "<figcaption>Caption</figcaption>", "<td>cell</td>",
                     'href="mailto:desk@example.org"']:  # fmt: skip
        assert fragment in stored


@pytest.mark.django_db
def test_data_urls_iframes_and_styles_are_removed():
    body = '<iframe src="https://evil.example"></iframe><p style="x:expression(alert(1))">t</p><img src="data:image/svg+xml;base64,PHN2Zz4=">'
    stored = Article.objects.get(pk=factories.article(body=body).pk).body
    assert "iframe" not in stored and "style" not in stored and "data:" not in stored


@pytest.mark.django_db
def test_body_is_sanitized_for_readers_even_when_stored_without_saving(client):
    # A body written around Article.save (a bulk update, an import) still reaches readers cleaned, library
    # images and all: the <picture> of body images is built from the sanitized body, never from what is stored.
    image = factories.image()
    story = factories.article(body="<p>x</p>")
    Article.objects.filter(pk=story.pk).update(
        body=(
            f'<figure class="image"><img src="{image.url_for_width(1280)}" onerror="alert(1)"></figure>'
            '<p onclick="steal()">Text</p><script>alert(2)</script>'
            '<picture><source srcset="https://evil.example/x.webp"><img src="https://evil.example/x.jpg"></picture>'
        )
    )
    page = client.get(story.get_absolute_url()).content.decode()
    body = page[page.index('<div class="story-body">') :]
    assert "onerror" not in body and "onclick" not in body and "alert(2)" not in body
    assert "evil.example/x.webp" not in body
    assert image.webp_srcset in body
