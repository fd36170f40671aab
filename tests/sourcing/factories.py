"""Factory functions for sourcing: each makes one valid object, with keyword overrides."""

import itertools
from datetime import date

from sourcing.models import Event, Person, Quote, Source

_counter = itertools.count(1)


def person(**fields):
    fields.setdefault("name", f"Speaker {next(_counter)}")
    return Person.objects.create(**fields)


def event(**fields):
    number = next(_counter)
    fields.setdefault("name", f"Press conference {number}")
    fields.setdefault("date", date(2024, 5, 20))
    return Event.objects.create(**fields)


def source(article, **fields):
    number = next(_counter)
    fields.setdefault("kind", Source.Kind.INTERVIEW_ELSEWHERE)
    fields.setdefault("description", f"Interview given to Outlet {number}")
    fields.setdefault("outlet", f"Outlet {number}")
    return Source.objects.create(article=article, **fields)


def anonymous_source(article, **fields):
    fields.setdefault("kind", Source.Kind.ANONYMOUS)
    fields.setdefault("on_record", False)
    fields.setdefault("description", "Deputy head of procurement, met in person")
    fields.setdefault("public_description", "a senior official at the ministry")
    fields.setdefault("justification", "Would lose their job; documents they showed us were verified.")
    return source(article, **fields)


_new_source = source
NEW = object()


def quote(article, *, speaker=NEW, source=NEW, **fields):
    """A direct quote by `speaker` (a new person by default) from `source` (a new source of `article`)."""
    fields.setdefault("text", f"Words said for test number {next(_counter)}.")
    fields.setdefault("speaker_role", "Minister of Something")
    return Quote.objects.create(
        article=article,
        speaker=person() if speaker is NEW else speaker,
        source=_new_source(article) if source is NEW else source,
        **fields,
    )
