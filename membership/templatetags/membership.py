"""Template tags: the reader appeal with its compact membership form for article pages, and a pledge in
plain words."""

from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from membership import amounts
from membership.forms import CompactJoinForm
from membership.models import Currency, Frequency, ReaderAppeal, Tier

register = template.Library()


@register.simple_tag
def reader_appeal(language):
    """The appeal under a story in `language` (ReaderAppeal.objects.for_language), written in that language
    whatever the page's, with the compact form in it; nothing when no appeal is active.

    The article page keeps it in a {% cache %} fragment until content changes (membership registers the
    appeal as page content), so its query runs once per content generation and story language.
    """
    appeal = ReaderAppeal.objects.for_language(language)
    if appeal is None:
        return ""
    with translation.override(language):
        return render_to_string("membership/includes/reader_appeal.html", {"appeal": appeal})


@register.simple_tag(takes_context=True)
def membership_compact_form(context, heading_id="membership-appeal-form"):
    """The appeal's form. It carries no CSRF token and sets no cookie, so cached pages stay cacheable.

    The article page keeps it, with the appeal around it, in a {% cache %} fragment until content changes
    (the tiers, prices and currencies count as content); its timing token is then as old as the render,
    which the sign-up accepts for MEMBERSHIP_FORM_MAX_AGE (a day), longer than any cached copy lives.
    """
    tiers, currencies = list(Tier.objects.offered()), list(Currency.objects.filter(active=True))
    form = CompactJoinForm(auto_id="compact_%s", tiers=tiers, currencies=currencies)
    return render_to_string(
        "membership/includes/compact_form.html",
        # No request: a RequestContext could be asked for a CSRF token, and that would set a cookie.
        {"form": form, "tiers": form.tiers, "currencies": form.currencies, "heading_id": heading_id},
    )


def pledge_words(amount, currency, frequency):
    values = {"amount": amounts.written_price(amount), "currency": currency}
    if frequency == Frequency.MONTHLY:
        return _("%(amount)s %(currency)s every month, until you cancel") % values
    if frequency == Frequency.YEARLY:
        return _("%(amount)s %(currency)s every year, until you cancel") % values
    return _("%(amount)s %(currency)s once") % values


@register.simple_tag
def pledge_in_words(amount, currency, frequency):
    return pledge_words(amount, currency, frequency)


@register.filter
def price_list(tier):
    """A tier's prices as plain words, e.g. '500 MKD every month, until you cancel'."""
    return [pledge_words(p.amount, p.currency_id, p.frequency) for p in tier.prices.all()]


@register.simple_tag
def pledge_word_patterns():
    """The sentences of `pledge_words` with their placeholders, for the form's live summary."""
    return {
        Frequency.MONTHLY: _("%(amount)s %(currency)s every month, until you cancel"),
        Frequency.YEARLY: _("%(amount)s %(currency)s every year, until you cancel"),
        Frequency.ONE_TIME: _("%(amount)s %(currency)s once"),
        # A level chosen with a frequency or currency it has no price for: the server's words (validate_pledge).
        "not_offered": _(
            "%(tier)s is not offered %(frequency)s in %(currency)s. Choose another option or "
            "an amount of your choice."
        ),
    }


@register.simple_tag
def amount_bounds(field):
    """The custom amount's bounds as plain numbers, for the live summary to compare what is typed with, and
    the server's words for an amount outside them, for one that is not an amount, and for one below the
    chosen currency's smallest (each currency's input carries that smallest: validate_pledge)."""
    return {
        "min": str(field.min_value),
        "max": str(field.max_value),
        "too_small": field.too_small_message(),
        "too_large": field.too_large_message(),
        "invalid": field.invalid_message(),
        "below": _("The smallest amount in %(currency)s is %(minimum)s."),
    }


@register.simple_tag
def amount_separators():
    """The separators `pledge_words` writes amounts with, for the form's live summary to write them so."""
    return amounts.amount_separators()
