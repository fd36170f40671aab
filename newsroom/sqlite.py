"""SQLite, the database of `make run` and of the fast test run, taught to treat Macedonian and Albanian text as
PostgreSQL does.

- LIKE, which Django's icontains, istartswith and iexact use on SQLite, folds the case of ASCII letters only:
  the admin's search for "ана" missed "Ана", and "ç" missed "Ç". It is replaced by a LIKE that folds every
  letter's case (SQLite lets a connection define its own `like()`).
- PostgreSQL's ICU collations for the site's languages ("mk-x-icu"), which newsroom.alphabets.Alphabetical
  orders names with, are defined from newsroom.alphabets.sort_key under the same names.

Connected to `connection_created` in NewsroomConfig.ready(), for SQLite connections only.
"""

import functools
import re

from django.conf import settings

from newsroom.alphabets import collation, sort_key


@functools.lru_cache(maxsize=512)
def _like_pattern(pattern, escape):
    """The regular expression of a LIKE pattern: % is any text, _ any one character, `escape` makes the next
    character literal."""
    parts, characters = [], iter(pattern.casefold())
    for character in characters:
        if character == escape:
            parts.append(re.escape(next(characters, "")))
        elif character == "%":
            parts.append(".*")
        elif character == "_":
            parts.append(".")
        else:
            parts.append(re.escape(character))
    return re.compile("".join(parts), re.DOTALL)


def like(pattern, text, escape=None):
    """`text LIKE pattern [ESCAPE escape]`, without regard to case in any script. NULL if either is NULL."""
    if pattern is None or text is None:
        return None
    return _like_pattern(pattern, escape and escape.casefold()).fullmatch(str(text).casefold()) is not None


def _collating(language):
    def compare(first, second):
        first, second = sort_key(first, language), sort_key(second, language)
        return (first > second) - (first < second)

    return compare


def teach_sqlite(sender, connection, **kwargs):
    if connection.vendor != "sqlite":
        return
    database = connection.connection
    database.create_function("like", 2, like, deterministic=True)
    database.create_function("like", 3, like, deterministic=True)
    for language, _name in settings.LANGUAGES:
        database.create_collation(collation(language), _collating(language))
