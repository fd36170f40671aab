"""What the newsroom's model admins share: they check what an address or a form brings before Django
queries with it.

Django's admin hands some values to the database as they come: an add form's prefilled fields
(?section=3), the rows ticked for an action, the keys chosen in a many-to-many field, the chosen values an
autocomplete widget shows again when a form comes back refused, and a date hierarchy's year. A value that
cannot be one (?section=abc, a forged checkbox "abc", a key of 20 digits, the year 99999999999999999999)
then fails a query or a widget: a server error where the person should see the page or the form's errors.
"""

import functools
from datetime import MAXYEAR, MINYEAR

from axes import admin as axes_admin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth import admin as auth_admin  # noqa: F401 (registers User and Group)
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_tasks_db import admin as tasks_admin  # noqa: F401 (registers DBTaskResult)
from django_tasks_db.models import DBTaskResult


def is_primary_key(model, text):
    """Whether `text`, from an admin address or form, can be a primary key of `model`."""
    return is_value_of(model._meta.pk, unquote(text))


def is_value_of(field, text):
    """Whether `text`, as a form sends it, can be a value of model field `field`: of its type, and within
    the range the database holds (SQLite fails on an integer beyond 64 bits rather than finding nothing)."""
    try:
        field.run_validators(field.to_python(text))
    except ValidationError:
        return False
    return True


class CheckedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django checks each chosen key's type before its query, but not its range."""

    def _check_values(self, value):
        opts = self.queryset.model._meta
        key = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        for text in value:
            if not is_value_of(key, str(text)):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": text}
                )
        return super()._check_values(value)


class CheckedAutocompleteMixin:
    """Shows again only the chosen values that can be keys: the autocomplete widget looks them up to show
    their names, and a value that cannot be one ("abc") failed that query when a refused form came back."""

    def optgroups(self, name, value, attr=None):
        opts = self.field.remote_field.model._meta
        key = opts.get_field(getattr(self.field.remote_field, "field_name", None) or opts.pk.name)
        return super().optgroups(name, [text for text in value if is_value_of(key, str(text))], attr)


class CheckedAutocompleteSelect(CheckedAutocompleteMixin, AutocompleteSelect):
    pass


class CheckedAutocompleteSelectMultiple(CheckedAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class CheckedChangeList(ChangeList):
    def get_filters(self, request):
        # A date hierarchy's year, month and day become dates and then a year's, a month's or a day's bounds
        # in the site's time zone. Django refuses an impossible date, but not a year whose bounds fall outside
        # what a date can hold (1 and 9999: the query or the next year fails) nor a number beyond C's long
        # (?published_at__year=99999999999999999999 raised OverflowError).
        year = request.GET.get(f"{self.date_hierarchy}__year") if self.date_hierarchy else None
        if year is not None and is_year_beyond_dates(year):
            raise IncorrectLookupParameters(f"The date hierarchy has no year {year}.")
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


def is_year_beyond_dates(text):
    try:
        return not MINYEAR < int(text) < MAXYEAR
    except ValueError:
        return False  # not a number at all, which Django refuses itself


class CheckedFieldsMixin:
    """Form fields for relations that check what a form sends, for model admins and their inlines alike."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", CheckedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@functools.cache
def checked_inline(inline_class):
    """`inline_class`, as a subclass with the checked form fields unless it has them already."""
    if issubclass(inline_class, CheckedFieldsMixin):
        return inline_class
    return type(inline_class.__name__, (CheckedFieldsMixin, inline_class), {})


class CheckedInputMixin(CheckedFieldsMixin):
    def get_changelist(self, request, **kwargs):
        return CheckedChangeList

    def get_inlines(self, request, obj):
        return [checked_inline(inline) for inline in super().get_inlines(request, obj)]

    def get_changeform_initial_data(self, request):
        """The add form's prefilled values, without those its fields refuse."""
        initial = super().get_changeform_initial_data(request)
        fields = self.get_form(request).base_fields
        for name, value in list(initial.items()):
            if name in fields:
                try:
                    fields[name].clean(value)
                except ValidationError:
                    del initial[name]
        return initial

    def response_action(self, request, queryset):
        """The action, on the ticked rows that can be rows: when none can, Django says to select some."""
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        usable = [value for value in selected if is_primary_key(self.model, value)]
        if usable != selected:
            request.POST = request.POST.copy()
            request.POST.setlist(helpers.ACTION_CHECKBOX_NAME, usable)
        return super().response_action(request, queryset)


class ModelAdmin(CheckedInputMixin, admin.ModelAdmin):
    pass


def with_checked_input(model):
    """Register `model`'s admin again, as a subclass that has the checks."""
    admin_class = type(admin.site.get_model_admin(model))
    admin.site.unregister(model)
    admin.site.register(model, type(admin_class.__name__, (CheckedInputMixin, admin_class), {}))


class AccessAttemptAdmin(CheckedInputMixin, axes_admin.AccessAttemptAdmin):
    def cleanup_expired_attempts(self, request, queryset):
        # django-axes 8.3's action reads the attempt time that axes sets only on sign-in requests, and
        # failed on every click with an AttributeError.
        AxesProxyHandler.update_request(request)
        return super().cleanup_expired_attempts(request, queryset)

    cleanup_expired_attempts.short_description = (
        axes_admin.AccessAttemptAdmin.cleanup_expired_attempts.short_description
    )


# The other apps' admins get the same checks. Their admin modules are imported above, so they are registered
# before they are replaced whatever the order of INSTALLED_APPS.
for model in (User, Group, AccessLog, AccessFailureLog, DBTaskResult):
    with_checked_input(model)
admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, AccessAttemptAdmin)

# Staff work in their outlet's admin: its name over every page and in the browser tab, not Django's.
admin.site.site_header = admin.site.site_title = settings.SITE_NAME
# Its home page is the editorial desk (articles.admin.desk), and says so.
admin.site.index_title = _("Desk")
