"""Importing the open invoices read from a CSV file: debtors, cases and planned actions for one account.

Re-importing the same file changes nothing: an invoice whose number the account already has is skipped
(the number is unique per account), and a debtor already known (same SIREN, or same name ignoring case) is
reused rather than created again. Each debtor's new invoices become one new case, planned from the
account's scenario for the debtor's risk category; an open case is never re-planned behind its owner's back.
Each case is committed on its own, so an interrupted import is finished by importing the file again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from guide_app.cases import store
from guide_app.cases.csv_import import DebtorGroup, DebtorInfo, LineError
from guide_app.cases.invoice import InvoiceSpec
from guide_app.cases.lifecycle import record_payment
from guide_app.models import CollectionCase, Debtor
from guide_app.reminders import store as reminder_store
from guide_app.reminders.schedule import PlannedAction
from guide_app.reminders.steps import ScenarioStep

RenderFactory = Callable[[Debtor, list[InvoiceSpec]], Callable[[PlannedAction, ScenarioStep, str], tuple[str, str]]]
MAX_TERMS_DAYS = 365


@dataclass
class ImportReport:
    cases_created: int = 0
    debtors_created: int = 0
    invoices_created: int = 0
    skipped: list[LineError] = field(default_factory=list)  # lines already imported


def _known_debtors(session: Session, *, account_id: int) -> tuple[dict[str, Debtor], dict[str, Debtor]]:
    by_siren: dict[str, Debtor] = {}
    by_name: dict[str, Debtor] = {}
    for row in session.exec(select(Debtor).where(Debtor.account_id == account_id)).all():
        if row.siren:
            by_siren.setdefault(row.siren, row)
        by_name.setdefault(row.company_name.casefold(), row)
    return by_siren, by_name


def _match(info: DebtorInfo, by_siren: dict[str, Debtor], by_name: dict[str, Debtor]) -> Debtor | None:
    """The account's debtor this client is: same SIREN, or same name ignoring case."""
    return (by_siren.get(info.siren) if info.siren else None) or by_name.get(info.name.casefold())


def known_debtor(session: Session, *, account_id: int, info: DebtorInfo) -> Debtor | None:
    """The debtor an import would reuse for this client, if the account already has it."""
    return _match(info, *_known_debtors(session, account_id=account_id))


def _terms_days(invoices: Sequence[InvoiceSpec]) -> int:
    """The file gives dates, not terms: the longest delay granted among the case's invoices."""
    return min(MAX_TERMS_DAYS, max((i.due_date - i.issue_date).days for i in invoices))


def import_invoices(
    session: Session,
    *,
    account_id: int,
    rows: Sequence[DebtorGroup],
    today: date,
    render: RenderFactory,
    deposits: Mapping[str, Decimal] | None = None,
) -> ImportReport:
    """Creates what is new for `account_id` only; `render(debtor, invoices)` renders a case's messages.
    `deposits`: by invoice number, what the invoice itself says was already paid (an e-invoice's BT-113), recorded
    through the ledger as a payment on its issue date, in the case's own transaction."""
    report = ImportReport()
    by_siren, by_name = _known_debtors(session, account_id=account_id)
    for group in rows:
        numbers = [line.invoice.number for line in group.lines]
        taken: set[str] = set()
        for start in range(0, len(numbers), 500):
            taken |= set(
                store.invoice_number_taken(session, account_id=account_id, numbers=numbers[start : start + 500])
            )
        fresh = [line for line in group.lines if line.invoice.number not in taken]
        report.skipped += [
            LineError(line.line, f"La facture {line.invoice.number} est déjà enregistrée : ligne ignorée.")
            for line in group.lines
            if line.invoice.number in taken
        ]
        if not fresh:
            continue
        info = group.debtor
        known = _match(info, by_siren, by_name)
        debtor = known or Debtor(
            account_id=account_id,
            company_name=info.name,
            siren=info.siren,
            email=info.email,
            phone=info.phone,
            risk_category=info.risk.value,
            kind=info.kind,
            public_buyer=info.public_buyer,
        )
        invoices = [line.invoice for line in fresh]
        try:
            case_id = reminder_store.create_case(
                session,
                account_id=account_id,
                debtor=debtor,
                invoices=invoices,
                terms_days=_terms_days(invoices),
                terms_end_of_month=False,
                today=today,
                render=render(debtor, invoices),
                commit=False,
            )
            for invoice in invoices:
                if paid := (deposits or {}).get(invoice.number):
                    case = session.get(CollectionCase, case_id)
                    assert case is not None
                    record_payment(
                        session,
                        case=case,
                        amount=paid,
                        paid_on=invoice.issue_date,
                        method="acompte",
                        today=today,
                        commit=False,
                    )
            session.commit()
        except IntegrityError:  # the same file imported at the same moment elsewhere: these lines are there
            session.rollback()
            report.skipped += [
                LineError(line.line, f"La facture {line.invoice.number} est déjà enregistrée : ligne ignorée.")
                for line in fresh
            ]
            continue
        report.cases_created += 1
        report.invoices_created += len(invoices)
        if known is None:
            report.debtors_created += 1
            if debtor.siren:
                by_siren.setdefault(debtor.siren, debtor)
            by_name.setdefault(debtor.company_name.casefold(), debtor)
    report.skipped.sort(key=lambda error: error.line)
    return report
