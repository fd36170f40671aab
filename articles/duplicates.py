"""Stories that look like the same story: a headline close to one saved in the last few days.

Two reporters writing up the same press conference, or one story entered twice, is a duplicate an editor wants
to hear about when saving, not after both are live. The comparison is on the headline's words (case, accents
kept as typed, punctuation and short words ignored), so "Austin: more air defence for Ukraine" and "More air
defence for Ukraine, Austin says" are close, and two different stories on the same subject usually are not.
"""

import re
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from articles.models import Article

RECENT_DAYS = 3
CLOSE_ENOUGH = 0.7  # share of the two headlines' words they have in common (Jaccard)
WORD = re.compile(r"\w{3,}")


def headline_words(headline):
    return {word.casefold() for word in WORD.findall(headline or "")}


def similar_recent_stories(article, *, seen_by, now=None, days=RECENT_DAYS):
    """The stories `seen_by` may see in the admin or readers on the site, saved or published in the last `days`, whose headline is close to
    `article`'s: newest first. A newsroom saves tens of stories in a few days, so they are compared here."""
    words = headline_words(article.headline)
    if not words:
        return []
    since = (now or timezone.now()) - timedelta(days=days)
    recent = (
        (Article.objects.visible_to(seen_by) | Article.objects.published())
        .filter(Q(created_at__gte=since) | Q(published_at__gte=since))
        .exclude(pk=article.pk)
        .only("pk", "headline", "status", "published_at", "created_at")
        .order_by("-created_at")
    )
    close = []
    for other in recent:
        other_words = headline_words(other.headline)
        if other_words and len(words & other_words) / len(words | other_words) >= CLOSE_ENOUGH:
            close.append(other)
    return close
