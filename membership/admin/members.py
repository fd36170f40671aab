"""Members in the admin: the list with each one's current status, the member's page with their payments,
status history, consents and emails (shown, never written there), staff edits through
`services.member_edit`, the actions (export, resend, cancel, erase) and the dashboard.

The member's history (django-simple-history) is shown, never restored from: a restore would go around the
services that keep the status history, the consents and the history complete.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from membership import dashboard, exports, providers, services
from membership.admin.member_records import (
    ConsentInline,
    NotificationInline,
    PaymentInline,
    StatusChangeInline,
)
from membership.amounts import written_amount
from membership.models import (
    Member,
    Payment,
    Status,
    validate_pledge,
)
from newsroom.admin import CheckedInputMixin, is_primary_key
from newsroom.formats.amounts import AmountField


class CurrentStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.filter(current=self.value())
        return queryset


class MemberCountryFilter(admin.SimpleListFilter):
    """The countries members live in, not every country there is: the full list of about 250 made the
    member list a page several screens long. Named in the staff member's language and order."""

    title = _("country")
    parameter_name = "country__exact"  # the address Django's own filter of the field gave, kept working

    def lookups(self, request, model_admin):
        present = set(
            Member.objects.exclude(country="").order_by().values_list("country", flat=True).distinct()
        )
        field = Member._meta.get_field("country")
        return [(code, name) for code, name in field.get_choices(include_blank=False) if code in present]

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset


class MemberForm(forms.ModelForm):
    # The language the member's emails are written in: one of the site's, chosen by its name (a free text
    # field took "Macedonian" or "mk-MK", and the emails then fell back to English).
    language = forms.ChoiceField(
        label=capfirst(Member._meta.get_field("language").verbose_name),
        choices=settings.LANGUAGES,
        help_text=Member._meta.get_field("language").help_text,
    )

    class Meta:
        model = Member
        fields = list(services.STAFF_EDITABLE_FIELDS)
        field_classes = {"amount": AmountField}

    def clean_email(self):
        email = self.cleaned_data.get("email")
        if email and Member.objects.with_email(email).exclude(pk=self.instance.pk).exists():
            # Said in words, not as the database constraint's name ("member_unique_email" is violated).
            raise forms.ValidationError(
                _("Another member already has this email address."), code="email_taken"
            )
        return email

    def clean(self):
        cleaned = super().clean()
        # A pledge that staff change keeps the public form's rule; one left alone keeps the price it was
        # made at, even if the tier's price rose since.
        pledge_complete = all(cleaned.get(field) for field in ("amount", "currency", "frequency"))
        if pledge_complete and set(self.changed_data) & set(services.PLEDGE_FIELDS):
            validate_pledge(
                amount=cleaned["amount"],
                currency=cleaned["currency"],
                frequency=cleaned["frequency"],
                tier=cleaned.get("tier"),
            )
        return cleaned


