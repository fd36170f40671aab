"""An RSS and an Atom feed per speaker: their newest published quotes in the edition's stories (as on their page).

Quotes, names, roles and bios are plain text; articles.feeds.RssFeed escapes them for feed readers.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from articles.feeds import AtomFeed, RssFeed, SiteFeed
from articles.text import QUOTATION_MARKS
from sourcing.models import Person, Quote
from sourcing.purging import add_person_keys

FEED_LENGTH = 30


def as_said(quote, text):
    """A direct quote's words in its story's language's quotation marks („…“ in Macedonian); a paraphrase's
    without any, as the speaker's page shows it: they are not the speaker's words."""
    if quote.kind == Quote.Kind.PARAPHRASE:
        return text
    opening, closing = QUOTATION_MARKS.get(quote.article.language, QUOTATION_MARKS["en"])
    return f"{opening}{text}{closing}"


class PersonQuotesFeed(SiteFeed):
    feed_type = RssFeed

    def get_object(self, request, slug):
        person = get_object_or_404(Person, slug=slug)
        add_person_keys(request, person)
        if not Quote.objects.by_speaker(person).exists():
            raise Http404("No published quotes by this person")
        return person

    def title(self, person):
        return _("Quotes by %(name)s · %(site)s") % {"name": person.name, "site": settings.SITE_NAME}

    def link(self, person):
        return self.absolute(person.get_absolute_url())

    def description(self, person):
        return person.bio or _("What %(name)s said, as quoted in our stories.") % {"name": person.name}

    def items(self, person):
        return Quote.objects.by_speaker(person).in_edition()[:FEED_LENGTH]

    def item_title(self, quote):
        return as_said(quote, Truncator(quote.text).words(16))

    def item_description(self, quote):
        text = as_said(quote, quote.text)
        if quote.kind == Quote.Kind.PARAPHRASE:
            text = f"{_('Paraphrase:')} {text}"
        parts = [text, quote.attribution, quote.article.headline]
        if quote.source_id:
            parts.append(_("Source: %(source)s") % {"source": quote.source.public_label})
        return " — ".join(part for part in parts if part)

    def item_link(self, quote):
        return self.absolute(quote.get_absolute_url())

    def item_guid(self, quote):
        return self.absolute(f"/quotes/{quote.pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, quote):
        return quote.article.published_at

    def item_updateddate(self, quote):
        # Atom asks each entry's <updated>; a quote keeps no time of its own.
        return quote.article.published_at


class PersonQuotesAtomFeed(PersonQuotesFeed):
    feed_type = AtomFeed

    def subtitle(self, person):
        return self.description(person)
