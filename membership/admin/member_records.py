"""A member's records on their admin page, one table per kind: status changes, payments, consents and emails,
shown and never written there (membership.services writes them)."""

from django.contrib import admin

from membership.models import ConsentRecord, Notification, Payment, StatusChange


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
