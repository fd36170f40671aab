"""What a story's body images must have, and what a translation must have translated, before it is published:
registered in articles' publish checks.

Registered in `articles.models.PUBLISH_CHECKS` (ArticlesConfig.ready), as sourcing registers its own, so the
same check runs when a reporter submits for review and when an editor publishes or schedules.
"""

import re

from django.db.models import Q
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext

from articles.body_images import body_images
from articles.models import Problem


def _name(image):
    """How the editor recognises a body image: its caption in the body, else the library's, else its file."""
    library = image.library_image
    text = image.caption or (library and (library.caption or library.credit)) or image.src.rsplit("/", 1)[-1]
    return Truncator(" ".join(text.split())).chars(60)


def body_image_problems(article):
    """Each body image that is not from the image library, or that has no alt text, named; empty when ready."""
    problems = []
    for image in body_images(article.body):
        if image.library_image is None:
            problems.append(
                Problem(
                    gettext(
                        "Image %(number)d in the body (“%(name)s”) is not from the image library: upload it with "
                        "the editor's image button or insert it from the library, so that it is checked and "
                        "served in the right size to every reader."
                    )
                    % {"number": image.number, "name": _name(image)},
                    field="body",
                )
            )
        elif not image.alt:
            problems.append(
                Problem(
                    gettext(
                        "Image %(number)d in the body (“%(name)s”) has no alt text: select it in the editor and "
                        "describe what it shows with “Change image text alternative”, or in the image library."
                    )
                    % {"number": image.number, "name": _name(image)},
                    field="body",
                )
            )
    return problems


TRANSLATED_FIELDS = ["headline", "standfirst", "body"]


def untranslated_text_problems(article):
    """Each of a translation's headline, standfirst and body that is still word for word the story's in another
    edition ("Translate this story" starts the draft with the text it was made from): published so, an
    Albanian page read English."""
    if article.translation_of_id is None:
        return []
    family = (
        type(article)
        .objects.filter(Q(pk=article.translation_of_id) | Q(translation_of_id=article.translation_of_id))
        .exclude(pk=article.pk)
        .values_list(*TRANSLATED_FIELDS)
    )
    elsewhere = {name: set() for name in TRANSLATED_FIELDS}
    for texts in family:
        for name, text in zip(TRANSLATED_FIELDS, texts, strict=True):
            elsewhere[name].add(_words(text))
    return [
        Problem(
            gettext("“%(field)s” is still word for word the story's in another edition: translate it first.")
            % {"field": capfirst(type(article)._meta.get_field(name).verbose_name)},
            field=name,
        )
        for name in TRANSLATED_FIELDS
        if _words(getattr(article, name)) and _words(getattr(article, name)) in elsewhere.get(name, ())
    ]


# What a translation's copy renumbers (sourcing's pull-quote shortcodes, "[quote 12]"): left out of the
# comparison, or a body untouched but for them would count as translated.
SHORTCODE = re.compile(r"\[\w+(?:\s|&nbsp;|\xa0)+\d+\]")


def _words(text):
    return " ".join(re.sub(r"<[^>]+>|&nbsp;", " ", SHORTCODE.sub(" ", text or "")).split())
