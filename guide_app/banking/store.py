"""Bank statement lines in the database: imported once, matched against the account's open invoices, confirmed as
payments through the ledger (cases.lifecycle.record_payment: penalties, scenarios and the debtor's page follow),
or set aside. Every function takes the account it acts for; a line or a case of another account is not found."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session, col, select

from guide_app.banking.matching import OpenInvoice, Proposal, propose
from guide_app.banking.statements import Columns, Credit, Statement
from guide_app.cases import lifecycle, store
from guide_app.core.format import money
from guide_app.core.owner import owned
from guide_app.models import BankColumns, BankLine, CollectionCase, Debtor

_CHUNK = 500  # keys looked up per query


@dataclass(frozen=True)
class Imported:
    new: int
    known: int  # already imported: a statement imported twice changes nothing
    debits: int  # lines that are not money in (ignored)


def import_statement(session: Session, *, account_id: int, statement: Statement, now: datetime) -> Imported:
    """Stores the statement's new credits, in one transaction (all or none)."""
    keys = [credit.key for credit in statement.credits]
    known: set[str] = set()
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        known |= set(
            session.exec(select(BankLine.key).where(BankLine.account_id == account_id, col(BankLine.key).in_(chunk)))
        )
    new = 0
    for credit in statement.credits:
        if credit.key in known:
            continue
        known.add(credit.key)
        session.add(
            BankLine(
                account_id=account_id,
                key=credit.key,
                source=statement.kind,
                booked_on=credit.booked_on,
                amount_cents=store.to_cents(credit.amount),
                payer=credit.name,
                text=credit.text,
                imported_at=now,
            )
        )
        new += 1
    session.commit()
    return Imported(new=new, known=len(statement.credits) - new, debits=statement.debits)


def open_lines(session: Session, *, account_id: int) -> list[BankLine]:
    query = select(BankLine).where(BankLine.account_id == account_id, BankLine.status == "open")
    return list(session.exec(query.order_by(col(BankLine.booked_on), col(BankLine.id))))


def credit_of(line: BankLine) -> Credit:
    return Credit(
        key=line.key,
        booked_on=line.booked_on,
        amount=store.from_cents(line.amount_cents),
        name=line.payer,
        text=line.text,
    )


def open_cases(session: Session, *, account_id: int) -> list[tuple[CollectionCase, Debtor]]:
    query = (
        select(CollectionCase, Debtor)
        .join(Debtor, col(Debtor.id) == col(CollectionCase.debtor_id))
        .where(CollectionCase.account_id == account_id, CollectionCase.status == "open")
        .order_by(col(Debtor.company_name), col(CollectionCase.id))
    )
    return list(session.exec(query).all())


def open_invoices(session: Session, *, account_id: int, on: date) -> list[OpenInvoice]:
    """Every invoice of the account's open cases with its principal still unpaid, from the ledger."""
    found = []
    for case, debtor in open_cases(session, account_id=account_id):
        assert case.id is not None
        rows = {row.number: row for row in store.case_invoices(session, case=case)}
        for line in lifecycle.case_ledger(session, case=case, on=on).lines:
            row = rows.get(line.number)
            if row is not None and row.id is not None and line.principal > 0:
                found.append(
                    OpenInvoice(row.id, case.id, line.number, debtor.company_name, line.principal, line.due_date)
                )
    return found


def proposals(session: Session, *, account_id: int, lines: Sequence[BankLine], on: date) -> dict[str, Proposal]:
    return propose([credit_of(line) for line in lines], open_invoices(session, account_id=account_id, on=on))


def confirm(
    session: Session, *, account_id: int, line_id: object, to_cases: dict[int, Decimal], today: date, now: datetime
) -> str:
    """Records the line as payments on these cases (all or none). "" when done, else a French refusal."""
    line = owned(session, BankLine, line_id, owner=account_id)
    if line is None or line.status != "open":
        return "Cette ligne du relevé n'est plus à traiter : la page a été mise à jour."
    if not to_cases or sum(to_cases.values(), Decimal(0)) != store.from_cents(line.amount_cents):
        return "La répartition ne correspond pas au montant du virement."
    cases = []
    for case_id, amount in to_cases.items():
        case = owned(session, CollectionCase, case_id, owner=account_id)
        if case is None or case.status != "open":
            return "Ce dossier n'est plus ouvert : choisissez-en un autre."
        owed = lifecycle.balance(session, case=case, on=today)
        if amount <= 0 or amount > owed:
            return f"Le virement dépasse ce que doit ce dossier ({money(owed)}) : choisissez un autre dossier."
        cases.append((case, amount))
    for case, amount in cases:
        lifecycle.record_payment(
            session,
            case=case,
            amount=amount,
            paid_on=min(line.booked_on, today),
            method="virement",
            today=today,
            bank_line_id=line.id,
            commit=False,
        )
    line.status, line.decided_at = "confirmed", now
    session.add(line)
    session.commit()
    return ""


def set_aside(session: Session, *, account_id: int, line_id: object, now: datetime) -> bool:
    """Not a customer's payment (a refund, a loan…): it leaves the list. False when not this account's open line."""
    line = owned(session, BankLine, line_id, owner=account_id)
    if line is None or line.status != "open":
        return False
    line.status, line.decided_at = "set_aside", now
    session.add(line)
    session.commit()
    return True


def known_columns(session: Session, *, account_id: int) -> dict[str, Columns]:
    """The account's answers for CSV headers, by signature."""
    rows = session.exec(select(BankColumns).where(BankColumns.account_id == account_id))
    return {
        row.signature: Columns(
            date=row.date_col, label=row.label_col, amount=row.amount_col, credit=row.credit_col, payer=row.payer_col
        )
        for row in rows
    }


def remember_columns(session: Session, *, account_id: int, signature: str, columns: Columns) -> None:
    """Kept for the next statements of the same bank (replaces an earlier answer for the same header)."""
    row = session.exec(
        select(BankColumns).where(BankColumns.account_id == account_id, BankColumns.signature == signature)
    ).first() or BankColumns(account_id=account_id, signature=signature, date_col=0, label_col=0)
    row.date_col, row.label_col = columns.date, columns.label
    row.amount_col, row.credit_col, row.payer_col = columns.amount, columns.credit, columns.payer
    session.add(row)
