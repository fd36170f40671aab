"""What a story's sourcing must have before it is published: registered in articles' publish checks."""

from django.utils.text import Truncator
from django.utils.translation import gettext

from articles.models import Problem
from sourcing.models import SHORTCODE_RE


def _label(text, length=50):
    return Truncator(" ".join(text.split())).chars(length)


def sourcing_problems(article):
    """What the story's sourcing lacks to be published, naming each quote and source; empty when ready.

    Registered in `articles.models.PUBLISH_CHECKS`, so the same check runs when a reporter submits for review
    and when an editor publishes or schedules.
    """
    if article.pk is None:
        return []
    problems = []
    sources = list(article.sources.all())
    by_pk = {source.pk: source for source in sources}
    for number, source in enumerate(sources, start=1):
        name = _label(source.public_description or source.description)
        if source.is_anonymous and not source.justification.strip():
            problems.append(
                Problem(
                    gettext(
                        "Source %(number)d (“%(name)s”) is anonymous: write down why it cannot be named "
                        "(only staff see the justification)."
                    )
                    % {"number": number, "name": name},
                    inline="sources",
                    row=number - 1,
                )
            )
        if source.is_anonymous and not source.public_description.strip():
            problems.append(
                Problem(
                    gettext(
                        "Source %(number)d (“%(name)s”) is anonymous: describe it for readers, e.g. “a senior "
                        "official at the ministry”."
                    )
                    % {"number": number, "name": name},
                    inline="sources",
                    row=number - 1,
                )
            )
    quotes = list(article.quotes.all())
    for number, quote in enumerate(quotes, start=1):
        words = _label(quote.text)
        if quote.source_id is None:
            problems.append(
                Problem(
                    gettext(
                        "Quote %(number)d (“%(words)s”) has no source: choose one of the story's sources."
                    )
                    % {"number": number, "words": words},
                    inline="quotes",
                    row=number - 1,
                )
            )
        elif quote.source_id not in by_pk:
            problems.append(
                Problem(
                    gettext("Quote %(number)d (“%(words)s”) names a source of another story.")
                    % {"number": number, "words": words},
                    inline="quotes",
                    row=number - 1,
                )
            )
        if (
            quote.original_text
            and quote.original_language != article.language
            and " ".join(quote.text.split()) == " ".join(quote.original_text.split())
        ):
            # Carried over to a translation ("Translate this story") and not yet translated: the words as
            # said stay in original_text, readers of this edition read `text`.
            problems.append(
                Problem(
                    gettext(
                        "Quote %(number)d (“%(words)s”) is still in the words it was said in: translate it into "
                        "the story's language (the original words are kept with it)."
                    )
                    % {"number": number, "words": words},
                    inline="quotes",
                    row=number - 1,
                )
            )
        source = by_pk.get(quote.source_id)
        if quote.speaker_id is None and not (source and source.is_anonymous):
            problems.append(
                Problem(
                    gettext(
                        "Quote %(number)d (“%(words)s”) has no speaker: only an anonymous source's quote may "
                        "leave it empty."
                    )
                    % {"number": number, "words": words},
                    inline="quotes",
                    row=number - 1,
                )
            )
    own = {quote.pk for quote in quotes}
    for match in SHORTCODE_RE.finditer(article.body or ""):
        if int(match.group(1)) not in own:
            problems.append(
                Problem(
                    gettext("The body places %(shortcode)s, which is not one of this story's quotes.")
                    % {"shortcode": match.group(0)},
                    field="body",
                )
            )
    return problems
