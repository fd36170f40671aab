"""The public membership forms: the full sign-up form, its compact first step, and the link request.

Every field's bad input becomes a message on the field (the views answer 400), including the hidden ones
a person never sees: the honeypot, the form-timing token and the consent text versions. A full form's
token signs up one reader: sent again, the form is shown again with a message and a fresh token.
"""

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from membership import providers, services, tokens
from membership.countries import country_choices, member_countries
from membership.honeypot import HONEYPOT, HoneypotMixin
from membership.models import (
    MAX_AMOUNT,
    ConsentRecord,
    ConsentText,
    Currency,
    Frequency,
    Tier,
    validate_no_invisible_characters,
    validate_pledge,
)
from newsroom.formats.amounts import AmountField

CUSTOM = "custom"


@dataclass(frozen=True)
class SignUpChoices:
    """What the sign-up forms offer: the active tiers with their prices, the active currencies, and the
    current version of each consent text by kind, in the reader's language."""

    tiers: list
    currencies: list
    consent_texts: dict


def sign_up_choices() -> SignUpChoices:
    """The forms' choices (tiers, prices, currencies, consent texts) in the active language, read for each
    form: the sign-up page is never page-cached, so it needs no content generation."""
    return _read_sign_up_choices(get_language() or settings.LANGUAGE_CODE)


def _read_sign_up_choices(language):
    return SignUpChoices(
        tiers=list(Tier.objects.offered()),
        currencies=list(Currency.objects.filter(active=True)),
        consent_texts=ConsentText.current_texts(language),
    )


# Django's own, in Macedonian, writes "email" in Latin letters beside the field's "Е-пошта".
EMAIL_INVALID = _("Enter a whole email address, such as ana@example.org.")

# The hidden consent versions are wrong only in a page kept from before the texts changed (or tampered with).
OUT_OF_DATE = _("The form is out of date. Please reload the page and send it again.")


class CountryChoices(BaseChoiceIterator):
    """No country, then every country by name in the current language and in its alphabetical order.
    Django iterates it only to render the select (CountryChoiceField validates by code), instead of
    copying some 250 choices into every form built."""

    def __iter__(self):
        yield "", _("Choose your country")
        yield from country_choices()


class CountryChoiceField(forms.ChoiceField):
    """A country, offered by name in the reader's language and checked by its code: checking against the
    choices would translate and sort some 250 names for every sign-up (about 90 microseconds)."""

    def __init__(self, **kwargs):
        super().__init__(choices=CountryChoices(), **kwargs)

    def valid_value(self, value):
        return value in member_countries


