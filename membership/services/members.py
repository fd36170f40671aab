"""A member's own changes and staff's: cancelling, the newsletter, staff edits of details and pledge, and the
link to manage a membership."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from membership.models import ConsentRecord, ConsentText, Member, Notification, Status, validate_pledge
from membership.services.records import history_names, notification_queue, status_change_record

Kind = Notification.Kind


@transaction.atomic
def member_cancel(*, member: Member, by=None, actor="reader", notify=True) -> Member:
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status == Status.CANCELLED:
        return member
    status_change_record(member=member, to_status=Status.CANCELLED, actor=actor, by=by)
    member.cancelled_at = timezone.now()
    member.save()
    if notify and member.email:
        notification_queue(member=member, kind=Kind.CANCELLED)
    return member


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
