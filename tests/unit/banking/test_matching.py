"""Matching a statement's credits to open invoices: each rule, its confidence and its reason, and an invoice's
amount used once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from guide_app.banking.matching import OpenInvoice, compact, propose
from guide_app.banking.statements import Credit

D = Decimal


def invoice(invoice_id: int, number: str, debtor: str, left: str, due: date = date(2026, 11, 15)) -> OpenInvoice:
    return OpenInvoice(invoice_id, case_id=100 + invoice_id, number=number, debtor=debtor, left=D(left), due_date=due)


def credit(key: str, amount: str, name: str = "", text: str = "", on: date = date(2026, 11, 20)) -> Credit:
    return Credit(key=key, booked_on=on, amount=D(amount), name=name, text=text)


BOOK = [
    invoice(1, "F-2026-101", "Boulangerie Martin", "2400.00"),
    invoice(2, "F-2026-102", "Boulangerie Martin", "600.00"),
    invoice(3, "F-2026-103", "Plomberie Durand SARL", "3000.00"),
    invoice(4, "F-2026-104", "Garage du Centre", "1800.00"),
    invoice(5, "F-2026-105", "Garage du Centre", "700.00"),
]


def test_an_invoice_number_cited_with_its_exact_amount_is_sure() -> None:
    found = propose([credit("a", "2400.00", "ACME", "VIR FACT F2026 101")], BOOK)["a"]
    assert (found.confidence, [p.invoice_id for p in found.parts]) == (99, [1])
    assert "F-2026-101" in found.reason and "citée" in found.reason


def test_two_numbers_cited_paid_together() -> None:
    found = propose([credit("a", "3000.00", text="F-2026-101 F-2026-102")], BOOK)["a"]
    assert found.confidence == 99
    assert found.by_case() == {101: D("2400.00"), 102: D("600.00")}


def test_a_cited_invoice_paid_in_part() -> None:
    found = propose([credit("a", "1000.00", text="ACOMPTE F-2026-103")], BOOK)["a"]
    assert found.confidence == 70 and found.by_case() == {103: D("1000.00")}


def test_the_payer_named_with_the_exact_amount_of_one_of_its_invoices() -> None:
    found = propose([credit("a", "700.00", name="GARAGE DU CENTRE", text="VIREMENT NOVEMBRE")], BOOK)["a"]
    assert (found.confidence, found.parts[0].number) == (90, "F-2026-105")


def test_the_payer_named_paying_two_of_its_invoices_at_once() -> None:
    found = propose([credit("a", "2500.00", name="GARAGE DU CENTRE")], BOOK)["a"]
    assert found.confidence == 85
    assert sorted(p.number for p in found.parts) == ["F-2026-104", "F-2026-105"]


def test_a_payment_on_account_from_a_named_payer_goes_to_its_oldest_invoice() -> None:
    book = [*BOOK[:2], invoice(9, "F-2026-090", "Boulangerie Martin", "500.00", due=date(2026, 10, 1))]
    found = propose([credit("a", "800.00", name="BOULANGERIE MARTIN")], book)["a"]
    assert found.confidence == 60
    assert [(p.number, p.amount) for p in found.parts] == [("F-2026-090", D("500.00")), ("F-2026-101", D("300.00"))]


def test_amount_alone_near_the_due_date_is_a_weak_proposal() -> None:
    found = propose([credit("a", "3000.00", name="M DUPONT JEAN")], BOOK)["a"]
    assert found.confidence == 60 and found.parts[0].number == "F-2026-103"
    far = propose([credit("b", "3000.00", name="M DUPONT JEAN", on=date(2027, 6, 1))], BOOK)
    assert far == {}  # due seven months earlier: no proposal


def test_two_transfers_of_one_payer_paying_one_invoice_together() -> None:
    found = propose(
        [
            credit("a", "1500.00", name="VIR SEPA PLOMBERIE DURAND", text="PREMIER VERSEMENT"),
            credit("b", "1500.00", name="VIR SEPA PLOMBERIE DURAND", text="SECOND VERSEMENT"),
        ],
        [invoice(3, "F-2026-103", "Plomberie Durand SARL", "3000.00"), invoice(6, "F-2026-106", "X", "9.00")],
    )
    assert [found[key].confidence for key in ("a", "b")] == [75, 75]
    assert [found[key].by_case() for key in ("a", "b")] == [{103: D("1500.00")}, {103: D("1500.00")}]
    assert "2 virements de Plomberie Durand SARL règlent ensemble la facture F-2026-103" in found["a"].reason


def test_an_invoice_is_used_once_by_the_surest_credit() -> None:
    found = propose(
        [
            credit("weak", "2400.00", name="INCONNU"),
            credit("sure", "2400.00", text="FACTURE F-2026-101"),
        ],
        BOOK,
    )
    assert found["sure"].parts[0].invoice_id == 1
    assert "weak" not in found  # the only other 2 400 € invoice is already taken


def test_a_credit_nothing_explains_gets_no_proposal() -> None:
    assert propose([credit("a", "12.34", name="REMBOURSEMENT ASSURANCE")], BOOK) == {}


def test_short_numbers_are_not_matched_inside_other_figures() -> None:
    book = [invoice(7, "12", "Client Douze", "50.00", due=date(2020, 1, 1))]
    assert propose([credit("a", "50.00", text="VIR 12 NOVEMBRE")], book) == {}


def test_compact_reads_numbers_the_way_banks_mangle_them() -> None:
    assert compact("F-2026/014") == compact("f 2026 014") == "F2026014"
