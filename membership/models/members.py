"""Members and their status history.

A member's stored `status` is what the last recorded transition said. An active member whose paid period
has ended is lapsed at once for every reader of the data (`MemberQuerySet.with_current_status`,
`Member.current_status`); the `membership_lapse` command then writes that transition into the history.
A membership renewed by card lapses a little later (`CARD_RENEWAL_DAYS`, `PAST_DUE_DAYS`): its renewal is
charged on the day after the period ends, and retried for days when the card fails.
"""

import datetime
import unicodedata
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from membership.countries import MemberCountries
from membership.models.pledges import Currency, Frequency, Tier
from membership.references import format_rf_reference, new_rf_reference


def normalize_email(address: str) -> str:
    """One spelling per mailbox: surrounding spaces dropped and the whole address lower-cased.

    The local part is case-sensitive in theory, but no mail provider our readers use treats it so, and
    "Ana@Example.org" and "ana@example.org" signing up twice must be the same member.
    """
    return (address or "").strip().lower()


def validate_no_invisible_characters(value):
    """Refuse format and control characters (Unicode categories Cf and Cc) in text a person types on one
    line: a right-to-left override (U+202E) shows a name reversed in the admin and in emails, and zero-width
    characters make two spellings of one name look alike. Letters and combining accents (categories L and M)
    of every script pass."""
    if any(unicodedata.category(char) in ("Cf", "Cc") for char in value or ""):
        raise ValidationError(
            _(
                "Please type this again without the invisible characters it contains (such as zero-width "
                "spaces or text direction marks); they often come along when text is copied and pasted."
            ),
            code="invisible_characters",
        )


class Status(models.TextChoices):
    PENDING = "pending", _("Pending (email not confirmed)")
    CONFIRMED = "confirmed", _("Confirmed (awaiting payment)")
    ACTIVE = "active", _("Active")
    PAST_DUE = "past_due", _("Past due (card renewal failed)")
    LAPSED = "lapsed", _("Lapsed")
    CANCELLED = "cancelled", _("Cancelled")


# A card renewal is charged the day after the paid period ends, at the hour the card was first charged: the
# lapse command may not run before it. A failed one is retried (Stripe's default schedule: up to 8 tries in
# two weeks); meanwhile the member is "past due", not lapsed.
CARD_RENEWAL_DAYS = 2
PAST_DUE_DAYS = 15


def lapsed_by(today: datetime.date) -> Q:
    """The members whose paid period has ended as of `today`, renewal and retries allowed for."""
    return (
        Q(status=Status.ACTIVE, card_subscription_id="", paid_until__lt=today)
        | Q(
            Q(status=Status.ACTIVE) & ~Q(card_subscription_id=""),
            paid_until__lt=today - datetime.timedelta(days=CARD_RENEWAL_DAYS),
        )
        | Q(status=Status.PAST_DUE, paid_until__lt=today - datetime.timedelta(days=PAST_DUE_DAYS))
    )


class MemberQuerySet(models.QuerySet):
    def with_current_status(self, *, today=None):
        """Annotate `current` with the status as of `today`: active members whose period ended are lapsed."""
        today = today or timezone.localdate()
        return self.annotate(
            current=Case(
                When(lapsed_by(today), then=Value(Status.LAPSED.value)),
                default=F("status"),
                output_field=models.CharField(),
            )
        )

    def currently(self, status, *, today=None):
        return self.with_current_status(today=today).filter(current=status)

    def due_to_lapse(self, *, today=None):
        return self.filter(lapsed_by(today or timezone.localdate()))

    def not_erased(self):
        return self.filter(erased_at__isnull=True)

    def with_email(self, address):
        """The member with this address, looked up through the unique index on the lower-cased email: a
        plain `email=` filter cannot use that index and reads the whole table."""
        return self.alias(normalized_email=Lower("email")).filter(normalized_email=normalize_email(address))


