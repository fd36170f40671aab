"""What the newsroom's model admins share."""

from django.contrib import admin
from django.core.exceptions import ValidationError


class CheckedPrefillMixin:
    """An add form prefilled from its address (?section=3, ?tags=1,2) keeps only the values its fields
    accept. Django hands the address's values to the form as they are, and a value that is not one
    (?section=abc, ?published_at=abc) made a widget fail while rendering the form: a server error."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        fields = self.get_form(request).base_fields
        for name, value in list(initial.items()):
            if name in fields:
                try:
                    fields[name].clean(value)
                except ValidationError:
                    del initial[name]
        return initial


class ModelAdmin(CheckedPrefillMixin, admin.ModelAdmin):
    pass
