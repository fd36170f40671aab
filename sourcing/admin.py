"""Sourcing in the editorial desk: sources and quotes as inlines of the article, speakers and events.

A quote rests on one of the story's sources, also one typed into the same form and not saved yet: the
quote's source field offers the story's saved sources by id and the new rows of the sources' formset as
"new-<row>" (static/js/sourcing-admin.js keeps the list in step with what the editor types). The quote is
saved after the sources, and then points at the row that was just written. Whatever is posted, the form only
accepts a source of this article, the model validates it again and the database refuses anything else.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import get_translation_fields

from newsroom.admin import ModelAdmin, is_primary_key
from newsroom.admin_ordering import OrderedByDraggingMixin
from newsroom.choices import choice_label
from sourcing.models import Event, Person, Quote, Source

# The sources' formset in the story's form: Django names it after the article's accessor for its sources.
SOURCES_PREFIX = Source._meta.get_field("article").remote_field.get_accessor_name()
NEW_SOURCE = "new-"


def source_choice_label(kind, description, outlet=""):
    """How staff see a source in a quote's list: its kind and real description, also for an anonymous one."""
    label = f"{choice_label(Source.Kind, kind)}: {Truncator(description).chars(80)}"
    return f"{label} ({outlet})" if outlet else label


# People and events: every language's name and texts on one form (sourcing.translation), the default
# language's required; a name in any language finds them (also in the quote form's autocomplete).
@admin.register(Person)
class PersonAdmin(TranslationAdmin, ModelAdmin):
    list_display = ["name", "current_role", "wikidata_id", "slug"]
    search_fields = [*get_translation_fields("name"), "wikidata_id"]
    fields = ["name", "current_role", "wikidata_id", "bio", "slug"]

    def get_urls(self):
        current_role = path(
            "<path:object_id>/current-role/",
            self.admin_site.admin_view(self.current_role_view),
            name="sourcing_person_current_role",
        )
        return [current_role, *super().get_urls()]

    def current_role_view(self, request, object_id):
        """The speaker's current role, for the quote form to fill in "role at the time" when it is chosen."""
        if not self.has_view_permission(request) or not is_primary_key(Person, object_id):
            return JsonResponse({"error": gettext("No such person.")}, status=404)
        person = get_object_or_404(Person, pk=object_id)
        return JsonResponse({"current_role": person.current_role})


@admin.register(Event)
class EventAdmin(TranslationAdmin, ModelAdmin):
    list_display = ["name", "date", "place"]
    search_fields = [*get_translation_fields("name"), *get_translation_fields("place")]
    date_hierarchy = "date"
    fields = ["name", "date", "place", "description", "slug"]


class SourceInline(OrderedByDraggingMixin, admin.StackedInline):
    model = Source
    extra = 0
    autocomplete_fields = ["event"]
    verbose_name_plural = _("sources (how we reported this)")
    # A plain address box: the admin's URL widget writes "Currently: <the link> Change:" above a saved one,
    # three lines more per source, and words a screen reader reads out however they are hidden.
    formfield_overrides = {models.URLField: {"widget": forms.URLInput(attrs={"class": "vURLField"})}}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("kind", "description"),
                    ("outlet", "date", "event"),
                    ("url", "archived_url"),
                    "position",
                ]
            },
        ),
        (
            # Shown by static/js/sourcing-admin.js only when the kind is "Anonymous source".
            _("Anonymity"),
            {
                "classes": ["anonymity"],
                "fields": ["public_description", "justification"],
                "description": _(
                    "The justification is seen only by staff; readers see the public description."
                ),
            },
        ),
    ]

    class Media:
        js = ["admin/js/jquery.init.js", "js/sourcing-admin.js"]


class QuoteAdminForm(forms.ModelForm):
    # Replaces the model's choice of a saved source: a quote may rest on a source typed in the same form.
    source = forms.ChoiceField(
        label=capfirst(_("source")),  # as Django writes a model field's label
        required=False,
        help_text=_("One of this story's sources above, also one you have just added. Required to publish."),
    )
    pending_source_row = None  # the sources' formset row this quote rests on, until that row is saved

    def clean_source(self):
        value = self.cleaned_data["source"]
        self.pending_source_row = None
        if not value:
            return None
        if value.startswith(NEW_SOURCE) and value in self.new_source_rows:
            self.pending_source_row = int(value.removeprefix(NEW_SOURCE))
            return None
        if value in self.removed_sources:
            return None  # removed in the same save: the quote loses it, as the database's SET NULL would do
        source = self.saved_sources.get(value)
        if source is None:
            raise ValidationError(
                _("Choose one of this story's sources: that one is not in the form any more."),
                code="source_not_in_story",
            )
        return source


