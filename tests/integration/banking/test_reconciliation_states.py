"""/compte/rapprochement through the real state and database: a statement imported once, its credit confirmed as a
payment through the ledger, another owner's lines and cases out of reach, hostile files refused."""

from __future__ import annotations

import asyncio
import io
import itertools
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import reflex as rx
from sqlmodel import select

from guide_app.banking.state import GONE, ReconciliationState
from guide_app.banking.statements import DTD
from guide_app.cases import lifecycle
from guide_app.cases.invoice import InvoiceSpec
from guide_app.core.format import money
from guide_app.models import BankColumns, BankLine, CaseEvent, CollectionCase, Debtor, Payment
from tests.integration.owners import TODAY, count, open_case, sub, two_accounts, with_fresh_cases

_serial = itertools.count(1)


@pytest.fixture(scope="module")
def accounts():
    return two_accounts()


@pytest.fixture
def two_owners(accounts):
    return with_fresh_cases(accounts)


def _case(account_id: int) -> tuple[CollectionCase, str]:
    """A case of its own (one invoice of 2 400 € TTC due in 10 days, so no interest yet) and its invoice number."""
    number = f"F-2026-{next(_serial):04d}"
    debtor = Debtor(account_id=account_id, company_name=f"Client {number}", email="compta@client.fr")
    invoice = InvoiceSpec(
        number=number,
        issue_date=TODAY - timedelta(days=20),
        due_date=TODAY + timedelta(days=10),
        amount_ht=Decimal(2000),
        vat_rate=Decimal("0.2"),
    )
    with rx.session() as session:
        return open_case(session, account_id=account_id, debtor=debtor, invoices=[invoice]), number


def _statement(*lines: str) -> bytes:
    return ("Date;Libellé;Débit;Crédit\n" + "\n".join(lines) + "\n").encode("utf-8")


def _upload(root, data: bytes) -> ReconciliationState:
    state = sub(root, ReconciliationState)
    ReconciliationState.load.fn(state)
    upload = rx.UploadFile(file=io.BytesIO(data), path=Path("releve.csv"))
    asyncio.run(ReconciliationState.upload.fn(state, [upload]))
    return state


def _lines(account_id: int) -> list[BankLine]:
    with rx.session() as session:
        return list(session.exec(select(BankLine).where(BankLine.account_id == account_id)))


def test_a_statement_imported_twice_is_stored_once_with_its_proposal(two_owners) -> None:
    (root, account_id, _), _ = two_owners
    _, number = _case(account_id)
    day = TODAY.strftime("%d/%m/%Y")
    data = _statement(f"{day};VIR SEPA BOULANGERIE MARTIN FACT {number};;2 400,00", f"{day};PRLV URSSAF;310,00;")
    before = len(_lines(account_id))

    state = _upload(root, data)
    assert state.file_error == "" and state.summary == "1 virement reçu importé · 1 débit ignoré."
    mine = [row for row in state.lines if number in row.target]
    assert len(mine) == 1 and mine[0].confidence == 99 and mine[0].amount == money(Decimal(2400))

    again = _upload(root, data)
    assert again.summary == "0 virement reçu importé · 1 déjà importé (ignoré) · 1 débit ignoré."
    assert len(_lines(account_id)) == before + 1


