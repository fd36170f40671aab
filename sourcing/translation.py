"""People's and events' names and texts in each of the site's languages (django-modeltranslation), as for
sections, tags and authors (articles.translation): "Христијан Мицкоски" on the Macedonian edition's speaker
page and quotes, "Hristijan Mickoski" on the others, the default language's where one is not written yet.

A quote's "role at the time" is not here: it is written in its story's language, on the story's form.
"""

from modeltranslation.translator import register

from articles.translation import NamesInEachLanguage
from sourcing.models import Event, Person


@register(Person)
class PersonTranslation(NamesInEachLanguage):
    fields = ["name", "current_role", "bio"]


@register(Event)
class EventTranslation(NamesInEachLanguage):
    fields = ["name", "place", "description"]
