"""The members' CSV export as staff open it in a spreadsheet program set to their language."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.membership.conftest import make_member, pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def exporter(staff_client, membership_staff):
    membership_staff.user_permissions.add(*Group.objects.get(name="Membership staff").permissions.all())

    def export(members, language):
        response = staff_client.post(
            reverse("admin:membership_member_changelist"),
            {"action": "export_csv", "_selected_action": [member.pk for member in members]},
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the Cyrillic as UTF-8
        return response.content.decode("utf-8-sig")

    return export


def test_staff_working_in_macedonian_get_columns_excel_splits_and_words_they_read(exporter, currencies):
    # Excel set to Macedonian (decimal comma) separates columns with semicolons: the comma-separated file
    # opened as one column of text, with English headings, codes ("yearly", "active") and UTC times.
    ana = make_member(
        currencies, email="ana@example.org", name="Ана Петровска", frequency="yearly", amount="3000.50",
        country="XK", created_at=datetime.datetime(2025, 2, 28, 23, 30, tzinfo=datetime.UTC),
    )  # fmt: skip
    pay(ana, currencies, datetime.date.today())
    text = exporter([ana], "mk")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Име", "Е-пошта", "Држава", "Статус"]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Име"] == "Ана Петровска" and row["Држава"] == "Косово"
    assert (row["Статус"], row["Зачестеност"], row["Износ"]) == ("Активно", "Годишно", "3000,50")
    assert row["Пријавен"] == "2025-03-01 00:30"  # Skopje's time: the next day already, not 28 February
    assert row["Билтен"] == "Не"


def test_staff_working_in_english_get_a_comma_separated_file_with_decimal_points(exporter, currencies):
    ana = make_member(currencies, email="ana@example.org", name="Ana", amount="300.50")
    rows = list(csv.DictReader(io.StringIO(exporter([ana], "en"))))
    assert rows[0]["Amount"] == "300.50" and rows[0]["Status"] == "Pending (email not confirmed)"
