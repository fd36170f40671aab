"""Bank statements imported, their lines, and how each line was reconciled with members' pledges."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from membership.amounts import written_amount
from membership.models.members import Member
from membership.models.payments import Payment
from membership.models.pledges import Currency


def is_text_encoding(name):
    """Whether Python decodes bytes to text in the encoding called `name` ("cp1251", "utf-8-sig"): not an
    unknown name, and not a codec that is no text encoding ("base64", "rot13"), as bytes.decode() says."""
    try:
        b"\n\n\n\n".decode(name)  # not b"": no bytes decode to "" without the name being looked up
    except UnicodeDecodeError:
        return True  # a text encoding these bytes are not text in (utf-32)
    except (LookupError, ValueError):  # ValueError: a NUL in the name, or the codec that decodes nothing
        return False
    return True


class BankCsvFormat(models.Model):
    """How one bank writes its CSV export: which column holds what. Saved once, chosen at each import."""

    class Delimiter(models.TextChoices):
        COMMA = ",", _("Comma (,)")
        SEMICOLON = ";", _("Semicolon (;)")
        TAB = "\t", _("Tab")

    name = models.CharField(_("bank"), max_length=100, unique=True)
    account = models.CharField(
        _("account"),
        max_length=42,
        blank=True,
        help_text=_("The IBAN or number of the account the export is of."),
    )
    delimiter = models.CharField(
        _("separator"), max_length=1, choices=Delimiter.choices, default=Delimiter.SEMICOLON
    )
    encoding = models.CharField(_("encoding"), max_length=20, default="utf-8-sig")
    date_column = models.CharField(_("date column"), max_length=60)
    date_format = models.CharField(
        _("date format"),
        max_length=20,
        default="%d.%m.%Y",
        help_text=_("As Python writes it: %d.%m.%Y is 03.12.2026."),
    )
    amount_column = models.CharField(
        _("amount column"), max_length=60, help_text=_("Money in positive, money out negative.")
    )
    decimal_comma = models.BooleanField(
        _("decimal comma"), default=True, help_text=_("1.234,50 rather than 1,234.50.")
    )
    currency_column = models.CharField(_("currency column"), max_length=60, blank=True)
    currency = models.ForeignKey(
        Currency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("currency"),
        help_text=_("The account's currency, when the file has no currency column."),
    )
    text_column = models.CharField(_("payment details column"), max_length=60)
    counterparty_column = models.CharField(_("payer column"), max_length=60, blank=True)
    iban_column = models.CharField(_("payer's IBAN column"), max_length=60, blank=True)
    reference_column = models.CharField(
        _("bank's entry reference column"),
        max_length=60,
        blank=True,
        help_text=_("The bank's own id of each line."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("bank CSV format")
        verbose_name_plural = _("bank CSV formats")

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if not self.currency_column and not self.currency_id:
            errors[NON_FIELD_ERRORS] = ValidationError(
                _("Name the currency column, or the account's currency."), code="no_currency"
            )
        if self.encoding and not is_text_encoding(self.encoding):
            # A typo saved here failed only at the next import, with the month's statement in hand.
            errors["encoding"] = ValidationError(
                _(
                    "“%(encoding)s” is not an encoding Python knows. Use one such as utf-8, utf-8-sig, cp1251, windows-1250, iso-8859-2 or iso-8859-5."
                ),
                code="unknown_encoding",
                params={"encoding": self.encoding},
            )
        if errors:
            raise ValidationError(errors)


class StatementImport(models.Model):
    """One upload of a statement file, with its report: what each line became."""

    class Format(models.TextChoices):
        CAMT053 = "camt053", _("ISO 20022 CAMT.053 (XML)")
        MT940 = "mt940", _("SWIFT MT940")
        CSV = "csv", _("CSV (a bank's export)")

    file_name = models.CharField(_("file"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    csv_format = models.ForeignKey(
        BankCsvFormat, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("bank CSV format")
    )
    account = models.CharField(_("account"), max_length=42, blank=True)
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("imported by"),
    )  # fmt: skip
    matched = models.PositiveIntegerField(_("matched"), default=0)
    already_known = models.PositiveIntegerField(_("already imported"), default=0)
    unmatched = models.PositiveIntegerField(_("waiting for staff"), default=0)
    refused = models.PositiveIntegerField(_("refused"), default=0)
    not_credits = models.PositiveIntegerField(_("money out (skipped)"), default=0)
    report = models.JSONField(_("report"), default=list, editable=False)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("bank statement import")
        verbose_name_plural = _("bank statement imports")

    def __str__(self):
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"


class StatementLineQuerySet(models.QuerySet):
    def waiting(self):
        """The reconciliation queue: lines staff must match by hand or dismiss."""
        return self.filter(status__in=StatementLine.WAITING)


# What the import says of a line, stored as a code and its values and worded in the language of whoever reads
# it (the import's report, the queue, the command's output), not of whoever imported the file. A staff
# member's own note (a dismissed line's) is stored and shown as written, as are reasons stored before codes.
IMPORT_REASONS = {
    "money_out": _("Money out: not a payment to us."),
    "imported_before": _("Imported before."),
    "unreadable_account": _(
        "The payer's account “%(account)s” is neither an IBAN nor a domestic account number; is this the "
        "bank's original file?"
    ),
    "no_reference": _("No RF payment reference in the payment details."),
    "unknown_reference": _("%(reference)s is no member's reference."),
    "several_members": _("The details name the references of %(count)d members."),
    "member_erased": _("The member's data was erased."),
    "other_currency": _("Paid in %(paid)s; the pledge is in %(pledged)s."),
    "other_amount": _("Paid %(paid)s; the pledge is %(pledged)s."),
}


def import_reason(reason, params=None):
    """A line's reason as the person reading it says it: an import's code in words, anything else as stored."""
    message = IMPORT_REASONS.get(reason)
    if message is None:
        return reason
    params = dict(params or {})
    if reason == "other_amount":  # amounts written the reader's way: "1.500,00" in mk and sq
        params = {name: written_amount(Decimal(value)) for name, value in params.items()}
    return message % params


class StatementLine(models.Model):
    """A credit line of a statement, stored once whichever import brought it (`fingerprint`)."""

    class Status(models.TextChoices):
        MATCHED = "matched", _("Matched")
        MATCHED_BY_STAFF = "matched_by_staff", _("Matched by staff")
        UNMATCHED = "unmatched", _("Unmatched")
        AMBIGUOUS = "ambiguous", _("Ambiguous")
        REFUSED = "refused", _("Refused")
        DISMISSED = "dismissed", _("Not a membership payment")

    WAITING = [Status.UNMATCHED, Status.AMBIGUOUS, Status.REFUSED]

    statement_import = models.ForeignKey(
        StatementImport, on_delete=models.PROTECT, related_name="lines", verbose_name=_("imported with")
    )
    fingerprint = models.CharField(max_length=64, unique=True, editable=False)
    booked_on = models.DateField(_("booked on"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    text = models.TextField(_("payment details"), blank=True)
    counterparty = models.CharField(_("payer"), max_length=200, blank=True)
    counterparty_iban = models.CharField(_("payer's IBAN"), max_length=42, blank=True)
    bank_reference = models.CharField(_("bank's reference"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)  # a code of IMPORT_REASONS, or a note
    reason_params = models.JSONField(default=dict, blank=True, editable=False)
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("member")
    )
    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="statement_line",
        verbose_name=_("payment"),
    )  # fmt: skip

    objects = StatementLineQuerySet.as_manager()

    class Meta:
        ordering = ["-booked_on", "-pk"]
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")

    def __str__(self):
        return f"{self.booked_on} {self.amount} {self.currency} {self.text[:40]}"

    @property
    def reason_shown(self):
        return import_reason(self.reason, self.reason_params)
