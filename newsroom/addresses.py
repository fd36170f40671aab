"""Page addresses, remembered: `cached_reverse()` and `path_in_language()` are Django's `reverse()` and
`translate_url()` with each answer kept for the process.

An article page asks for about thirty addresses (its section, tags, authors, speakers, events, the
language links) and Django works each one out afresh, matching patterns and quoting arguments, which
cost about a tenth of a page's render. The answer depends only on the URLconf, the script prefix and
the active language (the address carries it: /mk/...), all part of the key, so it can be kept until the
URLconf changes (deploys restart the workers; tests that swap it clear the memory, see below).
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, translate_url
from django.urls import reverse as django_reverse
from django.utils.translation import get_language, override


def cached_reverse(viewname, *, kwargs=None, language=None):
    """`django.urls.reverse(viewname, kwargs=kwargs)` in the active language (or in `language`), remembered."""
    arguments = tuple(sorted(kwargs.items())) if kwargs else ()
    return _reverse(viewname, arguments, language or get_language(), get_script_prefix(), get_urlconf())


def path_in_language(path, language_code):
    """`path` of a page in the active language (query string included) as it reads in another language:
    /articles/x/ -> /mk/articles/x/."""
    # The page's own language (the active one) decides how `path` is read, so it is part of the key too.
    return _translate(path, language_code, get_language(), get_script_prefix(), get_urlconf())


# Bounded: one entry per address shown (stories, tags, people...) and language; the least used go first.
@lru_cache(maxsize=20_000)
def _reverse(viewname, arguments, language, script_prefix, urlconf):
    with override(language):
        return django_reverse(viewname, kwargs=dict(arguments))


@lru_cache(maxsize=20_000)
def _translate(path, language_code, page_language, script_prefix, urlconf):
    return translate_url(path, language_code)


@receiver(setting_changed)
def forget_addresses(*, setting, **kwargs):
    if setting in {"ROOT_URLCONF", "ADMIN_PATH", "LANGUAGES", "LANGUAGE_CODE"}:
        _reverse.cache_clear()
        _translate.cache_clear()
