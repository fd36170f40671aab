"""What a reader can pledge: the currencies (each with the bank account it is paid into), the tiers and
their prices, how often a pledge is paid, and the rule every pledge keeps (`validate_pledge`)."""

import json
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from stdnum import iban as iban_number

from articles.slugs import SluggedModel, slug_field
from membership.amounts import written_price

MAX_AMOUNT = Decimal("1000000")


class Frequency(models.TextChoices):
    ONE_TIME = "one_time", _("One time")
    MONTHLY = "monthly", _("Monthly")
    YEARLY = "yearly", _("Yearly")

    @property
    def months(self):
        """How long one payment at this frequency keeps a membership active."""
        return {"one_time": settings.MEMBERSHIP_ONE_TIME_MONTHS, "monthly": 1, "yearly": 12}[self.value]


def iban_validator(value):
    if not iban_number.is_valid(value):
        raise ValidationError(_("Enter a valid IBAN (check the country code and check digits)."), code="iban")


class Currency(models.Model):
    """A currency readers may pledge in, with the bank account they pay into."""

    code = models.CharField(
        _("code"),
        max_length=3,
        primary_key=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Use the three capital letters of ISO 4217, e.g. EUR."))],
        help_text=_("ISO 4217 code, e.g. MKD or EUR."),
    )
    name = models.CharField(_("name"), max_length=60)
    active = models.BooleanField(
        _("offered"), default=True, help_text=_("Readers can choose it on the form.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    minimum_amount = models.DecimalField(
        _("smallest custom amount"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    account_holder = models.CharField(_("account holder"), max_length=200, blank=True)
    bank_name = models.CharField(_("bank"), max_length=200, blank=True)
    iban = models.CharField(
        _("IBAN"),
        max_length=42,
        blank=True,
        validators=[iban_validator],
        help_text=_("Leave empty if the account has only a domestic number."),
    )
    account_number = models.CharField(
        _("account number"), max_length=60, blank=True, help_text=_("Domestic account number, if any.")
    )
    swift = models.CharField(_("SWIFT/BIC"), max_length=11, blank=True)
    bank_address = models.CharField(_("bank address"), max_length=300, blank=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("currency and bank account")
        verbose_name_plural = _("currencies and bank accounts")

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        self.iban = iban_number.compact(self.iban) if self.iban else ""
        super().save(*args, **kwargs)

    @property
    def formatted_iban(self):
        return iban_number.format(self.iban) if self.iban else ""

    @property
    def has_bank_details(self):
        return bool(self.account_holder and (self.iban or self.account_number))


class TierQuerySet(models.QuerySet):
    def offered(self):
        return self.filter(active=True).prefetch_related(
            models.Prefetch("prices", queryset=TierPrice.objects.filter(currency__active=True))
        )


class Tier(SluggedModel):
    remembers_old_slugs = False  # a tier has no page of its own: its slug only names it in the join form

    name = models.CharField(_("name"), max_length=100)
    slug = slug_field(
        max_length=50,
        help_text=_("Names the tier in the join form's data; made from the name when left empty."),
    )
    description = models.TextField(_("description"), blank=True)
    benefits = models.TextField(_("benefits"), blank=True, help_text=_("One benefit per line."))
    active = models.BooleanField(
        _("offered"), default=True, help_text=_("Only offered tiers are on the form.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = TierQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("tier")
        verbose_name_plural = _("tiers")

    def __str__(self):
        return self.name

    @property
    def benefit_list(self):
        return [line.strip() for line in self.benefits.splitlines() if line.strip()]

    @property
    def price_json(self):
        """Prices for the form's script, keyed 'MKD monthly'."""
        return json.dumps({f"{p.currency_id} {p.frequency}": str(p.amount) for p in self.prices.all()})

    def price_for(self, *, currency_code, frequency):
        """The amount for this currency and frequency, or None when the tier is not offered so."""
        for price in self.prices.all():
            if price.currency_id == currency_code and price.frequency == frequency:
                return price.amount
        return None


class TierPrice(models.Model):
    tier = models.ForeignKey(Tier, on_delete=models.CASCADE, related_name="prices", verbose_name=_("tier"))
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, verbose_name=_("currency"))
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )

    class Meta:
        ordering = ["currency__position", "frequency"]
        verbose_name = _("tier price")
        verbose_name_plural = _("tier prices")
        constraints = [
            models.UniqueConstraint(fields=["tier", "currency", "frequency"], name="tierprice_one_per_kind"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="tierprice_amount_positive"),
        ]

    def __str__(self):
        return f"{self.tier}: {self.amount} {self.currency_id} ({self.get_frequency_display()})"


def validate_pledge(*, amount, currency, frequency, tier=None):
    """The rule for a pledge, wherever it is set (the public forms, the admin, services): with a tier, the
    tier must be offered in that currency and frequency and the amount be at least its price (the public
    form takes the price itself; staff may record more); without one, at least the currency's smallest
    amount. A ValidationError on the field concerned otherwise; an amount of None is checked for nothing
    but the tier being offered."""
    if tier is not None:
        price = tier.price_for(currency_code=currency.code, frequency=frequency)
        if price is None:
            raise ValidationError(
                {
                    "tier": ValidationError(
                        _(
                            "%(tier)s is not offered %(frequency)s in %(currency)s. Choose another option or "
                            "an amount of your choice."
                        ),
                        code="not_offered",
                        params={
                            "tier": tier.name,
                            "frequency": Frequency(frequency).label.lower(),
                            "currency": currency.code,
                        },
                    )
                }
            )
        if amount is not None and amount < price:
            raise ValidationError(
                {
                    "amount": ValidationError(
                        _("%(tier)s costs %(price)s %(currency)s %(frequency)s; for less, choose no tier."),
                        code="below_tier_price",
                        params={
                            "tier": tier.name,
                            "price": written_price(price),
                            "currency": currency.code,
                            "frequency": Frequency(frequency).label.lower(),
                        },
                    )
                }
            )
    elif amount is not None and amount < currency.minimum_amount:
        raise ValidationError(
            {
                "amount": ValidationError(
                    _("The smallest amount in %(currency)s is %(minimum)s."),
                    code="min_value",
                    params={"currency": currency.code, "minimum": written_price(currency.minimum_amount)},
                )
            }
        )