class Member(models.Model):
    Status = Status
    Frequency = Frequency

    email = models.EmailField(
        _("email"),
        max_length=254,
        null=True,
        blank=True,
        validators=[validate_no_invisible_characters],
        help_text=_("Stored lower-cased; empty once erased."),
    )
    name = models.CharField(
        _("name"), max_length=150, blank=True, validators=[validate_no_invisible_characters]
    )
    country = CountryField(_("country"), blank=True, countries=MemberCountries)
    language = models.CharField(_("language"), max_length=10, default="en", help_text=_("For emails."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    tier = models.ForeignKey(
        Tier, on_delete=models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("tier")
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, verbose_name=_("currency"))
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    payment_reference = models.CharField(
        _("payment reference"),
        max_length=25,
        unique=True,
        editable=False,
        help_text=_("ISO 11649 RF reference."),
    )
    newsletter = models.BooleanField(_("newsletter"), default=False)
    created_at = models.DateTimeField(_("signed up"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("email confirmed"), null=True, blank=True, editable=False)
    paid_until = models.DateField(
        _("paid until"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Last day the membership is paid for."),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)
    confirmation_sent_at = models.DateTimeField(
        _("confirmation email queued"), null=True, blank=True, editable=False
    )
    # A recurring pledge paid by card: the provider's customer and subscription (membership/providers/).
    card_provider = models.CharField(_("card payments by"), max_length=30, blank=True, editable=False)
    card_customer_id = models.CharField(_("card customer"), max_length=255, blank=True, editable=False)
    card_subscription_id = models.CharField(
        _("card subscription"),
        max_length=255,
        blank=True,
        editable=False,
        help_text=_("Renews the membership by card; empty once it ended."),
    )

    objects = MemberQuerySet.as_manager()
    # Every change of a member, with who made it (staff in the admin, the reader's own pages, the system).
    # Erasure empties the personal data of these rows too (services.member_erase).
    history = HistoricalRecords(
        verbose_name=_("member's earlier version"), verbose_name_plural=_("members' history")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        permissions = [
            ("export_member", _("Can export members as CSV")),
            ("erase_member", _("Can erase a member's personal data")),
        ]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="member_unique_email"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="member_amount_positive"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="member_status_known"),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="member_frequency_known"
            ),
            models.CheckConstraint(
                condition=Q(erased_at__isnull=True) | Q(email__isnull=True, name=""),
                name="member_erased_has_no_personal_data",
            ),
            models.UniqueConstraint(
                fields=["card_provider", "card_subscription_id"],
                condition=~Q(card_subscription_id=""),
                name="member_card_subscription_once",
            ),
        ]

    def __str__(self):
        # No name and no address: erased, or a row of the history from before the erasure.
        if self.erased_at or not (self.name or self.email):
            return _("Erased member %(reference)s") % {"reference": self.payment_reference}
        return f"{self.name} <{self.email}>"

    def save(self, *args, **kwargs):
        if self.email:
            self.email = normalize_email(self.email)
        if self.payment_reference:
            return super().save(*args, **kwargs)
        # A fresh random reference until one is free; the savepoint keeps an outer transaction usable.
        for _attempt in range(10):
            self.payment_reference = new_rf_reference()
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                if not Member.objects.filter(payment_reference=self.payment_reference).exists():
                    raise
        raise IntegrityError("No free payment reference found.")

    def current_status(self, *, today=None):
        today = today or timezone.localdate()
        if self.status not in (Status.ACTIVE, Status.PAST_DUE) or not self.paid_until:
            return self.status
        grace = 0
        if self.status == Status.PAST_DUE:
            grace = PAST_DUE_DAYS
        elif self.card_subscription_id:
            grace = CARD_RENEWAL_DAYS
        if self.paid_until < today - datetime.timedelta(days=grace):
            return Status.LAPSED
        return self.status

    def get_current_status_display(self):
        return Status(self.current_status()).label

    @property
    def formatted_reference(self):
        return format_rf_reference(self.payment_reference)

    @property
    def monthly_amount(self):
        """What this pledge brings per month: yearly counts a twelfth, one-time counts nothing."""
        if self.frequency == Frequency.MONTHLY:
            return self.amount
        if self.frequency == Frequency.YEARLY:
            return (self.amount / 12).quantize(Decimal("0.01"))
        return Decimal("0")


class StatusChange(models.Model):
    """One line of a member's history. Append-only: rows are never changed or deleted."""

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="status_changes", verbose_name=_("member")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    actor = models.CharField(
        _("changed by"), max_length=60, help_text=_("'reader', 'staff', 'system' or a command's name.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status history")

    def __str__(self):
        # Heads the row in the member's page (admin inline): the statuses in words, in the staff's language.
        return f"{self.get_from_status_display() or '∅'} → {self.get_to_status_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("The status history is append-only."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("The status history is append-only."))
