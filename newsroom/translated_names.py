"""A translated field's text as readers see it, in SQL: for sorting and filtering by what a page shows.

django-modeltranslation gives `author.name` in the active language or, where that is empty, in its fallback
languages (the default language's at the end). Lookups on `name` go to the active language's column alone, so
ordering by it put the rows not yet named in that language last (PostgreSQL) or first (SQLite), and an
A-to-Z index missed their initials. `shown_in_active_language("name")` is the same choice as an expression,
and `shown_language(author, "bio")` tells which language's text a page shows.
"""

from django.db import models
from django.db.models.functions import Coalesce, NullIf
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order


def shown_in_active_language(field, output_field=None):
    columns = [
        NullIf(build_localized_fieldname(field, language), models.Value(""))
        for language in resolution_order(get_language())
    ]
    if len(columns) == 1:
        return columns[0]
    return Coalesce(*columns, output_field=output_field or models.CharField())


def shown_language(instance, field):
    """The language whose text `instance.<field>` gives in the active language (its own, or a fallback's
    where it has none); None when every language's is empty."""
    for language in resolution_order(get_language()):
        if getattr(instance, build_localized_fieldname(field, language)):
            return language
    return None
