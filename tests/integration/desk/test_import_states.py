"""Importing invoices from a CSV file through the real state and a real SQLite database."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import reflex as rx
from sqlmodel import select

from guide_app.cases import lifecycle as cases
from guide_app.cases import store
from guide_app.desk.import_state import ImportState
from guide_app.models import CaseAction, CollectionCase, Debtor, Invoice
from tests.integration.owners import (
    TODAY,
    count,
    invoice_number,
    sign_up_with_case,
    sub,
    two_accounts,
    with_fresh_cases,
)


@pytest.fixture(scope="module")
def accounts():
    return two_accounts()


@pytest.fixture
def two_owners(accounts):
    return with_fresh_cases(accounts)


HEADER = "client;siren;email;telephone;categorie;facture;date_facture;echeance;montant_ht;tva"


def _file(*lines: str) -> bytes:
    return ("\ufeff" + "\r\n".join([HEADER, *lines]) + "\r\n").encode("utf-8")


def _upload(root, data: bytes, name: str = "factures.csv"):
    state = sub(root, ImportState)
    ImportState.load.fn(state)
    upload = rx.UploadFile(file=io.BytesIO(data), path=Path(name))
    result = asyncio.run(ImportState.upload.fn(state, [upload]))
    return state, result


def _file_lines() -> list[str]:
    issue = (TODAY - timedelta(days=40)).strftime("%d/%m/%Y")
    due = (TODAY - timedelta(days=10)).strftime("%d/%m/%Y")
    later = (TODAY + timedelta(days=20)).strftime("%d/%m/%Y")
    return [
        f"Client Confidentiel SAS;;achats@confidentiel.fr;;a_risque;I-1;{issue};{due};1 000,00;20",
        f"client confidentiel sas;;;;;I-2;{issue};{later};250,5;5,5",
        f"Garage du Centre;552100554;;01 23 45 67 89;confiance;I-3;{issue};{due};99,99;",
        f"Garage du Centre;;;;;I-4;{issue};pas une date;10;20",
        f"Nouveau Client;;;;;I-5;{issue};{due};abc;20",
    ]


def test_an_import_creates_debtors_cases_and_planned_invoices_and_a_reimport_creates_nothing(new_browser, accounts):
    owner, account_id, existing_case = sign_up_with_case(
        new_browser, company="Menuiserie Secrète", debtor="Client Confidentiel SAS", number="B-1"
    )
    other_account = accounts[0][1]
    before_other = {
        model.__name__: count(model, account_id=other_account)
        for model in (Debtor, CollectionCase, Invoice, CaseAction)
    }
    state, _ = _upload(owner, _file(*_file_lines()))
    assert state.done and state.file_error == ""
    assert state.summary == "3 factures importées dans 2 nouveaux dossiers, dont 1 nouveau client."
    assert [(p.line, p.message) for p in state.problems] == [
        (5, "L'échéance doit être une date, par exemple 31/03/2025."),
        (6, "Le montant HT doit être un nombre, par exemple 12 345,67."),
    ]
    with rx.session() as session:
        debtors = session.exec(select(Debtor).where(Debtor.account_id == account_id).order_by(Debtor.id)).all()
        # "Client Confidentiel SAS" existed (from onboarding): reused, not duplicated.
        assert [d.company_name for d in debtors] == ["Client Confidentiel SAS", "Garage du Centre"]
        garage = debtors[1]
        assert (garage.siren, garage.phone, garage.risk_category) == ("552100554", "0123456789", "confiance")
        cases = store.cases(session, account_id=account_id)
        assert len(cases) == 3
        numbers = {c.id: [i.number for i in store.case_invoices(session, case=c)] for c in cases}
        assert sorted(numbers.values()) == [["B-1"], ["I-1", "I-2"], ["I-3"]]
        i2 = session.exec(select(Invoice).where(Invoice.number == "I-2")).one()
        assert (i2.account_id, i2.amount_ht_cents, i2.vat_rate_bp, i2.amount_ttc_cents) == (
            account_id,
            25050,
            550,
            26428,
        )
        for case in cases:
            assert case.debtor_token and len(store.case_actions(session, case=case)) >= 1
        assert existing_case.id in numbers and numbers[existing_case.id] == ["B-1"]  # the open case is untouched

    again, _ = _upload(owner, _file(*_file_lines()))
    assert again.summary == "Aucune nouvelle facture importée."
    assert [line.line for line in again.skipped] == [2, 3, 4]
    assert "I-1 est déjà enregistrée" in again.skipped[0].message
    assert count(Invoice, account_id=account_id) == 4 and count(CollectionCase, account_id=account_id) == 3
    assert count(Debtor, account_id=account_id) == 2
    after_other = {
        model.__name__: count(model, account_id=other_account)
        for model in (Debtor, CollectionCase, Invoice, CaseAction)
    }
    assert after_other == before_other


def test_an_imported_client_keeps_its_kind_and_its_case_follows_that_law(new_browser):
    owner, account_id, _ = sign_up_with_case(new_browser, company="Menuiserie Type", debtor="Client Type", number="T-0")
    issue, due = (TODAY - timedelta(days=60)).strftime("%d/%m/%Y"), (TODAY - timedelta(days=30)).strftime("%d/%m/%Y")
    header = "client;type_client;acheteur_public;facture;date_facture;echeance;montant_ht;tva"
    data = "\r\n".join(
        [
            header,
            f"Claire Petit;particulier;;T-1;{issue};{due};1 000;20",
            f"CHU Sud;public;sante;T-2;{issue};{due};1 000;20",
        ]
    ).encode()
    state, _ = _upload(owner, data)
    assert state.summary == "2 factures importées dans 2 nouveaux dossiers, dont 2 nouveaux clients."
    with rx.session() as session:
        debtors = {d.company_name: d for d in session.exec(select(Debtor).where(Debtor.account_id == account_id))}
        assert (debtors["Claire Petit"].kind, debtors["CHU Sud"].kind, debtors["CHU Sud"].public_buyer) == (
            "particulier",
            "public",
            "sante",
        )
        owed = {
            store.case_debtor(session, case=case).company_name: cases.case_ledger(session, case=case, on=TODAY)
            for case in store.cases(session, account_id=account_id)
        }
    # A consumer without a mise en demeure owes the invoice only; the hospital owes 40 € and intérêts moratoires.
    assert (owed["Claire Petit"].interest, owed["Claire Petit"].indemnity) == (0, 0)
    assert owed["CHU Sud"].indemnity == Decimal(40) and owed["CHU Sud"].interest > 0


def test_an_invoice_number_of_another_account_does_not_block_an_import(new_browser, two_owners):
    (_, _, other_case), _ = two_owners
    owner, account_id, _ = sign_up_with_case(
        new_browser, company="Menuiserie Neuve", debtor="Client Neuf", number="N-1"
    )
    issue, due = (TODAY - timedelta(days=40)).strftime("%d/%m/%Y"), TODAY.strftime("%d/%m/%Y")
    state, _ = _upload(owner, _file(f"Boulangerie Martin SARL;;;;;{invoice_number(other_case)};{issue};{due};100;20"))
    assert state.summary.startswith("1 facture importée dans 1 nouveau dossier, dont 1 nouveau client")
    with rx.session() as session:
        names = session.exec(select(Debtor.company_name).where(Debtor.account_id == account_id)).all()
        assert "Boulangerie Martin SARL" in names  # the other account's debtor of that name is not reused


def test_an_unreadable_file_says_why_and_imports_nothing(new_browser, two_owners):
    (owner, account_id, _), _ = two_owners
    before = count(Invoice, account_id=account_id)
    state, _ = _upload(owner, b"nom;montant\nMartin;100\n")
    assert "il manque" in state.file_error and not state.done
    state, _ = _upload(owner, b"x" * (3 * 1024 * 1024))
    assert "2 Mo" in state.file_error
    assert count(Invoice, account_id=account_id) == before


def test_the_import_requires_a_signed_in_account(new_browser, two_owners):
    stranger = new_browser()
    state = sub(stranger, ImportState)
    assert "/connexion?suite=" in str(ImportState.load.fn(state))
    before = count(Invoice)
    upload = rx.UploadFile(file=io.BytesIO(_file(*_file_lines())), path=Path("f.csv"))
    result = asyncio.run(ImportState.upload.fn(state, [upload]))
    assert "/connexion?suite=" in str(result) and count(Invoice) == before
    owner = two_owners[0][0]
    owner_import = sub(owner, ImportState)
    for bad in ([], "files", None, [1, 2], [1], [{"filename": "x.csv", "read": "x"}]):
        asyncio.run(ImportState.upload.fn(owner_import, bad))
        assert owner_import.file_error and count(Invoice) == before
