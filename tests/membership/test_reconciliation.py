"""Bank statements in: CAMT.053, MT940 and a bank's CSV export reconciled with members' pledges by their RF
references; the same line imported twice is recorded once; what cannot be matched waits for staff."""

import datetime
import html
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from membership import services
from membership.models import BankCsvFormat, Member, Payment, StatementImport, StatementLine, Status
from membership.models.statements import IMPORT_REASONS
from membership.services.reconciliation import rf_references_in
from membership.statements import StatementError
from tests.membership.conftest import make_member

SAMPLES = Path(__file__).parent / "statements"
Line = StatementLine.Status


def sample(name):
    return (SAMPLES / name).read_bytes()


@pytest.fixture
def members(currencies):
    return {
        "ana": make_member(currencies, email="ana@example.org", payment_reference="RF18539007547034"),
        "blagoj": make_member(
            currencies,
            email="blagoj@example.org",
            amount="3000",
            frequency="yearly",
            payment_reference="RF86100200300",
        ),
        "elena": make_member(currencies, email="elena@example.org", payment_reference="RF62424242424"),
    }


def imported(name, file_format, **options):
    return services.statement_import(sample(name), file_name=name, file_format=file_format, **options)


def outcomes(record):
    return [(row["amount"], row["currency"], row["outcome"]) for row in record.report]


@pytest.mark.parametrize(
    ("earlier", "later", "file_format"),
    [
        ("camt053-2026-10.xml", "camt053-2026-11.xml", "camt053"),
        ("mt940-2026-10.sta", "mt940-2026-11.sta", "mt940"),
    ],
)
def test_a_months_statement_pays_who_paid_and_leaves_the_rest_to_staff(members, earlier, later, file_format):
    first = imported(earlier, file_format)
    assert (first.matched, first.unmatched, first.refused) == (1, 0, 0)
    ana = Member.objects.get(pk=members["ana"].pk)
    assert ana.status == Status.ACTIVE and ana.paid_until == datetime.date(2026, 11, 29)

    record = imported(later, file_format)

    assert record.already_known == 1  # the bank repeated October's last line
    assert record.matched == 2  # Ana (structured reference) and Blagoj (reference inside free text)
    assert record.not_credits == 1
    ana.refresh_from_db()
    assert ana.paid_until == datetime.date(2026, 12, 29)
    assert Payment.objects.filter(member=ana).count() == 2
    blagoj = Member.objects.get(pk=members["blagoj"].pk)
    assert blagoj.status == Status.ACTIVE and blagoj.paid_until == datetime.date(2027, 11, 11)
    waiting = StatementLine.objects.waiting()
    assert {line.amount for line in waiting} >= {Decimal("500.00")}
    gift = waiting.get(amount=Decimal("500.00"))
    assert gift.status == Line.UNMATCHED and "No RF payment reference" in gift.reason_shown


def test_a_payment_in_another_currency_than_the_pledge_is_refused_with_the_reason(members):
    imported("camt053-2026-10.xml", "camt053")
    record = imported("camt053-2026-11.xml", "camt053")
    assert record.refused == 1
    refused = StatementLine.objects.get(status=Line.REFUSED)
    assert refused.member == members["elena"]
    assert "EUR" in refused.reason_shown and "MKD" in refused.reason_shown
    assert not Payment.objects.filter(member=members["elena"]).exists()
    assert refused in StatementLine.objects.waiting()


@pytest.mark.parametrize(
    ("name", "file_format"), [("camt053-2026-11.xml", "camt053"), ("mt940-2026-11.sta", "mt940")]
)
def test_importing_the_same_statement_twice_records_nothing_twice(members, name, file_format):
    first = imported(name, file_format)
    payments = Payment.objects.count()
    lines = StatementLine.objects.count()

    again = imported(name, file_format)

    assert again.matched == again.unmatched == again.refused == 0
    assert again.already_known == first.matched + first.unmatched + first.refused
    assert (Payment.objects.count(), StatementLine.objects.count()) == (payments, lines)


