"""ISO 11649 RF creditor references: check digits that banks accept, unique per member."""

import datetime

import pytest

from membership.models import Member, Status, add_months
from membership.references import format_rf_reference, is_valid_rf_reference, new_rf_reference, rf_reference


@pytest.mark.parametrize(
    ("body", "reference"),
    [
        ("539007547034", "RF18539007547034"),  # the standard's own example
        ("000000000539007547034", "RF18000000000539007547034"),
        ("2348231", "RF712348231"),
    ],
)
def test_check_digits_match_known_valid_references(body, reference):
    assert rf_reference(body) == reference
    assert is_valid_rf_reference(reference)


def test_a_mistyped_reference_is_invalid():
    assert not is_valid_rf_reference("RF18539007547035")
    assert not is_valid_rf_reference("RF19539007547034")


def test_new_references_are_valid_and_printed_in_groups_of_four():
    reference = new_rf_reference()
    assert is_valid_rf_reference(reference)
    assert format_rf_reference("RF18539007547034") == "RF18 5390 0754 7034"


def test_a_body_that_is_too_long_is_refused():
    with pytest.raises(ValueError):
        rf_reference("1" * 22)


@pytest.mark.django_db
def test_every_member_gets_a_distinct_valid_reference(currencies):
    members = [
        Member.objects.create(
            email=f"r{n}@example.org", amount=1, currency=currencies["EUR"], frequency="monthly"
        )
        for n in range(20)
    ]
    references = {member.payment_reference for member in members}
    assert len(references) == 20 and all(is_valid_rf_reference(ref) for ref in references)


def references_taken_first(taken, where, monkeypatch):
    """Make the reference generator in `where` return `taken` first and fresh references after, as a
    random draw that hits an existing member's reference would; the draws are counted."""
    draws = []

    def draw():
        draws.append(taken if not draws else new_rf_reference())
        return draws[-1]

    monkeypatch.setattr(where, draw)
    return draws


@pytest.mark.django_db
def test_a_sign_up_whose_first_reference_is_taken_gets_another(sign_up, currencies, monkeypatch):
    taken = Member.objects.create(
        email="first@example.org", amount=1, currency=currencies["EUR"], frequency="monthly"
    ).payment_reference
    draws = references_taken_first(taken, "membership.services.sign_up.new_rf_reference", monkeypatch)

    response = sign_up()

    assert response.status_code == 302 and response.url == "/membership/join/sent/"
    member = Member.objects.get(email="ana@example.org")
    assert member.status == Status.PENDING
    assert member.payment_reference != taken and is_valid_rf_reference(member.payment_reference)
    assert draws == [taken, member.payment_reference]


@pytest.mark.django_db
def test_a_member_saved_without_a_reference_gets_another_when_the_first_is_taken(currencies, monkeypatch):
    taken = Member.objects.create(
        email="first@example.org", amount=1, currency=currencies["EUR"], frequency="monthly"
    ).payment_reference
    draws = references_taken_first(taken, "membership.models.members.new_rf_reference", monkeypatch)

    member = Member.objects.create(
        email="second@example.org", amount=1, currency=currencies["EUR"], frequency="monthly"
    )

    assert member.payment_reference != taken and is_valid_rf_reference(member.payment_reference)
    assert draws == [taken, member.payment_reference]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2025, 12, 15), 1, datetime.date(2026, 1, 15)),
        (datetime.date(2025, 3, 1), 12, datetime.date(2026, 3, 1)),
        (datetime.date(2025, 3, 1), -3, datetime.date(2024, 12, 1)),
    ],
)
def test_periods_end_on_the_same_day_a_month_later_clamped_to_short_months(day, months, expected):
    assert add_months(day, months) == expected
