"""ISO 11649 RF creditor references: check digits that banks accept, unique per member."""

import datetime

import pytest

from membership.models import add_months
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
    from membership.models import Member

    members = [
        Member.objects.create(
            email=f"r{n}@example.org", amount=1, currency=currencies["EUR"], frequency="monthly"
        )
        for n in range(20)
    ]
    references = {member.payment_reference for member in members}
    assert len(references) == 20 and all(is_valid_rf_reference(ref) for ref in references)


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