def test_a_csv_export_is_read_through_the_banks_saved_column_mapping(members, currencies):
    stopanska = BankCsvFormat.objects.create(
        name="Stopanska banka",
        account="MK07250120000058984",
        date_column="Datum",
        amount_column="Iznos",
        currency_column="Valuta",
        text_column="Opis",
        counterparty_column="Uplakjac",
        iban_column="IBAN na uplakjac",
        reference_column="Referenca",
    )
    record = imported("bank-export-2026-11.csv", "csv", csv_format=stopanska)
    assert (record.matched, record.unmatched, record.not_credits) == (2, 1, 1)
    assert Payment.objects.get(member=members["blagoj"]).amount == Decimal("3000.00")
    assert imported("bank-export-2026-11.csv", "csv", csv_format=stopanska).already_known == 3


def test_a_payment_of_another_amount_waits_for_staff_who_match_it_by_hand(members, membership_staff):
    text = sample("camt053-2026-10.xml").replace(
        b'<Amt Ccy="MKD">300.00</Amt>\n        <CdtDbtInd>CRDT',
        b'<Amt Ccy="MKD">250.00</Amt>\n        <CdtDbtInd>CRDT',
    )
    record = services.statement_import(text, file_name="short.xml", file_format="camt053")
    assert record.unmatched == 1 and record.matched == 0
    line = StatementLine.objects.get()
    assert line.member == members["ana"] and "250.00" in line.reason_shown and "300.00" in line.reason_shown

    services.statement_line_match(line, member=members["ana"], by=membership_staff)

    line.refresh_from_db()
    assert line.status == Line.MATCHED_BY_STAFF and line.payment.amount == Decimal("250.00")
    assert line.payment.recorded_by == membership_staff
    assert line not in StatementLine.objects.waiting()
    with pytest.raises(ValueError, match="already"):
        services.statement_line_match(line, member=members["ana"], by=membership_staff)


def test_staff_dismiss_a_line_that_is_not_a_membership_payment(members):
    imported("camt053-2026-11.xml", "camt053")
    gift = StatementLine.objects.get(amount=Decimal("500.00"))
    services.statement_line_dismiss(gift, note="A donation, thanked by letter")
    gift.refresh_from_db()
    assert gift.status == Line.DISMISSED and gift not in StatementLine.objects.waiting()


def test_two_members_references_in_one_line_are_ambiguous(members):
    text = sample("camt053-2026-10.xml").replace(
        b"<Ref>RF18539007547034</Ref>",
        b"<Ref>RF18539007547034</Ref></CdtrRefInf><CdtrRefInf><Ref>RF86100200300</Ref>",
    )
    record = services.statement_import(text, file_name="two.xml", file_format="camt053")
    assert record.unmatched == 1
    assert StatementLine.objects.get().status == Line.AMBIGUOUS
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RF18539007547034", ["RF18539007547034"]),
        ("clenarina rf18 5390 0754 7034 blagodaram", ["RF18539007547034"]),
        ("RF18 5390 0754 7035", []),  # a typing mistake: the check digits catch it
        ("Invoice 2026/11", []),
    ],
)
def test_rf_references_are_found_in_free_text(text, expected):
    assert [found for found in rf_references_in(text) if found in {"RF18539007547034"}] == expected


# Bad input: a clear message, nothing recorded.


@pytest.mark.parametrize(
    ("data", "file_format", "message"),
    [
        (b"<html><body>not a statement</body></html>", "camt053", "not a CAMT.053"),
        (b"<?xml version='1.0'?><Document", "camt053", "not a readable XML"),
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt/></Document>',
            "camt053",
            "document type",
        ),
        (b"%PDF-1.7 binary", "mt940", "not an MT940"),
        (b"", "mt940", "empty"),
        (b"x" * (5 * 1024 * 1024 + 1), "camt053", "larger than"),
    ],
)
def test_a_file_that_is_not_a_statement_gets_a_clear_message_and_records_nothing(
    members, data, file_format, message
):
    with pytest.raises(StatementError, match=message):
        services.statement_import(data, file_name="upload", file_format=file_format)
    assert not StatementImport.objects.exists() and not StatementLine.objects.exists()


