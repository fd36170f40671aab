"""Sources and quotes are edited inside the article form; a quote's source is one of the article's own."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from articles.models import Article
from sourcing.models import Person, Quote
from tests import factories
from tests.sourcing import factories as sourcing

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """The fields a browser would post from the admin change form, as they are rendered."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data[name] = attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
            if "multiple" not in attrs:
                self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            # Browsers drop the newline that directly follows <textarea>.
            self.data[self._textarea] += data.removeprefix("\n") if not self.data[self._textarea] else data


def form_of(client, url):
    parser = FormFields()
    parser.feed(client.get(url).content.decode())
    parser.data.pop("csrfmiddlewaretoken", None)
    return parser.data


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_quote_source_choices_are_the_articles_own_sources(client):
    story, other = factories.article(published=False), factories.article(published=False)
    own = sourcing.source(story, description="Interview given to Reuters")
    foreign = sourcing.source(other, description="Somebody else's press conference")
    sourcing.quote(story, source=own)
    client.force_login(factories.editor())
    page = client.get(change_url(story)).content.decode()
    select = page[
        page.index('name="quotes-0-source"') : page.index("</select>", page.index('name="quotes-0-source"'))
    ]
    assert f'value="{own.pk}"' in select and "Interview given to Reuters" in select
    assert f'value="{foreign.pk}"' not in select


def test_posting_another_articles_source_for_a_quote_is_refused_and_nothing_changes(client):
    story, other = factories.article(published=False), factories.article(published=False)
    quote = sourcing.quote(story)
    foreign = sourcing.source(other)
    client.force_login(factories.editor())
    data = form_of(client, change_url(story))
    data["quotes-0-source"] = str(foreign.pk)
    response = client.post(change_url(story), data | {"_save": "1"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Quote.objects.get(pk=quote.pk).source.article == story


def test_speaker_has_autocomplete_and_an_add_button_that_stays_on_the_page(client):
    story = factories.article(published=False)
    sourcing.quote(story)
    client.force_login(factories.editor())
    page = client.get(change_url(story)).content.decode()
    assert 'data-ajax--url="/admin/autocomplete/"' in page and 'data-field-name="speaker"' in page
    assert 'id="add_id_quotes-0-speaker"' in page and "_popup=1" in page


def test_reporter_may_add_a_new_speaker_from_the_article_form(client):
    reporter = factories.reporter()
    client.force_login(reporter)
    add_person = reverse("admin:sourcing_person_add") + "?_to_field=id&_popup=1"
    response = client.post(
        add_person, {"name": "Ilir Berisha", "wikidata_id": "", "bio": "", "slug": "", "_popup": "1"}
    )
    assert response.status_code == 200  # the popup's answer, which puts the new person in the field
    assert Person.objects.filter(name="Ilir Berisha", slug="ilir-berisha").exists()


def test_for_a_new_story_the_source_field_says_to_save_first(client):
    client.force_login(factories.editor())
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert "Save the story first: then choose among the sources added above." in page


def test_admin_publish_names_the_quote_missing_its_source_and_keeps_the_story_a_draft(client):
    story = factories.article(published=False)
    sourcing.quote(story, source=None, text="The talks will resume on Monday.")
    client.force_login(factories.editor())
    data = form_of(client, change_url(story))
    response = client.post(change_url(story), data | {"_publish": "1"}, follow=True)
    assert "Quote 1 (“The talks will resume on Monday.”) has no source" in response.content.decode()
    assert Article.objects.get(pk=story.pk).status == Article.Status.DRAFT


def test_admin_publish_succeeds_once_the_quote_gets_a_source_in_the_same_save(client):
    story = factories.article(published=False)
    source = sourcing.source(story)
    sourcing.quote(story, source=None)
    client.force_login(factories.editor())
    data = form_of(client, change_url(story))
    data["quotes-0-source"] = str(source.pk)
    client.post(change_url(story), data | {"_publish": "1"}, follow=True)
    assert Article.objects.get(pk=story.pk).status == Article.Status.PUBLISHED


# Issue 16: what a live story must have holds on a plain save too ------------------------------------------


def test_a_plain_save_cannot_put_an_unsourced_quote_live(client):
    story = factories.article()
    source = sourcing.source(story)
    sourcing.quote(story, source=source, text="We will not resign.")
    client.force_login(factories.editor())
    data = form_of(client, change_url(story))
    data["quotes-0-source"] = ""
    data["quotes-0-text"] = "We will not resign, ever."
    response = client.post(change_url(story), data | {"_save": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Quote 1 (“We will not resign, ever.”) has no source" in page
    # Beside the quote's own row, and the editor's words are still in the form.
    row = page[page.index('id="quotes-0"') :]
    assert row.index("has no source") < row.index('name="quotes-0-text"')
    assert "We will not resign, ever.</textarea>" in page
    quote = Quote.objects.get(article=story)
    assert quote.source == source and quote.text == "We will not resign."


def test_deleting_the_source_a_live_quote_rests_on_is_refused(client):
    story = factories.article()
    source = sourcing.source(story)
    sourcing.quote(story, source=source)
    client.force_login(factories.editor())
    data = form_of(client, change_url(story))
    data["sources-0-DELETE"] = "on"
    response = client.post(change_url(story), data | {"_save": "1"})
    assert response.status_code == 200
    assert "has no source" in response.content.decode()
    assert Quote.objects.get(article=story).source == source


def test_a_live_story_can_drop_a_quote_and_its_source_together(client):
    story = factories.article()
    source = sourcing.source(story)
    sourcing.quote(story, source=source)
    client.force_login(factories.editor())
    data = form_of(client, change_url(story))
    data["sources-0-DELETE"] = "on"
    data["quotes-0-DELETE"] = "on"
    response = client.post(change_url(story), data | {"_save": "1"})
    assert response.status_code == 302
    assert not Quote.objects.filter(article=story).exists()


def test_a_reporter_cannot_open_a_colleagues_draft_with_its_anonymous_source(client):
    story = factories.article(published=False, created_by=factories.reporter())
    sourcing.anonymous_source(story, justification="Would lose their job at the ministry.")
    client.force_login(factories.reporter())
    response = client.get(change_url(story))
    assert response.status_code == 404
    assert "Would lose their job" not in response.content.decode()
