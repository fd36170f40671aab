"""Payments received, and the periods they pay for."""

import calendar
import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from membership.amounts import written_amount
from membership.models.members import Member
from membership.models.pledges import Currency


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's last day (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


class PaymentQuerySet(models.QuerySet):
    def in_year(self, year: int):
        """Paid in calendar year `year` (by the date the money arrived, as a tax year counts it)."""
        return self.filter(paid_on__year=year)

    def covering(self, day: datetime.date):
        return self.filter(period_start__lte=day, period_end__gte=day)

    def totals_by_currency(self):
        """[(currency code, total)], one per currency: amounts in two currencies are never added."""
        return list(
            self.order_by("currency_id")
            .values("currency_id")
            .annotate(total=models.Sum("amount"))
            .values_list("currency_id", "total")
        )


class Payment(models.Model):
    class Method(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", _("Bank transfer")
        CASH = "cash", _("Cash")
        CARD = "card", _("Card")
        OTHER = "other", _("Other")

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="payments", verbose_name=_("member")
    )
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, verbose_name=_("currency"))
    paid_on = models.DateField(_("paid on"), help_text=_("The date on the bank statement."))
    method = models.CharField(
        _("method"), max_length=20, choices=Method.choices, default=Method.BANK_TRANSFER
    )
    reference = models.CharField(
        _("reference"),
        max_length=60,
        blank=True,
        help_text=_("The reference the payer used, as the bank shows it."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    period_start = models.DateField(_("covers from"), editable=False)
    period_end = models.DateField(_("covers until"), editable=False, help_text=_("Last day covered."))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["-paid_on", "-pk"]
        get_latest_by = "paid_on"
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="payment_period_ordered"
            ),
        ]

    def __str__(self):
        # Heads the row in the member's page (admin inline) and names it in the admin's messages and history.
        return gettext("%(amount)s %(currency)s on %(date)s") % {
            "amount": written_amount(self.amount),
            "currency": self.currency_id,
            "date": formats.date_format(self.paid_on),
        }
