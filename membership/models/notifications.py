"""The emails owed to members, sent by the task queue."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from membership.models.members import Member
from membership.models.payments import Payment


class Notification(models.Model):
    """An email owed to a member. Written in the same transaction as the change that causes it, sent by
    the task queue; `sent_at` makes sending idempotent when a task runs twice."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("Confirm your email")
        PAYMENT_DETAILS = "payment_details", _("Payment details")
        PAYMENT_RECEIVED = "payment_received", _("Payment received")
        CANCELLED = "cancelled", _("Membership cancelled")
        MANAGE_LINK = "manage_link", _("Link to manage the membership")
        PAYMENT_FAILED = "payment_failed", _("Card renewal failed")
        YEARLY_STATEMENT = "yearly_statement", _("Yearly statement of payments")

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("member")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # What the email is about, when its kind is about one thing: the payment a receipt is for (a second
    # payment before the first receipt went out must not turn both into receipts for the newer one), the
    # year a statement lists.
    payment = models.ForeignKey(
        Payment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payment"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(2000)]
    )
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    gave_up = models.BooleanField(_("gave up"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("email")
        verbose_name_plural = _("emails")

    def __str__(self):
        # Heads the row in the member's page (admin inline): which email, and when it went or was queued, in
        # the staff's language (it read "Payment details → 1", the member's id).
        kind = self.get_kind_display()
        if self.sent_at:
            return gettext("“%(kind)s” email, sent %(when)s") % {"kind": kind, "when": _written(self.sent_at)}
        return gettext("“%(kind)s” email, queued %(when)s") % {
            "kind": kind,
            "when": _written(self.created_at),
        }


def _written(moment):
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
