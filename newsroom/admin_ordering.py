"""Inline rows put in order by dragging them, or with their Up and Down buttons, instead of typing positions.

Any inline whose model keeps its order in a number field (bylines, sources, quotes) can use it. The field
stays in the form, hidden; static/js/admin-ordering.js numbers the rows 1, 2, 3… in the order they stand,
whenever one moves and when the form is sent, new rows included. Without JavaScript the stored order is kept.

Not django-admin-sortable2: it lets only rows already saved be dragged, so an editor could not order the
sources of a story written in one go, and its move buttons cannot be reached with the keyboard.
"""

from django import forms
from django.utils.translation import gettext


class RowOrderField(forms.IntegerField):
    """A row's place, written by the script; a row posted without one goes first, as the model's default."""

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=0, max_value=32767, **kwargs)

    def clean(self, value):
        return super().clean(value) or 0


class OrderedByDraggingMixin:
    order_field = "position"

    classes = ["ordered-by-dragging"]

    @property
    def media(self):
        # A property, not a Media class: an inline's own Media class would hide this one.
        return super().media + forms.Media(js=["js/admin-ordering.js"])

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if self.order_field in formset.form.base_fields:  # absent when the person may only view the story
            formset.form = type(
                formset.form.__name__,
                (formset.form,),
                {"has_changed": _has_changed, "order_field": self.order_field},
            )
            # The buttons' words travel with the field: the admin's JavaScript catalogue is Django's own.
            formset.form.base_fields[self.order_field] = RowOrderField(
                widget=forms.HiddenInput(
                    attrs={
                        "data-row-order": "",
                        "data-drag-label": gettext("Drag to move"),
                        "data-up-label": gettext("Move up"),
                        "data-down-label": gettext("Move down"),
                    }
                )
            )
        return formset


def _has_changed(form):
    """A new row numbered by the script but otherwise left empty is still an empty row: not validated nor
    saved. A stored row whose only change is its place is saved."""
    changed = form.changed_data
    if form.instance.pk is None:
        changed = [name for name in changed if name != form.order_field]
    return bool(changed)
