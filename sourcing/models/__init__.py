"""Sourcing as data: where a story's claims come from (sources), who said what (quotes) and who they are.

A Person is shared across stories; their role is stored on each quote, because roles change and a page must
show the role a person had when they spoke. A quote's source must be one of its own article's sources: the
model validates it, and the database refuses it too (see migration 0002).

What readers may see is decided at query time from the article (`Article.objects.published()`), so a quote
appears and disappears with its story. An anonymous source's justification is for staff only.
"""

from sourcing.models.events import Event
from sourcing.models.people import Person
from sourcing.models.quotes import SHORTCODE_RE, Quote, QuoteQuerySet
from sourcing.models.sources import Source, SourceQuerySet

__all__ = ["SHORTCODE_RE", "Event", "Person", "Quote", "QuoteQuerySet", "Source", "SourceQuerySet"]
