"""Staff tools for membership: members, tiers, currencies with bank details, payments, consents, and the
dashboard. Status changes and staff edits of a member go through `membership.services`, never through a
plain field edit, so the status history, the consents and the member's history are complete. The member's
history (django-simple-history) is shown, never restored from: a restore would go around those services.
"""

import csv

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from membership import dashboard, services
from membership.models import (
    ConsentRecord,
    ConsentText,
    Currency,
    Member,
    Notification,
    Payment,
    ReaderAppeal,
    Status,
    StatusChange,
    Tier,
    TierPrice,
    validate_pledge,
)
from newsroom.admin import CheckedInputMixin, ModelAdmin, is_primary_key

CSV_COLUMNS = [
    "name", "email", "country", "status", "tier", "amount", "currency", "frequency", "signed_up",
    "confirmed", "paid_until", "last_payment", "newsletter", "payment_reference",
]  # fmt: skip


def csv_safe(value):
    """Spreadsheets run cells that start with = + - @ as formulas; a leading quote keeps them text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@admin.register(Currency)
class CurrencyAdmin(ModelAdmin):
    list_display = [
        "code",
        "name",
        "active",
        "position",
        "account_holder",
        "formatted_iban",
        "minimum_amount",
    ]
    list_editable = ["active", "position"]
    fieldsets = [
        (None, {"fields": ["code", "name", "active", "position", "minimum_amount"]}),
        (
            _("Bank account readers pay into"),
            {"fields": ["account_holder", "bank_name", "bank_address", "iban", "account_number", "swift"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


class TierPriceInline(admin.TabularInline):
    model = TierPrice
    extra = 1


@admin.register(Tier)
class TierAdmin(ModelAdmin):
    list_display = ["name", "active", "position", "prices_summary"]
    list_editable = ["active", "position"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TierPriceInline]

    @admin.display(description=_("prices"))
    def prices_summary(self, tier):
        return "; ".join(f"{p.amount} {p.currency_id} {p.get_frequency_display()}" for p in tier.prices.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("prices")


@admin.register(ConsentText)
class ConsentTextAdmin(ModelAdmin):
    """Adding a text publishes its next version; existing versions are read-only, because each consent
    record points at the exact words the reader agreed to."""

    list_display = ["kind", "language", "version", "created_at", "created_by", "short_text"]
    list_filter = ["kind", "language"]
    readonly_fields = ["version", "created_at", "created_by"]

    @admin.display(description=_("text"))
    def short_text(self, text):
        return text.text[:100]

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        published = ConsentText.publish(kind=obj.kind, text=obj.text, language=obj.language, by=request.user)
        obj.pk, obj.version = published.pk, published.version


class ReadOnlyInline(admin.TabularInline):
    """A member's records of one kind, shown on the member's page and never written there: the services
    write them (a status change, a payment, a consent, an email), so each row stays as it was recorded."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ["at", "from_status", "to_status", "actor", "by", "note"]


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = [
        "paid_on",
        "amount",
        "currency",
        "method",
        "reference",
        "period_start",
        "period_end",
        "recorded_by",
    ]
    show_change_link = True


class ConsentInline(ReadOnlyInline):
    model = ConsentRecord
    fields = ["at", "consent_text", "given", "channel", "recorded_by"]


class NotificationInline(ReadOnlyInline):
    model = Notification
    fields = ["created_at", "kind", "sent_at", "attempts", "last_error", "gave_up"]


class CurrentStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.filter(current=self.value())
        return queryset


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = list(services.STAFF_EDITABLE_FIELDS)

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
    list_display = [
        "display_name", "email", "current_status", "tier", "amount", "currency", "frequency", "since",
        "paid_until", "last_payment",
    ]  # fmt: skip
    list_filter = [CurrentStatusFilter, "tier", "currency", "frequency", "newsletter", "country"]
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

    @admin.display(description=_("name"), ordering="name")
    def display_name(self, member):
        return member.name or _("(erased)")

    @admin.display(description=_("status"), ordering="current")
    def current_status(self, member):
        return Status(member.current).label

    @admin.display(description=_("status"))
    def status_display(self, member):
        return member.get_current_status_display()

    @admin.display(description=_("since"), ordering="created_at")
    def since(self, member):
        return member.confirmed_at or member.created_at

    @admin.display(description=_("last payment"), ordering="last_paid_on")
    def last_payment(self, member):
        return member.last_paid_on

    @admin.display(description=_("payments"))
    def record_payment_link(self, member):
        if not member.pk:
            return "-"
        url = reverse("admin:membership_payment_add") + f"?member={member.pk}&currency={member.currency_id}"
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
        response.write("\ufeff")  # so spreadsheet programs read UTF-8 names correctly
        writer = csv.writer(response)
        writer.writerow(CSV_COLUMNS)
        for member in queryset.select_related("tier", "currency"):
            writer.writerow(
                [
                    csv_safe(value)
                    for value in [
                        member.name, member.email, member.country.code, member.current,
                        member.tier.name if member.tier else "", member.amount, member.currency_id,
                        member.frequency, member.created_at.isoformat(),
                        member.confirmed_at.isoformat() if member.confirmed_at else "",
                        member.paid_until or "", member.last_paid_on or "", member.newsletter,
                        member.payment_reference,
                    ]
                ]
            )  # fmt: skip
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
        for member in queryset:
            services.member_cancel(member=member, by=request.user, actor="staff")
        self.message_user(request, _("Cancelled %(count)d memberships.") % {"count": queryset.count()})

    @admin.action(description=_("Erase personal data (keeps payments)"), permissions=["erase"])
    def erase_members(self, request, queryset):
        for member in queryset:
            services.member_erase(member=member, by=request.user)
        self.message_user(
            request, _("Erased the personal data of %(count)d members.") % {"count": queryset.count()}
        )

    def has_erase_permission(self, request):
        return request.user.has_perm("membership.erase_member")


class PaymentForm(forms.ModelForm):
    class Meta:
        model = Payment
        fields = ["member", "amount", "currency", "paid_on", "method", "reference", "note"]

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise forms.ValidationError(_("A payment cannot be in the future."), code="future")
        return paid_on

    def clean(self):
        cleaned = super().clean()
        member = cleaned.get("member")
        if member is not None and member.erased_at:
            raise forms.ValidationError(_("This member was erased; record no new payments."), code="erased")
        return cleaned


@admin.register(Payment)
class PaymentAdmin(ModelAdmin):
    """Payments are recorded, never edited: a payment changes the period a membership is paid for."""

    form = PaymentForm
    list_display = [
        "paid_on",
        "member",
        "amount",
        "currency",
        "method",
        "reference",
        "period_end",
        "recorded_by",
    ]
    list_filter = ["currency", "method", "paid_on"]
    search_fields = ["member__name", "member__email", "member__payment_reference", "reference"]
    autocomplete_fields = ["member"]
    list_select_related = ["member", "currency", "recorded_by"]
    date_hierarchy = "paid_on"

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["period_start", "period_end"]
        return ["member", "amount", "currency", "paid_on", "method", "reference", "note", "period_start",
                "period_end", "recorded_by", "recorded_at"]  # fmt: skip

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        data = form.cleaned_data
        payment = services.payment_record(
            member=data["member"],
            amount=data["amount"],
            currency=data["currency"],
            paid_on=data["paid_on"],
            method=data["method"],
            reference=data["reference"],
            note=data["note"],
            by=request.user,
        )
        obj.pk = payment.pk
        obj.period_start, obj.period_end = payment.period_start, payment.period_end


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ModelAdmin):
    list_display = ["at", "member", "consent_text", "given", "channel", "recorded_by"]
    list_filter = ["consent_text__kind", "given", "channel"]
    search_fields = ["member__email", "member__name"]
    list_select_related = ["member", "consent_text", "recorded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReaderAppeal)
class ReaderAppealAdmin(ModelAdmin):
    list_display = ["heading", "language", "is_active", "updated_at"]
    list_filter = ["is_active", "language"]