class QuoteFormSet(BaseInlineFormSet):
    """Quotes, offered the story's saved sources and the sources added in the same form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        saved = (
            Source.objects.filter(article=self.instance).order_by("position", "pk")
            if self.instance.pk
            else []
        )
        self.saved_sources = {str(source.pk): source for source in saved}
        self.new_source_rows, self.removed_sources = {}, set()
        if self.is_bound:
            self._read_source_rows()
        self.source_choices = [
            ("", "---------"),
            *(
                (pk, source_choice_label(s.kind, s.description, s.outlet))
                for pk, s in self.saved_sources.items()
            ),
            *self.new_source_rows.items(),
        ]

    def _read_source_rows(self):
        """From the sources' formset rows posted with this form: the new ones filled in, and the saved ones
        being removed."""
        try:
            total = int(self.data.get(f"{SOURCES_PREFIX}-TOTAL_FORMS", 0))
        except ValueError:
            return
        for row in range(min(total, 1000)):  # Django's own limit on a formset's rows
            field = f"{SOURCES_PREFIX}-{row}-"
            saved, removed = self.data.get(field + "id"), self.data.get(field + "DELETE")
            description = self.data.get(field + "description", "").strip()
            if saved and removed:
                self.removed_sources.add(saved)
            if saved or removed or not description:
                continue
            kind = self.data.get(field + "kind", "")
            label = source_choice_label(kind, description, self.data.get(field + "outlet", "").strip())
            self.new_source_rows[f"{NEW_SOURCE}{row}"] = gettext("%(source)s (added in this form)") % {
                "source": label
            }

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        self._offer_sources(form)
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        self._offer_sources(form)
        return form

    def _offer_sources(self, form):
        form.saved_sources = self.saved_sources
        form.new_source_rows, form.removed_sources = self.new_source_rows, self.removed_sources
        if "source" in form.fields:
            form.fields["source"].choices = self.source_choices
            if form.instance.source_id:  # as the browser posts it back, so an untouched quote is unchanged
                form.initial["source"] = str(form.instance.source_id)

    def save_new(self, form, commit=True):
        self._rest_on_new_source(form)
        return super().save_new(form, commit)

    def save_existing(self, form, obj, commit=True):
        self._rest_on_new_source(form)
        return super().save_existing(form, obj, commit)

    def _rest_on_new_source(self, form):
        """Point the quote at the source row it names, saved a moment ago with the sources' formset (the
        article's admin hands each formset its siblings before saving them)."""
        if form.pending_source_row is None:
            return
        sources = getattr(self, "siblings", {}).get(SOURCES_PREFIX)
        if sources is not None and form.pending_source_row < len(sources.forms):
            source = sources.forms[form.pending_source_row].instance
            if source.pk is not None:
                form.instance.source = source


class QuoteInline(OrderedByDraggingMixin, admin.StackedInline):
    model = Quote
    form = QuoteAdminForm
    formset = QuoteFormSet
    extra = 0
    autocomplete_fields = ["speaker"]
    readonly_fields = ["shortcode"]
    verbose_name_plural = _("quotes")
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("speaker", "speaker_role"),
                    "text",
                    ("source", "kind", "said_on"),
                    "position",
                    "shortcode",
                ]
            },
        ),
        (_("Translation"), {"classes": ["collapse"], "fields": ["original_text", "original_language"]}),
    ]

    class Media:
        js = ["admin/js/jquery.init.js", "js/sourcing-admin.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "speaker", "source", "event")

    def get_view_on_site_url(self, obj=None):
        # As the story's own link (articles.admin.preview): a story readers cannot see yet opens in its preview.
        if obj is not None and obj.pk and not obj.article.is_public():
            return reverse("articles:preview", kwargs={"pk": obj.article_id}) + f"#{obj.anchor}"
        return super().get_view_on_site_url(obj)

    @admin.display(description=_("pull-quote shortcode"))
    def shortcode(self, quote):
        if not quote.pk:
            return _("Save to get the shortcode that places this quote in the body.")
        return _("Type %(shortcode)s on its own line in the body to show this quote there.") % {
            "shortcode": quote.shortcode
        }