def test_confirming_records_the_payment_through_the_ledger(two_owners) -> None:
    (root, account_id, _), _ = two_owners
    case, number = _case(account_id)
    with rx.session() as session:
        owed_before = lifecycle.balance(session, case=case)
    state = _upload(root, _statement(f"{TODAY.strftime('%d/%m/%Y')};VIREMENT FACTURE {number};;2400,00"))
    (row,) = [row for row in state.lines if number in row.target]

    ReconciliationState.confirm.fn(state, row.id)

    assert state.notice == f"Virement de {money(Decimal(2400))} enregistré comme paiement." and state.line_errors == {}
    assert all(line.id != row.id for line in state.lines)  # handled: off the list
    with rx.session() as session:
        (payment,) = session.exec(select(Payment).where(Payment.bank_line_id == row.id)).all()
        assert (payment.case_id, payment.amount_cents, payment.method) == (case.id, 240000, "virement")
        assert owed_before == Decimal("2400.00")
        assert lifecycle.balance(session, case=case) == 0
        assert session.get(CollectionCase, case.id).status == "closed"  # type: ignore[union-attr]
        events = session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "payment"))
        assert any(money(Decimal(2400)) in event.text for event in events)
        assert session.get(BankLine, row.id).status == "confirmed"  # type: ignore[union-attr]

    ReconciliationState.confirm.fn(state, row.id)  # a second tap (or a replay): nothing more
    assert state.notice == GONE
    assert count(Payment, bank_line_id=row.id) == 1


def test_another_owner_cannot_confirm_nor_assign_nor_set_aside_a_line(two_owners) -> None:
    (root, _, _), (other, _, other_case) = two_owners
    state = _upload(root, _statement(f"{TODAY.strftime('%d/%m/%Y')};VIR INCONNU;;77,00"))
    (row,) = [row for row in state.lines if row.amount == money(Decimal(77))]
    intruder = sub(other, ReconciliationState)
    ReconciliationState.load.fn(intruder)

    ReconciliationState.confirm.fn(intruder, row.id)
    assert intruder.notice == GONE
    ReconciliationState.assign.fn(intruder, {"line_id": str(row.id), "case_id": str(other_case.id)})
    assert intruder.assign_errors == {"line_id": GONE}
    ReconciliationState.set_aside.fn(intruder, row.id)
    assert intruder.notice == GONE

    # and the owner cannot put their line on the other owner's case
    ReconciliationState.assign.fn(state, {"line_id": str(row.id), "case_id": str(other_case.id)})
    assert state.assign_errors == {"case_id": "Ce dossier n'est plus ouvert : choisissez-en un autre."}
    assert state.assign_line == row.id
    assert count(Payment, bank_line_id=row.id) == 0
    with rx.session() as session:
        assert session.get(BankLine, row.id).status == "open"  # type: ignore[union-attr]


def test_assigning_more_than_the_case_owes_is_refused_and_setting_aside_removes_the_line(two_owners) -> None:
    (root, _, case), _ = two_owners
    state = _upload(root, _statement(f"{TODAY.strftime('%d/%m/%Y')};VIR SUBVENTION REGION;;99 000,00"))
    (row,) = [row for row in state.lines if row.amount == money(Decimal(99000))]
    assert not row.proposed

    ReconciliationState.assign.fn(state, {"line_id": str(row.id), "case_id": str(case.id)})
    assert state.assign_errors["case_id"].startswith("Le virement dépasse ce que doit ce dossier")
    ReconciliationState.assign.fn(state, {"line_id": str(row.id), "case_id": ""})
    assert state.assign_errors == {"case_id": "Choisissez le dossier que ce virement règle."}
    assert count(Payment, bank_line_id=row.id) == 0

    ReconciliationState.set_aside.fn(state, row.id)
    assert state.notice.startswith("Ligne mise de côté") and all(line.id != row.id for line in state.lines)


@pytest.mark.parametrize("forged", [None, True, -1, 10**30, "1", "²", "١٢", "9" * 40, {"id": 1}, [1]])
def test_forged_ids_change_nothing(two_owners, forged) -> None:
    (root, account_id, _), _ = two_owners
    state = sub(root, ReconciliationState)
    ReconciliationState.load.fn(state)
    before = [(line.id, line.status) for line in _lines(account_id)]
    ReconciliationState.confirm.fn(state, forged)
    ReconciliationState.set_aside.fn(state, forged)
    if forged != "1":  # « 1 » in a form is how the page sends a real line: not a forgery there
        ReconciliationState.assign.fn(state, {"line_id": forged, "case_id": forged})
    ReconciliationState.assign.fn(state, forged)
    assert [(line.id, line.status) for line in _lines(account_id)] == before


