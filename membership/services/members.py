"""A member's own changes and staff's: cancelling, the newsletter, staff edits of details and pledge, and the
link to manage a membership."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from membership import providers
from membership.models import (
    ConsentRecord,
    ConsentText,
    Member,
    Notification,
    Status,
    StatusChange,
    validate_pledge,
)
from membership.services.records import history_names, notification_queue, status_change_record

Kind = Notification.Kind


@transaction.atomic
def member_cancel(*, member: Member, by=None, actor="reader", notify=True) -> Member:
    """Cancel the membership, from every path (the member's page, the admin, the provider's notice). A
    recurring card pledge is ended at the card provider first (`member_card_pledge_end`): when the provider
    cannot be reached or refuses, `ProviderUnavailable` is raised and nothing is recorded. Cancelling twice
    is a no-op."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    note = member_card_pledge_end(member) if member.card_subscription_id else ""
    if member.status == Status.CANCELLED:
        if note:  # cancelled earlier while the card pledge ran on: its end is a line of the history too
            StatusChange.objects.create(
                member=member, from_status=member.status, to_status=member.status, actor=actor, by=by,
                note=note,
            )  # fmt: skip
            member.save(update_fields=["card_subscription_id"])
        return member
    status_change_record(member=member, to_status=Status.CANCELLED, actor=actor, by=by, note=note)
    member.cancelled_at = timezone.now()
    member.save()
    if notify and member.email:
        notification_queue(member=member, kind=Kind.CANCELLED)
    return member


def member_card_pledge_end(member: Member) -> str:
    """End `member`'s recurring card pledge at its provider, and forget it (the caller saves the member);
    returns the note for the status history. Raises `ProviderUnavailable`, changing nothing, when the
    provider is not configured, cannot be reached or refuses.

    The caller holds the member's row lock (select_for_update) across the provider's call, so a double
    click asks the provider once and the second finds the pledge gone. Should our commit fail after the
    provider ended the pledge, its notice that the subscription ended (`card_subscription_end`) cancels
    the membership when it arrives: no path leaves a pledge charging a cancelled member.
    """
    card = providers.provider()
    if card is None or card.name != member.card_provider:
        raise providers.ProviderUnavailable(f"Card provider {member.card_provider!r} is not configured.")
    card.cancel(member)
    note = f"Recurring card pledge ended at {card.name} ({member.card_subscription_id})"
    member.card_subscription_id = ""
    return note


def member_card_customer_forget(member: Member) -> str:
    """Delete `member`'s record at their card provider (erasure); returns the note for the status history.
    Raises `ProviderUnavailable` when the provider is not configured, cannot be reached or refuses."""
    card = providers.provider()
    if card is None or card.name != member.card_provider:
        raise providers.ProviderUnavailable(f"Card provider {member.card_provider!r} is not configured.")
    card.forget_customer(member)
    return f"Customer record deleted at {card.name}"


@transaction.atomic
def member_set_newsletter(
    *, member: Member, subscribed: bool, channel=ConsentRecord.Channel.MANAGE_PAGE, by=None
) -> Member:
    member = Member.objects.select_for_update().get(pk=member.pk)
    _record_newsletter_consent(member, subscribed=subscribed, channel=channel, by=by)
    history_names(member, by)
    member.save(update_fields=["newsletter"])
    return member


def _record_newsletter_consent(member, *, subscribed, channel, by=None):
    """The newsletter consent given or withdrawn, against the text in the member's language, naming the
    staff member `by` when staff recorded it."""
    text = ConsentText.current(ConsentText.Kind.NEWSLETTER, member.language)
    if text is not None:
        ConsentRecord.objects.create(
            member=member, consent_text=text, given=subscribed, channel=channel, recorded_by=by
        )
    member.newsletter = subscribed


PLEDGE_FIELDS = ("tier", "amount", "currency", "frequency")
STAFF_EDITABLE_FIELDS = ("name", "email", "country", "language", "newsletter", *PLEDGE_FIELDS)


@transaction.atomic
def member_edit(*, member: Member, by, changes: dict) -> Member:
    """Staff change a member's details or pledge (the fields in `changes`, by name).

    A changed pledge must keep the rule the public form keeps (`validate_pledge`); a changed newsletter
    box is a consent given or withdrawn, recorded as one naming `by`; the edit is a row of the member's
    history naming `by`. An erased member's data cannot come back this way. Raises ValidationError.
    """
    unknown = set(changes) - set(STAFF_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not changed by staff this way: {', '.join(sorted(unknown))}")
    member = Member.objects.select_for_update().get(pk=member.pk)
    changes = {field: value for field, value in changes.items() if getattr(member, field) != value}
    if not changes:
        return member
    if member.erased_at:
        raise ValidationError(_("This member was erased; their record cannot be changed."), code="erased")
    if "newsletter" in changes:
        _record_newsletter_consent(
            member, subscribed=changes.pop("newsletter"), channel=ConsentRecord.Channel.STAFF, by=by
        )
    for field, value in changes.items():
        setattr(member, field, value)
    if set(changes) & set(PLEDGE_FIELDS):
        validate_pledge(
            amount=member.amount, currency=member.currency, frequency=member.frequency, tier=member.tier
        )
    history_names(member, by)
    member.save()
    return member


@transaction.atomic
def member_request_manage_link(*, email: str) -> None:
    """Email a fresh management link if the address is a member; silently nothing otherwise."""
    member = Member.objects.not_erased().with_email(email).first()
    if member is not None:
        notification_queue(member=member, kind=Kind.MANAGE_LINK)
