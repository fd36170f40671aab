"""What the newsroom's model admins share: they check what an address or a form brings before Django
queries with it.

Django's admin hands some values to the database as they come: an add form's prefilled fields
(?section=3) and the rows ticked for an action. A value that cannot be one (?section=abc, a forged
checkbox "abc") then fails a query or a widget: a server error where the person should see the page.
"""

from axes import admin as axes_admin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth import admin as auth_admin  # noqa: F401 (registers User and Group)
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django_otp.plugins.otp_totp import admin as otp_totp_admin  # noqa: F401 (registers TOTPDevice)
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db import admin as tasks_admin  # noqa: F401 (registers DBTaskResult)
from django_tasks_db.models import DBTaskResult


def is_primary_key(model, text):
    """Whether `text`, from an admin address or form, can be a primary key of `model`."""
    try:
        model._meta.pk.to_python(unquote(text))
    except ValidationError:
        return False
    return True


class CheckedInputMixin:
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
for model in (User, Group, AccessLog, AccessFailureLog, TOTPDevice, DBTaskResult):
    with_checked_input(model)
admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, AccessAttemptAdmin)

# Staff work in their outlet's admin: its name over every page and in the browser tab, not Django's.
admin.site.site_header = admin.site.site_title = settings.SITE_NAME