def test_a_hostile_file_is_answered_in_french_and_stores_nothing(two_owners) -> None:
    (root, account_id, _), _ = two_owners
    before = len(_lines(account_id))
    xxe = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document>&x;</Document>'
    state = _upload(root, xxe)
    assert state.file_error == DTD and state.summary == ""
    state = _upload(root, b"Date;Libelle;Montant\n01/11/2026;=cmd|' /C calc'!A0;10,00\n")
    assert "formule de tableur" in state.file_error
    assert len(_lines(account_id)) == before


def test_a_signed_out_browser_is_sent_to_sign_in_and_stores_nothing(new_browser) -> None:
    state = sub(new_browser(), ReconciliationState)
    assert ReconciliationState.load.fn(state) is not None  # the redirect to /connexion
    upload = rx.UploadFile(file=io.BytesIO(_statement("01/11/2026;VIR;;10,00")), path=Path("r.csv"))
    before = count(BankLine)
    assert asyncio.run(ReconciliationState.upload.fn(state, [upload])) is not None
    assert count(BankLine) == before


HEADER = "Jour;Ref. operation;Detail;Somme;Emetteur du virement\n"


def test_a_bank_csv_with_unknown_columns_is_described_once_then_read_alone(two_owners) -> None:
    (root, account_id, _), (other, _, _) = two_owners
    day = TODAY.strftime("%d/%m/%Y")
    first = (HEADER + f"{day};R1;VIR CLIENT A;125,00;CLIENT A\n{day};R2;PRLV EDF;-86,40;EDF\n").encode()
    state = _upload(root, first)
    assert state.columns == ["Jour", "Ref. operation", "Detail", "Somme", "Emetteur du virement"]
    assert state.file_error == "" and state.summary == ""
    before = len(_lines(account_id))

    ReconciliationState.name_columns.fn(
        state, {"col_date": "0", "col_amount": "3", "col_label": "3", "amount_kind": "signe"}
    )
    assert state.column_errors == {"col_label": "Choisissez une colonne différente pour chaque information."}
    ReconciliationState.name_columns.fn(
        state, {"col_date": "9", "col_amount": "3", "col_label": "2", "amount_kind": "x"}
    )
    assert set(state.column_errors) == {"col_date", "amount_kind"}
    ReconciliationState.name_columns.fn(
        state, {"col_date": "2", "col_amount": "3", "col_label": "1", "amount_kind": "signe"}
    )
    assert state.column_errors["col_date"].startswith("Ligne 2 : date illisible")
    assert len(_lines(account_id)) == before and count(BankColumns, account_id=account_id) == 0

    ReconciliationState.name_columns.fn(
        state, {"col_date": "0", "col_amount": "3", "col_label": "2", "col_payer": "4", "amount_kind": "signe"}
    )
    assert state.column_errors == {} and state.columns == []
    assert state.summary == "1 virement reçu importé · 1 débit ignoré."
    assert any(row.payer == "CLIENT A" and row.amount == money(Decimal(125)) for row in state.lines)

    # The next statement of that bank is read at once; another owner's account does not know these columns.
    later = (HEADER + f"{day};R3;VIR CLIENT B;80,00;CLIENT B\n").encode()
    assert _upload(root, later).summary == "1 virement reçu importé."
    assert _upload(other, later).columns != []


def test_naming_columns_with_no_statement_waiting_asks_for_the_file_again(two_owners) -> None:
    (root, _, _), _ = two_owners
    state = sub(root, ReconciliationState)
    ReconciliationState.load.fn(state)
    ReconciliationState.name_columns.fn(
        state, {"col_date": "0", "col_amount": "1", "col_label": "2", "amount_kind": "signe"}
    )
    assert state.file_error == "Déposez de nouveau le relevé : il n'est plus en attente."