def test_a_file_with_the_same_bank_entry_twice_is_refused_whole(members):
    text = sample("mt940-2026-11.sta").replace(b"STB-20261115-0004", b"STB-20261130-0007")
    with pytest.raises(StatementError, match="more than once"):
        services.statement_import(text, file_name="doubled.sta", file_format="mt940")
    assert not Payment.objects.exists() and not StatementLine.objects.exists()


def test_a_statement_of_someone_elses_account_is_refused(members):
    text = sample("camt053-2026-10.xml").replace(
        b"<IBAN>MK07250120000058984</IBAN>", b"<IBAN>MK30210000001234567</IBAN>"
    )
    with pytest.raises(StatementError, match="not one of the accounts"):
        services.statement_import(text, file_name="other.xml", file_format="camt053")
    assert not Payment.objects.exists()


# The command and the admin.


def test_the_command_imports_a_file_and_prints_its_report(members):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("import_statement", str(SAMPLES / "mt940-2026-11.sta"), stdout=out)
    # October's last line, repeated in November's file, is new to this database: three payments
    assert "3 matched" in out.getvalue() and "1 waiting for staff" in out.getvalue()
    assert "No RF payment reference" in out.getvalue()


def test_the_command_refuses_a_broken_file_with_its_reason(members, tmp_path):
    from django.core.management import CommandError, call_command

    broken = tmp_path / "statement.xml"
    broken.write_bytes(b"<Document")
    with pytest.raises(CommandError, match="not a readable XML file"):
        call_command("import_statement", str(broken))
    assert not StatementLine.objects.exists()


def test_the_imports_reasons_read_in_the_language_of_whoever_reads_them(members, staff_client):
    # Stored as words in the importer's language, they stayed English for a Macedonian colleague.
    with translation.override("en"):
        record = imported("camt053-2026-11.xml", "camt053")
    with translation.override("mk"):
        in_macedonian = str(IMPORT_REASONS["no_reference"])
    assert in_macedonian != "No RF payment reference in the payment details."

    mk = {"accept-language": "mk"}
    queue = staff_client.get(
        reverse("admin:membership_statementline_changelist"), headers=mk
    ).content.decode()
    report_page = reverse("admin:membership_statementimport_change", args=[record.pk])
    report = staff_client.get(report_page, headers=mk).content.decode()

    for page in (html.unescape(queue), html.unescape(report)):
        assert in_macedonian in page and "No RF payment reference" not in page


def test_an_amount_in_a_reason_is_written_the_readers_way(members):
    line = StatementLine(reason="other_amount", reason_params={"paid": "1250.00", "pledged": "300.00"})
    with translation.override("mk"):
        assert "1.250,00" in line.reason_shown and "300,00" in line.reason_shown
    with translation.override("en"):
        assert line.reason_shown == "Paid 1,250.00; the pledge is 300.00."


def test_a_note_staff_wrote_and_a_reason_stored_before_codes_read_as_written():
    assert (
        StatementLine(reason="A donation, not a membership.").reason_shown == "A donation, not a membership."
    )


def test_staff_upload_a_statement_and_read_its_report(members, staff_client):
    with open(SAMPLES / "camt053-2026-11.xml", "rb") as upload:
        response = staff_client.post(
            "/admin/membership/statementimport/add/", {"file_format": "camt053", "statement": upload}
        )
    record = StatementImport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{record.pk}/change/")
    page = staff_client.get(response["Location"]).content.decode()
    assert "No RF payment reference" in page and "Paid in EUR" in page