@admin.register(Member)
class MemberAdmin(CheckedInputMixin, SimpleHistoryAdmin):
    form = MemberForm
    # Five columns, the name over the address and the pledge in one: ten needed sideways scrolling at 1280 px
    # beside the navigation and the filters (tier, currency and frequency are filters too).
    list_display = ["display_name", "current_status", "pledge", "paid_until", "last_payment"]
    list_filter = [
        CurrentStatusFilter, "tier", "currency", "frequency", "newsletter", MemberCountryFilter,
    ]  # fmt: skip
    search_fields = ["name", "email", "payment_reference"]
    readonly_fields = [
        "status_display", "payment_reference", "created_at", "confirmed_at", "paid_until", "cancelled_at",
        "erased_at", "record_payment_link",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["status_display", "name", "email", "country", "language", "newsletter"]}),
        (_("Pledge"), {"fields": ["tier", "amount", "currency", "frequency", "payment_reference"]}),
        (
            _("Dates"),
            {
                "fields": [
                    "created_at",
                    "confirmed_at",
                    "paid_until",
                    "cancelled_at",
                    "erased_at",
                    "record_payment_link",
                ]
            },
        ),
    ]
    inlines = [PaymentInline, StatusChangeInline, ConsentInline, NotificationInline]
    actions = ["export_csv", "resend_confirmation", "cancel_members", "erase_members"]
    list_select_related = ["tier", "currency"]
    date_hierarchy = "created_at"

    class Media:
        css = {"all": ["css/membership-admin.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_current_status()
            .annotate(last_paid_on=Max("payments__paid_on"))
        )

    def has_add_permission(self, request):
        return False  # members come from the sign-up form, with their consent

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.erased_at:
            return False  # nothing personal may come back
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # erase instead: payments must stay for the books

    def get_fieldsets(self, request, obj=None):
        # "Record a payment" only for staff who may record one, as the payment admin judges it: others
        # followed it to a "403 Forbidden".
        fieldsets = super().get_fieldsets(request, obj)
        if self.admin_site.get_model_admin(Payment).has_add_permission(request):
            return fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": [field for field in options["fields"] if field != "record_payment_link"],
                },
            )
            for name, options in fieldsets
        ]

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        changes = {field: form.cleaned_data[field] for field in form.changed_data}
        services.member_edit(member=obj, by=request.user, changes=changes)

    # History: shown, never restored from --------------------------------------------------------

    def revert_disabled(self, request, obj=None):
        return True

    def history_view(self, request, object_id, extra_context=None):
        if not is_primary_key(self.model, object_id):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (
            is_primary_key(self.model, object_id) and is_primary_key(self.model.history.model, version_id)
        ):
            raise Http404
        if request.method != "GET":
            # django-simple-history saves what a POST to this page holds, whether or not reverting is on.
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    @admin.display(description=_("member"), ordering="name")
    def display_name(self, member):
        name = member.name or _("(erased)")
        if not member.email:
            return name
        # A long address breaks at its "@" first (<wbr>), and only then wherever it must (the list's CSS).
        local, _at, domain = member.email.rpartition("@")
        return format_html('{}<br><span class="membership-email">{}<wbr>@{}</span>', name, local, domain)

    @admin.display(description=_("Pledge"), ordering="amount")
    def pledge(self, member):
        how = member.get_frequency_display()
        if member.tier:
            how = format_html("{} · {}", how, member.tier)
        return format_html(
            '{}\u00a0{}<br><span class="membership-pledge">{}</span>',
            written_amount(member.amount, 2),
            member.currency_id,
            how,
        )

    @admin.display(description=_("status"), ordering="current")
    def current_status(self, member):
        return Status(member.current).label

    @admin.display(description=_("status"))
    def status_display(self, member):
        return member.get_current_status_display()

    @admin.display(description=_("last payment"), ordering="last_paid_on")
    def last_payment(self, member):
        return member.last_paid_on

    @admin.display(description=_("payments"))
    def record_payment_link(self, member):
        if not member.pk:
            return "-"
        # The pledge filled in: what most transfers are; staff correct it when the member paid another sum.
        query = urlencode({"member": member.pk, "currency": member.currency_id, "amount": member.amount})
        url = reverse("admin:membership_payment_add") + "?" + query
        return format_html('<a href="{}">{}</a>', url, _("Record a payment"))

    def get_urls(self):
        return [
            path(
                "dashboard/",
                self.admin_site.admin_view(self.dashboard_view),
                name="membership_member_dashboard",
            ),
            *super().get_urls(),
        ]

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Membership dashboard"),
            "opts": self.model._meta,
            **dashboard.figures(today=timezone.localdate()),
        }
        return TemplateResponse(request, "admin/membership/dashboard.html", context)

    @admin.action(description=_("Export selected members as CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="members-{timezone.localdate().isoformat()}.csv"'
        )
        exports.members_csv(queryset.select_related("tier", "currency"), response)
        return response

    def has_export_permission(self, request):
        return request.user.has_perm("membership.export_member")

    @admin.action(description=_("Resend the confirmation email"), permissions=["change"])
    def resend_confirmation(self, request, queryset):
        sent = sum(services.member_resend_confirmation(member=member, by=request.user) for member in queryset)
        skipped = queryset.count() - sent
        self.message_user(
            request,
            ngettext("Confirmation queued for %d member.", "Confirmation queued for %d members.", sent)
            % sent,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%d member skipped: only pending members get a confirmation.",
                    "%d members skipped: only pending members get a confirmation.",
                    skipped,
                )
                % skipped,
                messages.WARNING,
            )

    @admin.action(description=_("Cancel selected memberships"), permissions=["change"])
    def cancel_members(self, request, queryset):
        cancelled = already = 0
        for member in queryset:
            was_cancelled = member.status == Status.CANCELLED
            try:
                services.member_cancel(member=member, by=request.user, actor="staff")
            except providers.ProviderUnavailable:
                message = _(
                    "%(member)s: the recurring card pledge could not be cancelled at the card payment "
                    "service, so the membership was not cancelled. Please try again later."
                )
                self.message_user(request, message % {"member": member}, messages.ERROR)
            else:
                if was_cancelled:
                    already += 1
                else:
                    cancelled += 1
        # Only the memberships this click ended: one cancelled before was counted as cancelled again.
        self.message_user(
            request,
            ngettext("Cancelled %(count)d membership.", "Cancelled %(count)d memberships.", cancelled)
            % {"count": cancelled},
        )
        if already:
            self.message_user(
                request,
                ngettext(
                    "%(count)d membership was cancelled already.",
                    "%(count)d memberships were cancelled already.",
                    already,
                )
                % {"count": already},
                messages.WARNING,
            )

    @admin.action(description=_("Erase personal data (keeps payments)"), permissions=["erase"])
    def erase_members(self, request, queryset):
        erased = already = 0
        for member in queryset:
            if member.erased_at:
                already += 1
                continue
            try:
                services.member_erase(member=member, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{member}: {' '.join(error.messages)}", messages.ERROR)
            else:
                erased += 1
        self.message_user(
            request,
            ngettext(
                "Erased the personal data of %(count)d member.",
                "Erased the personal data of %(count)d members.",
                erased,
            )
            % {"count": erased},
        )
        if already:
            self.message_user(
                request,
                ngettext(
                    "%(count)d member was erased already.", "%(count)d members were erased already.", already
                )
                % {"count": already},
                messages.WARNING,
            )

    def has_erase_permission(self, request):
        return request.user.has_perm("membership.erase_member")
