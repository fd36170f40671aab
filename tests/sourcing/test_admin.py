"""Sources and quotes are edited inside the article form; a quote's source is one of the article's own."""

import datetime
from html.parser import HTMLParser

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation

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
    # The name in every language on one form (sourcing.translation): the default language's is required.
    response = client.post(
        add_person,
        {"name_en": "Ilir Berisha", "name_mk": "Илир Бериша", "name_sq": "", "wikidata_id": "", "slug": "", "_popup": "1"},
    )  # fmt: skip
    assert response.status_code == 200  # the popup's answer, which puts the new person in the field
    person = Person.objects.get(name_en="Ilir Berisha", slug="ilir-berisha")
    with translation.override("mk"):
        assert person.name == "Илир Бериша"
    with translation.override("sq"):
        assert person.name == "Ilir Berisha"  # none written yet: the default language's


def new_story_form(client, section, **fields):
    """What a browser posts from the add form once the editor has filled in the story's own fields."""
    data = form_of(client, reverse("admin:articles_article_add"))
    data.update(
        {
            "headline": "Austin after Ramstein: more air defence for Ukraine",
            "standfirst": "The US defence secretary spoke after the meeting.",
            "body": "<p>The meeting ended with new pledges.</p>",
            "section": str(section.pk),
            "language": "en",
        }
    )
    return data | fields


def with_rows(data, prefix, rows):
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    for number, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{number}-{name}"] = value
    return data


# Issue 19, item 1: one save ----------------------------------------------------------------------------------


def test_a_new_story_is_published_in_one_save_with_quotes_resting_on_sources_typed_in_the_same_form(client):
    client.force_login(factories.editor())
    data = new_story_form(client, factories.section())
    with_rows(data, "bylines", [{"author": str(factories.author().pk)}])
    with_rows(
        data,
        "sources",
        [
            {"kind": "interview_elsewhere", "description": "Interview given to Reuters", "outlet": "Reuters"},
            {"kind": "press_conference", "description": "Press conference after the Ramstein meeting"},
            {
                "kind": "anonymous",
                "description": "Official at the ministry, met by our reporter",
                "public_description": "an official at the defence ministry",
                "justification": "Not authorised to speak; the account matches the documents we have seen.",
            },
        ],
    )
    with_rows(
        data,
        "quotes",
        [
            {
                "speaker": str(sourcing.person(name="Lloyd Austin").pk),
                "text": "We will do more.",
                "source": "new-1",
                "kind": "direct",
            },
            {"text": "The money is already there.", "source": "new-2", "kind": "direct"},
        ],
    )
    response = client.post(reverse("admin:articles_article_add"), data | {"_publish": "1"}, follow=True)
    assert response.status_code == 200
    story = Article.objects.get(headline__startswith="Austin after Ramstein")
    assert story.status == Article.Status.PUBLISHED
    quotes = {quote.text: quote.source.description for quote in story.quotes.all()}
    assert quotes == {
        "We will do more.": "Press conference after the Ramstein meeting",
        "The money is already there.": "Official at the ministry, met by our reporter",
    }


