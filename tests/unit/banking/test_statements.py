"""Reading bank statements: the credits of real-shaped CAMT.053, OFX and CSV exports, and hostile files refused in
French before anything is parsed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from guide_app.banking.statements import DTD, MAX_BYTES, UNKNOWN, Columns, UnknownColumns, read_statement
from guide_app.core.parse import InputError, clean

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "bank"


def test_camt053_gives_booked_credits_with_payer_remittance_and_the_banks_reference() -> None:
    statement = read_statement((FIXTURES / "releve-novembre.camt.xml").read_bytes())
    assert statement.kind == "camt"
    assert [(c.booked_on, c.amount, c.name, c.text) for c in statement.credits] == [
        (date(2026, 11, 12), Decimal("2400.00"), "BOULANGERIE MARTIN SARL", "REGLEMENT FACTURE F-2026-101"),
        (date(2026, 11, 20), Decimal("1800.00"), "GARAGE DU CENTRE", "VIREMENT GARAGE DU CENTRE NOVEMBRE"),
    ]
    assert statement.credits[0].key == "camt:FR7630004000031234567890143:2026111200013845"
    assert statement.debits == 1  # the direct debit; the pending credit is not money in yet


def test_ofx_gives_its_credits_keyed_by_account_and_fitid() -> None:
    statement = read_statement((FIXTURES / "releve-fin-novembre.ofx").read_bytes())
    assert statement.kind == "ofx"
    assert [(c.key, c.amount, c.text) for c in statement.credits] == [
        ("ofx:12345678901:2026112400077", Decimal("1500.00"), "FACT F-2026-103 ACOMPTE"),
        ("ofx:12345678901:2026112700093", Decimal("1500.00"), "FACT F-2026-103 SOLDE"),
    ]
    assert statement.debits == 1


def test_reading_the_same_file_twice_gives_the_same_keys() -> None:
    data = (FIXTURES / "releve-novembre.camt.xml").read_bytes()
    assert [c.key for c in read_statement(data).credits] == [c.key for c in read_statement(data).credits]


CSV = (
    "Compte courant n° 00012345678;;;\n"
    "Date;Libellé;Débit;Crédit\n"
    "03/11/2026;VIR SEPA BOULANGERIE MARTIN FACT F-2026-101;;2 400,00\n"
    "04/11/2026;PRLV URSSAF;1 250,00;\n"
    "05/11/2026;VIR SEPA GARAGE DU CENTRE;;1.800,00\n"
    "05/11/2026;VIR SEPA GARAGE DU CENTRE;;1.800,00\n"
)


def test_a_french_bank_csv_with_lines_above_its_header_and_debit_credit_columns() -> None:
    statement = read_statement(CSV.encode("cp1252"))
    assert statement.kind == "csv"
    assert [(c.booked_on, c.amount) for c in statement.credits] == [
        (date(2026, 11, 3), Decimal("2400.00")),
        (date(2026, 11, 5), Decimal("1800.00")),
        (date(2026, 11, 5), Decimal("1800.00")),
    ]
    assert statement.debits == 1
    keys = [c.key for c in statement.credits]
    assert len(set(keys)) == 3  # two identical transfers the same day stay two lines


UNKNOWN_HEADER = "Jour;Ref. operation;Detail;Somme;Emetteur du virement\n"
UNKNOWN_LINES = "21/11/2026;X1;FACT F-2026-101;2 400,00;BOULANGERIE MARTIN\n22/11/2026;X2;PRLV EDF;-86,40;EDF\n"


def test_a_csv_with_headers_it_does_not_know_asks_which_column_is_which() -> None:
    with pytest.raises(UnknownColumns) as asked:
        read_statement((UNKNOWN_HEADER + UNKNOWN_LINES).encode())
    assert asked.value.names == ["Jour", "Ref. operation", "Detail", "Somme", "Emetteur du virement"]
    answer = {asked.value.signature: Columns(date=0, label=2, amount=3, payer=4)}
    statement = read_statement((UNKNOWN_HEADER + UNKNOWN_LINES).encode(), answer)
    assert [(c.booked_on, c.amount, c.name, c.text) for c in statement.credits] == [
        (date(2026, 11, 21), Decimal("2400.00"), "BOULANGERIE MARTIN", "FACT F-2026-101")
    ]
    assert statement.debits == 1
    # the next statement of the same bank (same header, other lines) is read with the same answer
    later = UNKNOWN_HEADER + "02/12/2026;X9;VIR CLIENT;150,00;GARAGE\n"
    assert [c.amount for c in read_statement(later.encode(), answer).credits] == [Decimal("150.00")]


def test_an_answer_naming_a_column_the_file_does_not_have_asks_again() -> None:
    with pytest.raises(UnknownColumns) as asked:
        read_statement((UNKNOWN_HEADER + UNKNOWN_LINES).encode())
    with pytest.raises(UnknownColumns):
        read_statement((UNKNOWN_HEADER + UNKNOWN_LINES).encode(), {asked.value.signature: Columns(date=0, label=9)})


def test_a_text_file_with_no_header_at_all_is_not_a_statement() -> None:
    with pytest.raises(InputError) as refused:
        read_statement(b"Nom;Valeur\nA;1\n")
    assert str(refused.value) == UNKNOWN


@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", "@SUM(A1:A2)", '+HYPERLINK("http://x")', "-cmd|x"])
def test_a_csv_with_a_spreadsheet_formula_is_refused(cell: str) -> None:
    data = f"Date;Libellé;Montant\n03/11/2026;{cell};100,00\n".encode()
    with pytest.raises(InputError, match="formule de tableur"):
        read_statement(data)


def test_negative_amounts_are_debits_not_formulas() -> None:
    data = b"Date;Libelle;Montant\n03/11/2026;CB;-12,50\n04/11/2026;VIR CLIENT;+300,00\n"
    statement = read_statement(data)
    assert [c.amount for c in statement.credits] == [Decimal("300.00")]
    assert statement.debits == 1


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Document><BkToCstmrStmt>&lol3;</BkToCstmrStmt></Document>"""
XXE = b"""<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<Document><BkToCstmrStmt><Stmt><Ntry><AddtlNtryInf>&x;</AddtlNtryInf></Ntry></Stmt></BkToCstmrStmt></Document>"""


