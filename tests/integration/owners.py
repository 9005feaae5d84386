"""Owners and cases for the collection integration tests: signed up through the real wizard when a test needs
a signed-in browser, or straight through the store when a case is enough (faster: no password to hash)."""

from __future__ import annotations

import asyncio
import inspect
from datetime import timedelta
from decimal import Decimal
from itertools import count as counter

import reflex as rx
from sqlmodel import Session, func, select

from guide_app.accounts.accounts import set_iban
from guide_app.cases import store
from guide_app.cases.invoice import InvoiceSpec
from guide_app.core import clock
from guide_app.desk.state import CaseState
from guide_app.models import CollectionCase, Debtor
from guide_app.onboarding.state import CaseForm, OnboardingState, ScenarioEditor
from guide_app.reminders import store as reminder_store
from guide_app.reminders.timeline import renderer, unpaid

PASSWORD = "une phrase de passe solide"
TODAY = clock.today()
_emails = counter()
_numbers = counter(1)

Owner = tuple[rx.State, int, CollectionCase]  # (browser, account id, case)


def call(handler, state, *args):
    """A handler as the app runs it: awaited when it is async (those that hash a password are)."""
    result = handler.fn(state, *args)
    return asyncio.run(result) if inspect.iscoroutine(result) else result


def sub(root, cls):
    return root.get_substate(cls.get_full_name().split("."))


def new_root() -> rx.State:
    return rx.State(_reflex_internal_init=True)


def sign_up_with_case(new_browser, *, company: str, debtor: str, number: str, siren: str = "732829320") -> Owner:
    """A signed-up owner with one case whose invoice is 20 days late."""
    root = new_browser()
    wizard = sub(root, OnboardingState)
    OnboardingState.load.fn(wizard)
    call(
        OnboardingState.create_account,
        wizard,
        {
            "company_name": company,
            "siren": siren,
            "contact_name": "Camille Durand",
            "email": f"creancier{next(_emails)}@portail-exemple.fr",
            "password": PASSWORD,
            "consent": "on",
        },
    )
    ScenarioEditor.accept.fn(sub(root, ScenarioEditor))
    form = sub(root, CaseForm)
    CaseForm.create_case.fn(
        form,
        {
            "debtor_name": debtor,
            "debtor_email": "compta@client.fr",
            "risk": "standard",
            "number_0": number,
            "issue_0": (TODAY - timedelta(days=50)).isoformat(),
            "due_0": (TODAY - timedelta(days=20)).isoformat(),
            "amount_0": "2 000",
            "vat_0": "20",
            "terms_days": "30",
        },
    )
    assert form.case_errors == {} and wizard.step == 4
    account_id = wizard._account_id
    with rx.session() as session:
        case = store.cases(session, account_id=account_id)[0]
    return root, account_id, case


def two_accounts() -> tuple[Owner, Owner]:
    first = sign_up_with_case(new_root, company="Atelier Durand", debtor="Boulangerie Martin SARL", number="A-0")
    second = sign_up_with_case(new_root, company="Menuiserie Secrète", debtor="Client Confidentiel SAS", number="B-0")
    return first, second


def fresh_case(account_id: int, *, debtor: str, prefix: str) -> CollectionCase:
    """One more case of 2 000 € HT, 20 days late, straight through the store."""
    row = Debtor(account_id=account_id, company_name=debtor, email="compta@client.fr")
    invoices = [
        InvoiceSpec(
            number=f"{prefix}-{next(_numbers)}",
            issue_date=TODAY - timedelta(days=50),
            due_date=TODAY - timedelta(days=20),
            amount_ht=Decimal(2000),
            vat_rate=Decimal("0.2"),
        )
    ]
    with rx.session() as session:
        return open_case(session, account_id=account_id, debtor=row, invoices=invoices)


def open_case(session: Session, *, account_id: int, debtor: Debtor, invoices: list[InvoiceSpec]) -> CollectionCase:
    """A case with its planned reminders, straight through the store (terms of 30 days, planned on TODAY)."""
    creditor = store.account(session, account_id=account_id)
    case_id = reminder_store.create_case(
        session,
        account_id=account_id,
        debtor=debtor,
        invoices=invoices,
        terms_days=30,
        terms_end_of_month=False,
        today=TODAY,
        render=renderer(creditor=creditor, debtor=debtor, owed_on=unpaid(invoices, debtor)),
    )
    case = session.get(CollectionCase, case_id)
    assert case is not None
    return case


def with_fresh_cases(accounts: tuple[Owner, Owner]) -> tuple[Owner, Owner]:
    """Each owner with a new case of their own, and no IBAN unless a test gives one."""
    (first, first_id, _), (second, second_id, _) = accounts
    with rx.session() as session:
        set_iban(session, account_id=first_id, iban=None)
        set_iban(session, account_id=second_id, iban=None)
    return (
        (first, first_id, fresh_case(first_id, debtor="Boulangerie Martin SARL", prefix="A")),
        (second, second_id, fresh_case(second_id, debtor="Client Confidentiel SAS", prefix="B")),
    )


def invoice_number(case: CollectionCase) -> str:
    with rx.session() as session:
        (invoice,) = store.case_invoices(session, case=case)
        return invoice.number


def count(model, **where) -> int:
    with rx.session() as session:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return session.exec(query).one()


DUE = clock.today() + timedelta(days=20)


def _sign_up(new_browser, email: str, siren: str = "732829320"):
    root = new_browser()
    wizard = sub(root, OnboardingState)
    OnboardingState.load.fn(wizard)
    call(
        OnboardingState.create_account,
        wizard,
        {
            "company_name": "Atelier Durand",
            "siren": siren,
            "contact_name": "Camille Durand",
            "email": email,
            "password": PASSWORD,
            "consent": "on",
        },
    )
    return root


def _case_form(name: str = "Boulangerie Martin SARL", number: str = "F-1") -> dict[str, str]:
    return {
        "debtor_name": name,
        "debtor_email": "compta@martin.fr",
        "risk": "standard",
        "number_0": number,
        "issue_0": (DUE - timedelta(days=30)).isoformat(),
        "due_0": DUE.isoformat(),
        "amount_0": "2 000",
        "vat_0": "20",
        "terms_days": "30",
    }


def _through_case(root, name: str = "Boulangerie Martin SARL", number: str = "F-1") -> None:
    ScenarioEditor.accept.fn(sub(root, ScenarioEditor))
    CaseForm.create_case.fn(sub(root, CaseForm), _case_form(name, number))


def _owner_with_case(new_browser, email: str, siren: str = "732829320"):
    root = _sign_up(new_browser, email, siren)
    _through_case(root, number=f"F-{email}")
    page = sub(root, CaseState)
    with rx.session() as session:
        case = store.cases(session, account_id=page._account_id)[0]
    page.router.page.params["case_id"] = str(case.id)
    CaseState.load.fn(page)
    assert page.found
    return root, page, case.id