def test_a_bad_upload_answers_with_the_form_and_its_reason(members, staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = staff_client.post(
        "/admin/membership/statementimport/add/",
        {"file_format": "camt053", "statement": SimpleUploadedFile("x.xml", b"%PDF-1.7")},
    )
    assert response.status_code == 200
    assert "not a readable XML file" in response.content.decode()
    assert not StatementImport.objects.exists()


@pytest.mark.parametrize(
    ("amount_in_csv", "amount_in_camt"),
    [("NaN", "NaN"), ("sNaN", "sNaN"), ("12345678901,00", "12345678901.00"), ("300,005", "300.005")],
)
def test_an_amount_no_bank_writes_is_refused_with_its_reason_and_records_nothing(
    members, staff_client, currencies, amount_in_csv, amount_in_camt
):
    # "NaN" was a server error (a Decimal that cannot be compared with zero); 11 digits failed PostgreSQL's
    # column, and a third decimal was rounded away on SQLite.
    from django.core.files.uploadedfile import SimpleUploadedFile

    stopanska = BankCsvFormat.objects.create(
        name="Stopanska banka", date_column="Datum", amount_column="Iznos", currency=currencies["MKD"],
        text_column="Opis",
    )  # fmt: skip
    csv_file = f"Datum;Iznos;Opis\n30.11.2026;{amount_in_csv};RF18 5390 0754 7034\n".encode()
    camt_file = sample("camt053-2026-10.xml").replace(
        b'<Amt Ccy="MKD">300.00</Amt>', f'<Amt Ccy="MKD">{amount_in_camt}</Amt>'.encode()
    )
    for file_format, data, extra in [
        ("csv", csv_file, {"csv_format": stopanska.pk}),
        ("camt053", camt_file, {}),
    ]:
        response = staff_client.post(
            "/admin/membership/statementimport/add/",
            {"file_format": file_format, "statement": SimpleUploadedFile("s", data), **extra},
        )
        assert response.status_code == 200, file_format
        errors = re.search(r'<ul class="errorlist nonfield">(.*?)</ul>', response.content.decode(), re.S)
        assert errors and "amount" in errors.group(1), file_format
    assert not StatementImport.objects.exists() and not StatementLine.objects.exists()
    assert not Payment.objects.exists()


def test_staff_match_a_waiting_line_in_the_queue(members, staff_client):
    imported("camt053-2026-11.xml", "camt053")
    gift = StatementLine.objects.get(amount=Decimal("500.00"))
    queue = staff_client.get("/admin/membership/statementline/?status__exact=unmatched").content.decode()
    assert "Goran Nikolovski" in queue

    neither = staff_client.post(
        f"/admin/membership/statementline/{gift.pk}/change/", {"member": "", "dismiss_note": ""}
    )
    assert neither.status_code == 200 and "one of the two" in neither.content.decode()

    response = staff_client.post(
        f"/admin/membership/statementline/{gift.pk}/change/",
        {"member": members["ana"].pk, "dismiss_note": ""},
    )
    assert response.status_code == 302
    gift.refresh_from_db()
    assert gift.status == Line.MATCHED_BY_STAFF and gift.payment.member == members["ana"]


def test_the_import_report_says_each_outcome_in_the_staff_language_and_links_to_the_line(
    members, staff_client
):
    # The report showed the stored codes ("unmatched", "refused") in English on every language's page, and
    # gave no way from a waiting line to the page where it is matched or set aside.
    record = imported("camt053-2026-11.xml", "camt053")
    gift = StatementLine.objects.get(amount=Decimal("500.00"))
    url = f"/admin/membership/statementimport/{record.pk}/change/"

    page = staff_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    report = page[page.index("<table><thead>") :]
    assert f'<a href="/admin/membership/statementline/{gift.pk}/change/">Unmatched</a>' in report
    assert ">Refused</a>" in report and ">Matched</a>" in report
    assert ">unmatched<" not in report and ">money out<" not in report

    page = staff_client.get(url, HTTP_ACCEPT_LANGUAGE="mk").content.decode()
    report = page[page.index("<table><thead>") :]
    assert f'<a href="/admin/membership/statementline/{gift.pk}/change/">Неповрзано</a>' in report


def test_the_queue_shows_every_line_waiting_for_staff_first_and_has_a_filter_of_its_own(
    members, staff_client
):
    # Waiting lines were sorted among the matched ones by date, and the queue (unmatched, ambiguous and
    # refused alike) took three filters to see.
    imported("camt053-2026-11.xml", "camt053")
    record = imported("camt053-2026-10.xml", "camt053")  # another statement, nothing waiting in it
    page = staff_client.get("/admin/membership/statementline/").content.decode()
    rows = page[page.index('id="result_list"') :]
    first_matched = rows.index("Ana Petrovska")
    assert rows.index("Goran Nikolovski") < first_matched and rows.index("Elena Ristova") < first_matched

    waiting = staff_client.get("/admin/membership/statementline/?status=waiting").content.decode()
    rows = waiting[waiting.index('id="result_list"') :]
    assert "Goran Nikolovski" in rows and "Elena Ristova" in rows and "Ana Petrovska" not in rows
    assert "Waiting for staff" in waiting

    imports = StatementImport.objects.exclude(pk=record.pk).get()
    report = staff_client.get(f"/admin/membership/statementimport/{imports.pk}/change/").content.decode()
    queue = f"?statement_import__id__exact={imports.pk}&amp;status=waiting"
    assert f'<a href="/admin/membership/statementline/{queue}">' in report


def test_a_line_in_a_currency_we_do_not_take_is_refused_on_the_form_not_reported_as_saved(
    members, staff_client
):
    # The match was refused below the form, so the page said both "USD is not a currency we take" and
    # "changed successfully", and left the form.
    text = sample("camt053-2026-11.xml").replace(
        b'<Amt Ccy="MKD">500.00</Amt>', b'<Amt Ccy="USD">500.00</Amt>'
    )
    services.statement_import(text, file_name="usd.xml", file_format="camt053")
    gift = StatementLine.objects.get(currency="USD")
    url = f"/admin/membership/statementline/{gift.pk}/change/"
    response = staff_client.post(url, {"member": members["ana"].pk, "dismiss_note": ""}, follow=True)
    page = response.content.decode()
    assert "USD is not a currency we take." in page and "successfully" not in page
    gift.refresh_from_db()
    assert gift.status == Line.UNMATCHED and gift.payment is None


def test_the_upload_and_queue_forms_label_their_fields_as_the_admin_does(members, staff_client):
    upload = staff_client.get("/admin/membership/statementimport/add/").content.decode()
    assert ">Statement file:</label>" in upload
    imported("camt053-2026-11.xml", "camt053")
    gift = StatementLine.objects.get(amount=Decimal("500.00"))
    line = staff_client.get(f"/admin/membership/statementline/{gift.pk}/change/").content.decode()
    assert ">Not a membership payment:</label>" in line


# Found by staff walking the admin: the CSV import, the import's report and the banks' CSV formats.


@pytest.fixture
def stopanska(currencies):
    return BankCsvFormat.objects.create(
        name="Stopanska banka", account="MK07250120000058984", date_column="Datum", amount_column="Iznos",
        currency_column="Valuta", text_column="Opis", counterparty_column="Uplakjac",
        iban_column="IBAN na uplakjac", reference_column="Referenca",
    )  # fmt: skip


def upload_csv(staff_client, csv_format, *lines):
    """Staff upload a CSV export of `lines` (after the bank's header) as `csv_format`; the response."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = "\n".join(["Datum;Iznos;Valuta;Opis;Uplakjac;IBAN na uplakjac;Referenca", *lines]).encode()
    return staff_client.post(
        "/admin/membership/statementimport/add/",
        {"file_format": "csv", "csv_format": csv_format.pk, "statement": SimpleUploadedFile("s.csv", data)},
        follow=True,
    )


def test_a_csv_line_in_a_currency_that_does_not_exist_is_refused_naming_it(members, staff_client, stopanska):
    # It said "Line 3 has no currency" of a line that plainly has one.
    response = upload_csv(
        staff_client,
        stopanska,
        "30.11.2026;300,00;MKD;Clenarina RF18 5390 0754 7034;Ana Petrovska;;K-0007",
        "12.11.2026;3.000,00;MKDX;Clenarina 2027 RF86100200300;Blagoj Stojanov;;K-0002",
    )
    errors = re.search(r'<ul class="errorlist nonfield">(.*?)</ul>', response.content.decode(), re.S)
    assert errors and "Line 3: the currency “MKDX” is not one we take." in errors.group(1)
    assert "no currency" not in errors.group(1)
    assert not StatementImport.objects.exists()


def test_a_domestic_account_number_is_the_payers_account_and_garbage_refuses_only_its_line(
    members, staff_client, stopanska
):
    # Local banks write the payer's 15-digit account number where others write an IBAN; the whole file was
    # refused ("is not a valid IBAN"), and so it was for one line of nonsense in that column.
    response = upload_csv(
        staff_client,
        stopanska,
        "30.11.2026;300,00;MKD;Clenarina RF18 5390 0754 7034;Ana Petrovska;300000000123456;K-0007",
        "29.11.2026;300,00;MKD;Clenarina RF62424242424;Elena Ristova;300-0000004242-25;K-0008",
        "12.11.2026;3.000,00;MKD;Clenarina 2027 RF86100200300;Blagoj Stojanov;12 34 ??;K-0002",
    )
    record = StatementImport.objects.get()
    assert (record.matched, record.refused) == (2, 1)
    assert StatementLine.objects.get(payment__member=members["ana"]).counterparty_iban == "300000000123456"
    assert StatementLine.objects.get(payment__member=members["elena"]).counterparty_iban == "300000000424225"
    refused = StatementLine.objects.get(status=Line.REFUSED)
    assert refused.counterparty == "Blagoj Stojanov" and not Payment.objects.filter(member=members["blagoj"])
    assert refused in StatementLine.objects.waiting()
    report = html.unescape(response.content.decode())
    assert "The payer's account “12 34 ??” is neither an IBAN nor a domestic account number" in report


def test_the_import_report_counts_what_waits_in_the_queue_refused_lines_included(members, staff_client):
    # With only a refused line waiting it read "0 Open this statement's queue", a link beside a zero.
    imported("camt053-2026-10.xml", "camt053")
    record = imported("camt053-2026-11.xml", "camt053")
    gift = StatementLine.objects.get(amount=Decimal("500.00"))
    services.statement_line_dismiss(gift, note="A donation")  # what is left waiting: Elena's euros, refused
    url = f"/admin/membership/statementimport/{record.pk}/change/"
    queue = f"/admin/membership/statementline/?statement_import__id__exact={record.pk}&amp;status=waiting"

    page = staff_client.get(url).content.decode()
    assert f'<a href="{queue}">1 line waits in this statement&#x27;s queue</a> (Refused: 1)' in page
    assert "0 <a" not in page

    services.statement_line_dismiss(StatementLine.objects.get(status=Line.REFUSED), note="Returned to Elena")
    page = staff_client.get(url).content.decode()
    assert "Nothing from this statement waits for staff." in page and queue not in page


def test_a_csv_format_in_an_encoding_python_does_not_know_is_refused_on_its_form(staff_client, currencies):
    # "utf8-sigg" was saved, and the next import failed with "The file is not in utf8-sigg".
    url = "/admin/membership/bankcsvformat/add/"
    form = {
        "name": "Komercijalna banka", "account": "", "delimiter": ";", "date_column": "Datum",
        "date_format": "%d.%m.%Y", "amount_column": "Iznos", "decimal_comma": "on", "currency": "MKD",
        "text_column": "Opis",
    }  # fmt: skip
    for typo in ["utf8-sigg", "base64"]:  # base64 is a codec, but not an encoding text is written in
        response = staff_client.post(url, {**form, "encoding": typo})
        assert response.status_code == 200
        assert f"“{typo}” is not an encoding Python knows." in response.content.decode()
    assert not BankCsvFormat.objects.exists()

    assert staff_client.post(url, {**form, "encoding": "windows-1250"}).status_code == 302
    assert BankCsvFormat.objects.get().encoding == "windows-1250"
