"""/compte/import/facture-electronique through the real state and database: a Factur-X invoice read, confirmed and
created as a case with the file's own amounts; the same invoice refused the second time; another company's invoice,
a purchase invoice and hostile files refused with nothing stored; a forged confirmation changes nothing."""

from __future__ import annotations

import asyncio
import io
import itertools
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import reflex as rx
from sqlmodel import select

from guide_app.cases import lifecycle, store
from guide_app.cases.einvoice import DTD
from guide_app.core import routes
from guide_app.core.format import money
from guide_app.desk.einvoice_state import NOTHING_WAITING, EInvoiceState
from guide_app.models import CaseAction, CollectionCase, Debtor, Invoice, Payment
from tests.einvoices import cii, facturx_pdf, terms, ubl
from tests.integration.owners import count, sub, two_accounts

_serial = itertools.count(1)


@pytest.fixture(scope="module")
def accounts():
    return two_accounts()


def _number() -> str:
    return f"FX-2026-{next(_serial):04d}"


def _read(root, data: bytes, name: str = "facture.pdf") -> EInvoiceState:
    state = sub(root, EInvoiceState)
    EInvoiceState.load.fn(state)
    asyncio.run(EInvoiceState.upload.fn(state, [rx.UploadFile(file=io.BytesIO(data), path=Path(name))]))
    return state


FORM = {"due": "2026-11-14", "email": "compta@menuiserie-roux.fr", "debtor_kind": "professionnel", "risk": "standard"}


def _rows() -> tuple[int, int, int]:
    return count(Invoice), count(CollectionCase), count(Debtor)


def test_a_facturx_invoice_is_checked_then_becomes_a_case_with_its_own_amounts(accounts) -> None:
    (root, account_id, _), _ = accounts
    number = _number()
    state = _read(root, facturx_pdf(cii(terms(**{"BT-1": number}, buyer={"name": f"Menuiserie {number}"}))))
    assert state.ready and state.file_error == ""
    shown = state.preview
    assert (shown.format, shown.number, shown.issued, shown.due) == (
        "Factur-X (PDF)",
        number,
        "15/10/2026",
        "14/11/2026",
    )
    assert (shown.amount_ht, shown.amount_ttc) == ("1\u202f500,00\u00a0€", "1\u202f800,00\u00a0€")
    assert shown.vat == "300,00\u00a0€ (20\u00a0%)" and shown.siren == "552100554" and shown.known == ""

    EInvoiceState.confirm.fn(state, {**FORM, "risk": "a_risque"})
    assert state.errors == {} and not state.ready
    assert f"Facture {number} importée : 1\u202f800,00\u00a0€ TTC" in state.created
    with rx.session() as session:
        found = store.invoice_by_number(session, account_id=account_id, number=number)
        assert found is not None
        invoice, debtor = found
        assert (invoice.amount_ht_cents, invoice.vat_rate_bp, invoice.amount_ttc_cents) == (150000, 2000, 180000)
        assert (invoice.issue_date, invoice.due_date) == (date(2026, 10, 15), date(2026, 11, 14))
        assert (debtor.siren, debtor.email, debtor.risk_category) == ("552100554", FORM["email"], "a_risque")
        case = session.get(CollectionCase, invoice.case_id)
        assert case is not None and case.account_id == account_id and case.terms_days == 30
        planned = session.exec(select(CaseAction).where(CaseAction.case_id == case.id)).all()
        assert planned, "the reminders are planned"
    assert state.case_path == routes.case(invoice.case_id)

    before = _rows()
    again = _read(root, ubl(terms(**{"BT-1": number})), "facture.xml")  # the same invoice, in another format
    assert not again.ready and f"La facture {number} est déjà enregistrée (client Menuiserie {number})" in (
        again.file_error
    )
    assert _rows() == before


def test_a_known_client_keeps_its_record_and_a_missing_due_date_is_asked(accounts) -> None:
    (root, account_id, _), _ = accounts
    first, second = _number(), _number()
    client = {"name": f"Client fidèle {first}", "legal_identifier": "443061841"}
    EInvoiceState.confirm.fn(_read(root, cii(terms(**{"BT-1": first}, buyer=client)), "f.xml"), FORM)
    debtors = count(Debtor)

    state = _read(root, cii(terms(**{"BT-1": second, "BT-9": None}, buyer=client)), "f.xml")
    assert state.preview.due == "non indiquée" and state.preview.due_value == ""
    assert "est déjà un de vos clients" in state.preview.known
    EInvoiceState.confirm.fn(state, {"due": ""})
    assert state.errors == {"due": "L'échéance est obligatoire."} and state.ready
    EInvoiceState.confirm.fn(state, {"due": "01/10/2026"})
    assert state.errors == {"due": "L'échéance ne peut pas précéder la date d'émission."}
    EInvoiceState.confirm.fn(state, {"due": "30/11/2026"})
    assert state.errors == {} and state.created
    assert count(Debtor) == debtors  # the same client, not a second one
    with rx.session() as session:
        found = store.invoice_by_number(session, account_id=account_id, number=second)
        assert found is not None and found[0].due_date == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (lambda: cii(terms(seller={"legal_identifier": "552100554", "vat_identifier": "FR40552100554"})), "pas par"),
        (lambda: cii(terms(buyer={"legal_identifier": "732829320"})), "facture d'achat"),
        (lambda: b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', DTD),
        (lambda: b"%PDF-1.4 not really", "PDF est illisible"),
    ],
)
def test_what_is_not_the_owners_sale_or_is_hostile_is_refused_and_nothing_stored(accounts, data, message) -> None:
    (root, _, _), _ = accounts
    before = _rows()
    state = _read(root, data())
    assert message in state.file_error and not state.ready
    EInvoiceState.confirm.fn(state, FORM)  # a forged confirmation: nothing is waiting
    assert state.file_error == NOTHING_WAITING
    assert _rows() == before


def test_one_owners_waiting_invoice_is_not_anothers(accounts) -> None:
    (first, _, _), (second, second_id, _) = accounts
    number = _number()
    assert _read(first, cii(terms(**{"BT-1": number}))).ready
    other = sub(second, EInvoiceState)
    EInvoiceState.load.fn(other)
    EInvoiceState.confirm.fn(other, FORM)
    assert other.file_error == NOTHING_WAITING
    with rx.session() as session:
        assert store.invoice_by_number(session, account_id=second_id, number=number) is None


def test_a_deposit_on_the_invoice_is_recorded_through_the_ledger_with_the_case(accounts) -> None:
    (root, account_id, _), _ = accounts
    number = _number()
    data = ubl(terms(**{"BT-1": number, "BT-113": 600.0, "BT-115": 1200.0}, buyer={"name": f"Acompte {number}"}))
    state = _read(root, data, "facture.xml")
    assert (state.preview.paid, state.preview.left) == (money(Decimal(600)), money(Decimal(1200)))
    EInvoiceState.confirm.fn(state, FORM)
    assert f"dont {money(Decimal(600))} d'acompte déjà reçu" in state.created
    with rx.session() as session:
        found = store.invoice_by_number(session, account_id=account_id, number=number)
        assert found is not None
        case = session.get(CollectionCase, found[0].case_id)
        assert case is not None and case.status == "open"
        (payment,) = session.exec(select(Payment).where(Payment.case_id == case.id)).all()
        assert (payment.amount_cents, payment.method, payment.paid_on) == (60000, "acompte", date(2026, 10, 15))
        assert lifecycle.case_ledger(session, case=case, on=date(2026, 11, 1)).due == Decimal(1200)
