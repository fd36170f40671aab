"""Sourcing in the editorial desk: sources and quotes as inlines of the article, speakers and events.

A quote's source is chosen among the article's own sources. Sources typed into the same form as a new story
have no id yet, so they cannot be offered: the quote's source is chosen after the first save (the field says
so). Whatever is posted, the form only accepts a source of this article, the model validates it again and the
database refuses anything else.
"""

from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from newsroom.admin import ModelAdmin
from sourcing.models import Event, Person, Quote, Source


def source_choice_label(source):
    """Staff see the real description, also for an anonymous source."""
    label = f"{source.get_kind_display()}: {Truncator(source.description).chars(80)}"
    return f"{label} ({source.outlet})" if source.outlet else label


@admin.register(Person)
class PersonAdmin(ModelAdmin):
    list_display = ["name", "wikidata_id", "slug"]
    search_fields = ["name", "wikidata_id"]
    fields = ["name", "wikidata_id", "bio", "slug"]


@admin.register(Event)
class EventAdmin(ModelAdmin):
    list_display = ["name", "date", "place"]
    search_fields = ["name", "place"]
    date_hierarchy = "date"
    fields = ["name", "date", "place", "description", "slug"]


class SourceInline(admin.StackedInline):
    model = Source
    extra = 0
    autocomplete_fields = ["event"]
    verbose_name_plural = _("sources (how we reported this)")
    fieldsets = [
        (
            None,
            {"fields": [("kind", "position"), "description", ("outlet", "date"), ("url", "archived_url")]},
        ),
        (
            _("Anonymity"),
            {
                "fields": ["on_record", "public_description", "justification"],
                "description": _(
                    "The justification is seen only by staff; readers see the public description."
                ),
            },
        ),
        (None, {"fields": ["event"]}),
    ]


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker", "event"]
    readonly_fields = ["shortcode"]
    verbose_name_plural = _("quotes")
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("speaker", "speaker_role"),
                    "text",
                    ("kind", "position"),
                    "source",
                    ("said_on", "event"),
                    "shortcode",
                ]
            },
        ),
        (_("Translation"), {"classes": ["collapse"], "fields": ["original_text", "original_language"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker", "source", "event")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("source")
        if field is not None:  # absent when the user may only view the story
            if obj is not None and obj.pk:
                field.queryset = Source.objects.filter(article=obj).order_by("position", "pk")
            else:
                field.queryset = Source.objects.none()
                field.help_text = _("Save the story first: then choose among the sources added above.")
            field.label_from_instance = source_choice_label
        return formset

    @admin.display(description=_("pull-quote shortcode"))
    def shortcode(self, quote):
        if not quote.pk:
            return _("Save to get the shortcode that places this quote in the body.")
        return _("Type %(shortcode)s on its own line in the body to show this quote there.") % {
            "shortcode": quote.shortcode
        }