class PledgeFieldsMixin(forms.Form):
    """Tier or custom amount, frequency and currency, with the tiers and currencies from the admin."""

    # Each field's messages name what is missing: the summary above the form lists them together, where
    # "This field is required." twice says nothing.
    tier = forms.ChoiceField(
        label=_("Your support"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how much you give: one of the levels, or another amount."),
            "invalid_choice": _("That level of support is not offered any more. Please choose another."),
        },
    )
    amount = AmountField(  # "300,50" and "1.000,50" in the mk and sq editions too
        label=_("Amount of your choice"),
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=MAX_AMOUNT,
    )
    # No initial value on purpose: readers who skim past a preselected "monthly" are the ones who
    # later complain about an unexpected repeat charge.
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you give once, every month or every year.")},
    )
    currency = forms.ChoiceField(
        label=_("Currency"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the currency you give in."),
            "invalid_choice": _("We do not take that currency. Please choose one of those shown."),
        },
    )

    def __init__(self, *args, tiers=None, currencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if tiers is None or currencies is None:
            choices = sign_up_choices()
            tiers = choices.tiers if tiers is None else tiers
            currencies = choices.currencies if currencies is None else currencies
        self.tiers, self.currencies = list(tiers), list(currencies)
        self.fields["tier"].choices = [(tier.slug, tier.name) for tier in self.tiers] + [
            (CUSTOM, _("Another amount"))
        ]
        self.fields["currency"].choices = [(currency.code, currency.code) for currency in self.currencies]
        if self.currencies and not self.initial.get("currency"):
            self.initial["currency"] = self.currencies[0].code

    def clean(self):
        cleaned = super().clean()
        slug, frequency, code = cleaned.get("tier"), cleaned.get("frequency"), cleaned.get("currency")
        if not (slug and frequency and code):
            return cleaned
        currency = next(c for c in self.currencies if c.code == code)
        tier = next((t for t in self.tiers if t.slug == slug), None)
        if tier is None:
            amount = cleaned.get("amount")
            if amount is None:
                if "amount" not in self.errors:
                    self.add_error(
                        "amount", ValidationError(_("Enter the amount you want to give."), code="required")
                    )
                elif self.has_error("amount", "too_small"):
                    self._tell_the_currencys_smallest(currency, frequency)
                return cleaned
        else:
            amount = tier.price_for(currency_code=code, frequency=frequency)  # None if not offered so
        try:
            validate_pledge(amount=amount, currency=currency, frequency=frequency, tier=tier)
        except ValidationError as error:
            self.add_error(None, error)
            return cleaned
        cleaned["pledge"] = services.Pledge(amount=amount, currency=currency, frequency=frequency, tier=tier)
        return cleaned

    def _tell_the_currencys_smallest(self, currency, frequency):
        # 0 MKD was told "at least 0,01", then 0,01 "the smallest amount in MKD is 50": an amount below the
        # currency's smallest is told that smallest at once, as the live summary does.
        try:
            typed = self.fields["amount"].to_python(self.data.get(self.add_prefix("amount")))
        except ValidationError:
            return
        if typed is not None and typed < currency.minimum_amount:
            del self.errors["amount"]
            try:
                validate_pledge(amount=typed, currency=currency, frequency=frequency)
            except ValidationError as error:
                self.add_error(None, error)


class JoinForm(HoneypotMixin, PledgeFieldsMixin):
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        error_messages={"required": _("Enter your name.")},
        validators=[validate_no_invisible_characters],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        error_messages={"required": _("Enter your email address."), "invalid": EMAIL_INVALID},
        validators=[validate_no_invisible_characters],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    country = CountryChoiceField(
        label=_("Country"),
        widget=forms.Select(attrs={"autocomplete": "country"}),
        error_messages={"required": _("Choose your country.")},
    )
    privacy = forms.BooleanField(
        label=_("I agree to the privacy policy"),
        error_messages={
            "required": _("Please agree to the privacy policy: we cannot keep your membership without it.")
        },
    )
    privacy_version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": OUT_OF_DATE, "invalid": OUT_OF_DATE, "min_value": OUT_OF_DATE},
    )
    newsletter = forms.BooleanField(label=_("Send me the newsletter"), required=False)
    newsletter_version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        required=False,
        error_messages={"invalid": OUT_OF_DATE, "min_value": OUT_OF_DATE},
    )
    # Only while a card provider is configured (membership/providers/); otherwise everyone pays by transfer.
    payment_method = forms.ChoiceField(
        label=_("How you pay"),
        choices=[("bank_transfer", _("Bank transfer")), ("card", _("Card"))],
        initial="bank_transfer",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you pay: by bank transfer or by card.")},
    )
    channel = forms.ChoiceField(
        widget=forms.HiddenInput,
        choices=[(ConsentRecord.Channel.JOIN_FORM,) * 2, (ConsentRecord.Channel.ARTICLE_FORM,) * 2],
        initial=ConsentRecord.Channel.JOIN_FORM,
        required=False,
    )

    field_order = [
        "tier",
        "amount",
        "frequency",
        "currency",
        "payment_method",
        "name",
        "email",
        "country",
        "privacy",
        "newsletter",
    ]

    def __init__(self, *args, **kwargs):
        choices = sign_up_choices()
        kwargs.setdefault("tiers", choices.tiers)
        kwargs.setdefault("currencies", choices.currencies)
        super().__init__(*args, **kwargs)
        if providers.provider() is None:
            del self.fields["payment_method"]
        current_texts = choices.consent_texts
        self.privacy_text = current_texts.get(ConsentText.Kind.PRIVACY)
        self.newsletter_text = current_texts.get(ConsentText.Kind.NEWSLETTER)
        self.initial.setdefault("privacy_version", self.privacy_text.version if self.privacy_text else None)
        self.initial.setdefault(
            "newsletter_version", self.newsletter_text.version if self.newsletter_text else None
        )
        if self.privacy_text:
            self.fields["privacy"].label = self.privacy_text.text
        if self.newsletter_text:
            self.fields["newsletter"].label = self.newsletter_text.text

    @classmethod
    def after_first_step(cls, first_step):
        """The full form filled in from the article's compact form (`first_step`), showing that form's
        mistakes on their fields. It stays unbound: bound, it would also call the name, country and consent
        wrong, which the compact form never asked for."""
        source = first_step.cleaned_data if first_step.is_valid() else first_step.data
        initial = {field: source.get(field) for field in ("tier", "amount", "frequency", "currency", "email")}
        initial["channel"] = ConsentRecord.Channel.ARTICLE_FORM
        form = cls(initial={key: value for key, value in initial.items() if value not in (None, "")})
        form.errors.update(first_step.errors)  # an unbound form's errors are empty until these
        return form

    def clean_name(self):
        # One spelling of each letter: "Ѓ" typed as Г and a combining accent is stored as the letter Ѓ.
        name = unicodedata.normalize("NFC", " ".join(self.cleaned_data["name"].split()))
        if not name or any(ord(char) < 32 for char in name) or "<" in name or "://" in name:
            raise ValidationError(_("Enter your name as you would write it on a letter."), code="invalid")
        return name

    def clean_started(self):
        try:
            token = tokens.form_token_read(self.cleaned_data["started"])
        except tokens.LinkInvalid:
            raise ValidationError(
                _("The form was changed on the way. Please check your answers and send it again."),
                code="tampered",
            ) from None
        age = token.age_seconds
        if age < settings.MEMBERSHIP_FORM_MIN_SECONDS:
            raise ValidationError(
                _(
                    "That was quicker than a person can fill in the form. Please check your answers and send again."
                ),
                code="too_fast",
            )
        if age > settings.MEMBERSHIP_FORM_MAX_AGE or not token.nonce:
            raise ValidationError(
                _("The form was open for too long. Please check your answers and send it again."),
                code="stale",
            )
        return token

    def _consent_text(self, field, kind):
        version = self.cleaned_data.get(field)
        if version is None:
            return None
        shown = self.privacy_text if kind == ConsentText.Kind.PRIVACY else self.newsletter_text
        if shown is not None and shown.version == version:  # the usual case: the text is still current
            return shown
        text = ConsentText.objects.filter(kind=kind, version=version).first()
        if text is None:
            raise ValidationError(OUT_OF_DATE, code="unknown_version")
        return text

    def clean_privacy_version(self):
        return self._consent_text("privacy_version", ConsentText.Kind.PRIVACY)

    def clean_newsletter_version(self):
        return self._consent_text("newsletter_version", ConsentText.Kind.NEWSLETTER)

    def clean_channel(self):
        return self.cleaned_data["channel"] or ConsentRecord.Channel.JOIN_FORM

    def sign_up(self, *, language):
        """Sign the reader up with what the valid form holds (`services.member_sign_up`), spending its
        token. None, with the form invalid and saying why, when the token signed someone up already."""
        data = self.cleaned_data
        try:
            return services.member_sign_up(
                email=data["email"],
                name=data["name"],
                country=data["country"],
                pledge=data["pledge"],
                privacy_text=data["privacy_version"],
                newsletter_text=data["newsletter_version"],
                newsletter=data["newsletter"],
                channel=data["channel"],
                language=language,
                form_token=data["started"],
            )
        except services.FormTokenUsed:
            self.add_error(
                "started",
                ValidationError(
                    _(
                        "This form was sent already. If you sent it a moment ago, look for our email in "
                        "your inbox; otherwise please check your answers and send the form again."
                    ),
                    code="used",
                ),
            )
            return None

    def has_bot_error(self):
        return self.has_error(HONEYPOT, "bot")


class CompactJoinForm(HoneypotMixin, PledgeFieldsMixin):
    """The first step in the article appeal: it only pre-fills the full form, so it needs no CSRF token
    (article pages are cached and set no cookies) and saves nothing."""

    email = forms.EmailField(
        label=_("Email"), max_length=254, required=False, error_messages={"invalid": EMAIL_INVALID}
    )

    def clean_started(self):
        # The token comes from a cached page, so only its signature means anything here; the full form
        # that follows has a fresh one and checks the timing.
        try:
            tokens.form_age_seconds(self.cleaned_data["started"])
        except tokens.LinkInvalid:
            raise ValidationError(
                _("The form was changed on the way. Please try again."), code="tampered"
            ) from None
        return ""


class ManageLinkForm(HoneypotMixin):
    email = forms.EmailField(label=_("Email"), max_length=254, error_messages={"invalid": EMAIL_INVALID})

    def clean_started(self):
        try:
            tokens.form_age_seconds(self.cleaned_data["started"])
        except tokens.LinkInvalid:
            raise ValidationError(
                _("The form was changed on the way. Please try again."), code="tampered"
            ) from None
        return ""