@pytest.mark.parametrize("data", [BOMB, XXE], ids=["xml-bomb", "external-entity"])
def test_xml_with_a_dtd_is_refused_before_parsing(data: bytes) -> None:
    with pytest.raises(InputError) as refused:
        read_statement(data)
    assert str(refused.value) == DTD


def test_a_file_over_the_size_limit_is_refused_unread() -> None:
    with pytest.raises(InputError, match="2 Mo"):
        read_statement(b"x" * (MAX_BYTES + 1))


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", b"PK\x03\x04\x14\x00", b"\x89PNG\r\n\x1a\n\x00\x00"],
    ids=["pdf", "zip", "binary"],
)
def test_a_file_of_the_wrong_type_is_refused(data: bytes) -> None:
    with pytest.raises(InputError) as refused:
        read_statement(data)
    assert str(refused.value) == UNKNOWN


def test_xml_that_is_not_a_statement_is_refused() -> None:
    with pytest.raises(InputError) as refused:
        read_statement(b"<?xml version='1.0'?><Invoice><ID>F1</ID></Invoice>")
    assert str(refused.value) == UNKNOWN


def test_bank_text_loses_control_and_direction_override_characters() -> None:
    assert clean("MARTIN\u202eNITRAM\x00  SARL", 140) == "MARTIN NITRAM SARL"


def test_an_amount_with_three_decimals_is_refused_with_its_line() -> None:
    with pytest.raises(InputError, match="Ligne 2"):
        read_statement(b"Date;Libelle;Montant\n03/11/2026;VIR;12,345\n")
