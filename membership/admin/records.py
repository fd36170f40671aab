"""Payments and consents in the admin: payments are recorded through `services.payment_record` and never
edited or deleted (a payment sets the period a membership is paid for); consents are only read."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext_lazy as _

from membership import services
from membership.models import ConsentRecord, Payment
from newsroom.admin import ModelAdmin
from newsroom.formats.amounts import AmountField


class PaymentForm(forms.ModelForm):
    class Meta:
        model = Payment
        fields = ["member", "amount", "currency", "paid_on", "method", "reference", "note"]
        field_classes = {"amount": AmountField}  # "300,50" when staff work in Macedonian or Albanian

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

    def response_add(self, request, obj, post_url_continue=None):
        # Opened from a member's page ("Record a payment", which names the member in the address): back
        # there, where the payment and the paid period it set are to be seen, not to the list of payments.
        member_id = request.GET.get("member")
        if "_continue" in request.POST or "_addanother" in request.POST or member_id != str(obj.member_id):
            return super().response_add(request, obj, post_url_continue)
        message = _(
            "Payment recorded: %(amount)s %(currency)s paid on %(paid_on)s, covering %(start)s to %(end)s."
        )
        self.message_user(
            request,
            message
            % {
                "amount": localize(obj.amount),
                "currency": obj.currency_id,
                "paid_on": localize(obj.paid_on),
                "start": localize(obj.period_start),
                "end": localize(obj.period_end),
            },
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:membership_member_change", args=[obj.member_id]))

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
