"""Debtors, cases and their invoices in the database. Every function takes the account it acts for
and never reads or writes another account's rows."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from decimal import Decimal

from sqlmodel import Session, col, select

from guide_app.cases.invoice import InvoiceSpec
from guide_app.core import clock, routes
from guide_app.models import (
    Account,
    CaseAction,
    CollectionCase,
    Debtor,
    Escalation,
    Invoice,
    PaymentPlan,
    QuizAttempt,
    User,
)

CENT = Decimal("0.01")


def to_cents(amount: Decimal) -> int:
    return int((amount / CENT).to_integral_value())


def from_cents(cents: int) -> Decimal:
    return Decimal(cents) * CENT


def account(session: Session, *, account_id: int) -> Account | None:
    return session.get(Account, account_id)


def set_onboarding_step(session: Session, *, account_id: int, step: int) -> None:
    row = session.get(Account, account_id)
    if row is not None and row.onboarding_step < step:
        row.onboarding_step = step
        session.add(row)
        session.commit()


# --- Cases ---------------------------------------------------------------------------------------


def new_case(
    session: Session,
    *,
    account_id: int,
    debtor: Debtor,
    invoices: Sequence[InvoiceSpec],
    terms_days: int,
    terms_end_of_month: bool,
    shift_days: int,
) -> CollectionCase:
    """Debtor, case and invoices, flushed but not committed: the reminders side plans the actions in the same
    transaction (reminders.store.create_case)."""
    debtor.account_id = account_id
    session.add(debtor)
    session.flush()
    assert debtor.id is not None
    case = CollectionCase(
        account_id=account_id,
        debtor_id=debtor.id,
        terms_days=terms_days,
        terms_end_of_month=terms_end_of_month,
        created_at=clock.now(),
        debtor_token=secrets.token_urlsafe(24),
        schedule_shift_days=shift_days,
    )
    session.add(case)
    session.flush()
    assert case.id is not None
    for spec in invoices:
        session.add(invoice_row(case, spec))
    session.flush()
    return case


def invoice_row(case: CollectionCase, spec: InvoiceSpec) -> Invoice:
    """The row of an invoice of the case, amounts in cents."""
    assert case.id is not None
    return Invoice(
        account_id=case.account_id,
        case_id=case.id,
        number=spec.number,
        issue_date=spec.issue_date,
        due_date=spec.due_date,
        amount_ht_cents=to_cents(spec.amount_ht),
        vat_rate_bp=int(spec.vat_rate * 10000),
        amount_ttc_cents=to_cents(spec.amount_ttc),
    )


def invoice_number_taken(session: Session, *, account_id: int, numbers: Sequence[str]) -> list[str]:
    rows = session.exec(
        select(Invoice.number).where(Invoice.account_id == account_id, col(Invoice.number).in_(list(numbers)))
    ).all()
    return list(rows)


def invoice_by_number(session: Session, *, account_id: int, number: str) -> tuple[Invoice, Debtor] | None:
    """The account's invoice with this number (unique per account), and its debtor."""
    row = session.exec(
        select(Invoice, Debtor)
        .join(CollectionCase, col(CollectionCase.id) == Invoice.case_id)
        .join(Debtor, col(Debtor.id) == CollectionCase.debtor_id)
        .where(Invoice.account_id == account_id, Invoice.number == number)
    ).first()
    return (row[0], row[1]) if row else None


def cases(session: Session, *, account_id: int) -> list[CollectionCase]:
    return list(
        session.exec(
            select(CollectionCase)
            .where(CollectionCase.account_id == account_id)
            .order_by(col(CollectionCase.id).desc())
        ).all()
    )


def case_debtor(session: Session, *, case: CollectionCase) -> Debtor:
    debtor = session.get(Debtor, case.debtor_id)
    assert debtor is not None and debtor.account_id == case.account_id
    return debtor


def case_invoices(session: Session, *, case: CollectionCase) -> list[Invoice]:
    return list(
        session.exec(
            select(Invoice)
            .where(Invoice.case_id == case.id, Invoice.account_id == case.account_id)
            .order_by(col(Invoice.due_date))
        ).all()
    )


def case_actions(session: Session, *, case: CollectionCase) -> list[CaseAction]:
    return list(
        session.exec(
            select(CaseAction)
            .where(CaseAction.case_id == case.id, CaseAction.account_id == case.account_id)
            .order_by(col(CaseAction.scheduled_for), col(CaseAction.step_position))
        ).all()
    )


def invoice_spec(row: Invoice) -> InvoiceSpec:
    return InvoiceSpec(
        number=row.number,
        issue_date=row.issue_date,
        due_date=row.due_date,
        amount_ht=from_cents(row.amount_ht_cents),
        vat_rate=Decimal(row.vat_rate_bp) / 10000,
    )


def diagnostic_of(session: Session, *, account_id: int) -> tuple[str | None, dict[str, object] | None]:
    """(level id, company profile) of the account's latest finished diagnostic, if any."""
    attempt = session.exec(
        select(QuizAttempt)
        .where(QuizAttempt.account_id == account_id, col(QuizAttempt.finished_at).is_not(None))
        .order_by(col(QuizAttempt.id).desc())
    ).first()
    return (attempt.level_id, attempt.profile) if attempt else (None, None)


def creditor_name(session: Session, *, account_id: int) -> str:
    row = session.get(Account, account_id)
    return row.company_name if row else ""


def account_owner(session: Session, *, account_id: int) -> User | None:
    """The user who created the account (its first user; the team's members come after)."""
    return session.exec(select(User).where(User.account_id == account_id).order_by(col(User.id))).first()


def creditor_email(session: Session, *, account_id: int) -> str:
    """The account owner's e-mail: where debtors answer and exercise their rights."""
    owner = account_owner(session, account_id=account_id)
    return owner.email if owner else ""


def debtor_path(case: CollectionCase) -> str:
    return routes.debtor_page(case.debtor_token or "")


def suspension(session: Session, *, case: CollectionCase) -> str:
    """Why the reminder scenario is replaced for now ("" when it runs): an accepted payment plan, or a
    professional holding the case. Their own actions (instalment reminders) still go out."""
    running = session.exec(
        select(Escalation.id).where(Escalation.case_id == case.id, Escalation.status == "en_cours")
    ).first()
    if running is not None:
        return "Relances arrêtées : le dossier est confié à un professionnel."
    plan = session.exec(
        select(PaymentPlan.id).where(PaymentPlan.case_id == case.id, PaymentPlan.status == "accepted")
    ).first()
    if plan is not None:
        return "Relances remplacées par l'échéancier accepté : un rappel avant et après chaque échéance."
    return ""
