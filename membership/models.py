"""Members, what they pledged, what they paid, what they consented to, and every change of status.

A member's stored `status` is what the last recorded transition said. An active member whose paid period
has ended is lapsed at once for every reader of the data (`MemberQuerySet.with_current_status`,
`Member.current_status`); the `membership_lapse` command then writes that transition into the history.
"""

import calendar
import datetime
import json
import unicodedata
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Lower
from django.utils import timezone
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords
from stdnum import iban as iban_number

from articles.models import Article
from membership.references import format_rf_reference, new_rf_reference

MAX_AMOUNT = Decimal("1000000")


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


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's last day (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


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


class Tier(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), unique=True)
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


class ConsentText(models.Model):
    """One version of a consent text. Versions are never edited: a changed text is a new version.

    A text is in one language, or in none (shown to readers of every language that has no text of its own),
    so a reader agrees to words they can read. Versions are numbered per kind across languages, so a
    kind's version number names one text; a changed policy needs a new version in each language.
    """

    class Kind(models.TextChoices):
        PRIVACY = "privacy", _("Privacy policy")
        NEWSLETTER = "newsletter", _("Newsletter")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Leave empty for the text shown in every language that has no consent text of its own."),
    )
    version = models.PositiveIntegerField(_("version"), editable=False)
    text = models.TextField(_("text"), help_text=_("Exactly what the reader reads next to the checkbox."))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["kind", "-version"]
        get_latest_by = "version"
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="consenttext_unique_version")]

    def __str__(self):
        language = f" ({self.language})" if self.language else ""
        return f"{self.get_kind_display()} v{self.version}{language}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A consent text is never changed: publish a new version."))
        super().save(*args, **kwargs)

    @classmethod
    def current(cls, kind, language=""):
        """The newest version of `kind` in `language`, else the newest for every language."""
        return cls.current_texts(language).get(kind)

    @classmethod
    def current_texts(cls, language=""):
        """The newest version of each kind for readers of `language`, in one query (a handful of versions
        a year: few rows)."""
        newest = {}
        for text in cls.objects.filter(language__in={language, ""}).order_by("kind", "-version"):
            # A text in the reader's language wins over a newer one for every language.
            if text.kind not in newest or (text.language and not newest[text.kind].language):
                newest[text.kind] = text
        return newest

    @classmethod
    def publish(cls, *, kind, text, language="", by=None):
        """Store `text` as the next version of `kind` in `language`, unless it is that language's current
        text already."""
        current = cls.objects.filter(kind=kind, language=language).order_by("-version").first()
        if current and current.text.strip() == text.strip():
            return current
        newest = cls.objects.filter(kind=kind).aggregate(newest=models.Max("version"))["newest"] or 0
        return cls.objects.create(
            kind=kind, language=language, text=text.strip(), version=newest + 1, created_by=by
        )


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
                            "price": price,
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
                    params={"currency": currency.code, "minimum": currency.minimum_amount},
                )
            }
        )


class Status(models.TextChoices):
    PENDING = "pending", _("Pending (email not confirmed)")
    CONFIRMED = "confirmed", _("Confirmed (awaiting payment)")
    ACTIVE = "active", _("Active")
    LAPSED = "lapsed", _("Lapsed")
    CANCELLED = "cancelled", _("Cancelled")


class MemberQuerySet(models.QuerySet):
    def with_current_status(self, *, today=None):
        """Annotate `current` with the status as of `today`: active members whose period ended are lapsed."""
        today = today or timezone.localdate()
        return self.annotate(
            current=Case(
                When(Q(status=Status.ACTIVE) & Q(paid_until__lt=today), then=Value(Status.LAPSED.value)),
                default=F("status"),
                output_field=models.CharField(),
            )
        )

    def currently(self, status, *, today=None):
        return self.with_current_status(today=today).filter(current=status)

    def due_to_lapse(self, *, today=None):
        return self.filter(status=Status.ACTIVE, paid_until__lt=today or timezone.localdate())

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
    country = CountryField(_("country"), blank=True)
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
        if self.status == Status.ACTIVE and self.paid_until and self.paid_until < today:
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
        return f"{self.from_status or '∅'} → {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("The status history is append-only."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("The status history is append-only."))


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
        return f"{self.amount} {self.currency_id} on {self.paid_on}"


class ConsentRecord(models.Model):
    """That a member gave or withdrew one consent, with the exact text version, the time and the channel."""

    class Channel(models.TextChoices):
        JOIN_FORM = "join_form", _("Membership page form")
        ARTICLE_FORM = "article_form", _("Article appeal form")
        MANAGE_PAGE = "manage_page", _("Membership management page")
        STAFF = "staff", _("Recorded by staff")

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="consents", verbose_name=_("member")
    )
    consent_text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, verbose_name=_("text version"))
    given = models.BooleanField(_("given"), help_text=_("False when the member withdrew it."))
    at = models.DateTimeField(_("when"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("recorded by"),
        help_text=_("The staff member who recorded it, when the member told staff rather than a form."),
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self):
        return f"{self.consent_text} {'given' if self.given else 'withdrawn'}"


class Notification(models.Model):
    """An email owed to a member. Written in the same transaction as the change that causes it, sent by
    the task queue; `sent_at` makes sending idempotent when a task runs twice."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("Confirm your email")
        PAYMENT_DETAILS = "payment_details", _("Payment details")
        PAYMENT_RECEIVED = "payment_received", _("Payment received")
        CANCELLED = "cancelled", _("Membership cancelled")
        MANAGE_LINK = "manage_link", _("Link to manage the membership")

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("member")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
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
        return f"{self.get_kind_display()} → {self.member_id}"


class UsedFormToken(models.Model):
    """A sign-up form token that signed someone up: each time the form is shown, it signs up one reader.

    The nonce is the primary key, so of two sign-ups sent with one token, even at the same moment from two
    workers, the database keeps one (`membership.services.form_token_spend`). A row is needed only while
    its token is young enough for the form to accept it; older rows are deleted as new ones come.
    """

    nonce = models.CharField(_("nonce"), max_length=32, primary_key=True)
    issued_at = models.DateTimeField(_("form shown"), db_index=True)
    used_at = models.DateTimeField(_("used"), default=timezone.now)

    class Meta:
        verbose_name = _("used sign-up form token")
        verbose_name_plural = _("used sign-up form tokens")

    def __str__(self):
        return self.nonce


class ReaderAppealQuerySet(models.QuerySet):
    def for_language(self, language):
        """The appeal shown under a story in `language`: the newest active one in it, else a general one."""
        # Descending language puts the story's language before the blank (every-language) appeals.
        return (
            self.filter(is_active=True, language__in=[language, ""])
            .order_by("-language", "-updated_at")
            .first()
        )


class ReaderAppeal(models.Model):
    """The reader-support appeal at the end of every article; the newest active one is shown.

    It began in the articles app, and its table kept that name when it moved here (migration
    membership 0007): no table to rename while the site runs.
    """

    heading = models.CharField(_("heading"), max_length=200)
    text = models.TextField(_("text"))
    button_label = models.CharField(_("button label"), max_length=60, default="Become a member")
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Article.Language.choices,
        blank=True,
        help_text=_("Leave empty to show it in every language without its own appeal."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReaderAppealQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("reader appeal")
        verbose_name_plural = _("reader appeals")
        db_table = "articles_readerappeal"

    def __str__(self):
        return self.heading

    def get_absolute_url(self):
        return reverse("membership:join")