def test_a_quote_cannot_rest_on_a_source_row_removed_from_the_same_form(client):
    client.force_login(factories.editor())
    data = new_story_form(client, factories.section())
    with_rows(data, "sources", [{"kind": "statement", "description": "Statement", "DELETE": "on"}])
    with_rows(data, "quotes", [{"speaker": str(sourcing.person().pk), "text": "Words.", "source": "new-0"}])
    response = client.post(reverse("admin:articles_article_add"), data | {"_save": "1"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Article.objects.exists()


def test_the_quote_source_list_offers_sources_added_in_the_form_when_it_comes_back(client):
    client.force_login(factories.editor())
    data = new_story_form(client, factories.section(), headline="")  # refused: no headline
    with_rows(data, "sources", [{"kind": "statement", "description": "Statement by the ministry"}])
    with_rows(data, "quotes", [{"speaker": str(sourcing.person().pk), "text": "Words.", "source": "new-0"}])
    page = client.post(reverse("admin:articles_article_add"), data | {"_save": "1"}).content.decode()
    select = page[
        page.index('name="quotes-0-source"') : page.index("</select>", page.index('name="quotes-0-source"'))
    ]
    assert (
        '<option value="new-0" selected>Public statement: Statement by the ministry (added in this form)'
        in select
    )


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


# Issue 19, item 4: the kind decides "on the record" ---------------------------------------------------------


def test_an_anonymous_source_is_off_the_record_by_its_kind_alone_and_a_named_one_on_it(client):
    story = factories.article(published=False)
    client.force_login(factories.editor())
    data = with_rows(
        form_of(client, change_url(story)),
        "sources",
        [
            {
                "kind": "anonymous",
                "description": "Official",
                "public_description": "an official",
                "justification": "Fear.",
            },
            {"kind": "eyewitness", "description": "A neighbour who saw the fire"},
        ],
    )
    response = client.post(change_url(story), data | {"_save": "1"})
    assert response.status_code == 302
    records = dict(story.sources.values_list("kind", "on_record"))
    assert records == {"anonymous": False, "eyewitness": True}


def test_the_source_form_asks_no_on_the_record_question_and_marks_the_anonymity_fields(client):
    story = factories.article(published=False)
    sourcing.source(story)
    client.force_login(factories.editor())
    page = client.get(change_url(story)).content.decode()
    assert 'name="sources-0-on_record"' not in page
    assert "anonymity" in page[page.index('id="sources-0"') :]
    assert "js/sourcing-admin.js" in page


# Issue 19, item 6: the role fills in, the event is asked once -----------------------------------------------


def test_a_quote_without_a_role_takes_the_speakers_current_role_and_its_sources_event(client):
    story = factories.article(published=False)
    ramstein = sourcing.event(name="Ramstein meeting")
    source = sourcing.source(story, kind="press_conference", event=ramstein)
    austin = sourcing.person(name="Lloyd Austin", current_role="US Secretary of Defense")
    client.force_login(factories.editor())
    data = with_rows(
        form_of(client, change_url(story)),
        "quotes",
        [{"speaker": str(austin.pk), "text": "We will do more.", "source": str(source.pk), "kind": "direct"}],
    )
    assert "quotes-0-event" not in data  # asked on the source only
    assert client.post(change_url(story), data | {"_save": "1"}).status_code == 302
    quote = Quote.objects.get(article=story)
    assert (quote.speaker_role, quote.event) == ("US Secretary of Defense", ramstein)


def test_the_speakers_current_role_is_offered_to_staff_only(client):
    austin = sourcing.person(name="Lloyd Austin", current_role="US Secretary of Defense")
    url = reverse("admin:sourcing_person_current_role", args=[austin.pk])
    assert client.get(url).status_code == 302  # to the sign-in
    client.force_login(factories.reporter())
    assert client.get(url).json() == {"current_role": "US Secretary of Defense"}
    assert client.get(reverse("admin:sourcing_person_current_role", args=["abc"])).status_code == 404


# Issue 19, item 7: order by dragging --------------------------------------------------------------------------


def test_positions_are_hidden_and_the_posted_order_is_the_order_readers_see(client):
    story = factories.article(published=False)
    first = sourcing.source(story, description="First", position=1)
    second = sourcing.source(story, description="Second", position=2)
    client.force_login(factories.editor())
    page = client.get(change_url(story)).content.decode()
    assert 'type="hidden" name="sources-0-position"' in page and "js/admin-ordering.js" in page
    data = form_of(client, change_url(story))
    data["sources-0-position"], data["sources-1-position"] = "2", "1"  # what the script posts after a drag
    assert client.post(change_url(story), data | {"_save": "1"}).status_code == 302
    assert list(story.sources.all()) == [second, first]


def test_an_empty_new_row_numbered_by_the_script_is_not_an_error(client):
    story = factories.article(published=False)
    client.force_login(factories.editor())
    data = form_of(client, change_url(story))
    data["bylines-TOTAL_FORMS"] = "1"
    data["bylines-0-position"] = "1"  # the script numbers every row, an empty one too
    response = client.post(change_url(story), data | {"_save": "1"})
    assert response.status_code == 302


def test_a_source_or_quote_dated_after_today_is_refused_at_its_row_and_the_story_is_not_saved(client):
    client.force_login(factories.editor())
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    data = new_story_form(client, factories.section())
    with_rows(data, "bylines", [{"author": str(factories.author().pk)}])
    with_rows(
        data,
        "sources",
        [{"kind": "press_conference", "description": "Press conference at the ministry", "date": tomorrow}],
    )
    with_rows(
        data,
        "quotes",
        [{"text": "We will do more.", "source": "new-0", "kind": "direct", "said_on": tomorrow}],
    )
    response = client.post(reverse("admin:articles_article_add"), data | {"_save": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("This date is still to come (today is ") == 2
    assert "give the day it was published or held." in page and "give the day the words were said." in page
    assert not Article.objects.filter(headline__startswith="Austin after Ramstein").exists()

    today = timezone.localdate().isoformat()
    data["sources-0-date"] = data["quotes-0-said_on"] = today
    response = client.post(reverse("admin:articles_article_add"), data | {"_save": "1"})
    assert response.status_code == 302
    (quote,) = Article.objects.get(headline__startswith="Austin after Ramstein").quotes.all()
    assert quote.said_on.isoformat() == today and quote.source.date.isoformat() == today


def test_a_quotes_view_on_site_opens_the_preview_at_the_quote_while_readers_cannot_see_the_story(client):
    draft, live = factories.article(published=False), factories.article()
    draft_quote, live_quote = sourcing.quote(draft), sourcing.quote(live)
    client.force_login(factories.editor())
    preview = reverse("articles:preview", kwargs={"pk": draft.pk}) + f"#quote-{draft_quote.pk}"
    assert f'href="{preview}"' in client.get(change_url(draft)).content.decode()
    assert f'id="quote-{draft_quote.pk}"' in client.get(preview.split("#")[0]).content.decode()
    # A live story's quote keeps Django's view-on-site redirect to the quote on the story's page.
    link = reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(Quote).pk, live_quote.pk])
    assert f'href="{link}"' in client.get(change_url(live)).content.decode()
    assert client.get(link)["Location"].endswith(f"{live.get_absolute_url()}#quote-{live_quote.pk}")
