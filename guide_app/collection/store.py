"""Scenarios, debtors, cases and their actions in the database. Every function takes the account it acts for
and never reads or writes another account's rows."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlmodel import Session, col, select

from guide_app import routes
from guide_app.collection.risk import Channel, RiskCategory, Tone
from guide_app.collection.scenario import default_scenario
from guide_app.collection.schedule import InvoiceSpec, PlannedAction, late_start_shift, plan_actions
from guide_app.collection.steps import ScenarioStep
from guide_app.models import (
    Account,
    CaseAction,
    CollectionCase,
    Debtor,
    Escalation,
    Invoice,
    PaymentPlan,
    QuizAttempt,
    Scenario,
)
from guide_app.models import ScenarioStep as StepRow

CENT = Decimal("0.01")


def to_cents(amount: Decimal) -> int:
    return int((amount / CENT).to_integral_value())


def from_cents(cents: int) -> Decimal:
    return Decimal(cents) * CENT


def _now() -> datetime:
    return datetime.now(UTC)


def account(session: Session, *, account_id: int) -> Account | None:
    return session.get(Account, account_id)


def set_onboarding_step(session: Session, *, account_id: int, step: int) -> None:
    row = session.get(Account, account_id)
    if row is not None and row.onboarding_step < step:
        row.onboarding_step = step
        session.add(row)
        session.commit()


# --- Scenarios -------------------------------------------------------------------------------------


def _scenario_row(session: Session, *, account_id: int, risk: RiskCategory) -> Scenario | None:
    return session.exec(
        select(Scenario).where(Scenario.account_id == account_id, Scenario.risk_category == risk.value)
    ).first()


def create_default_scenarios(
    session: Session, *, account_id: int, level_id: str | None, profile: Mapping[str, object] | None
) -> None:
    """The three risk variants, pre-filled from the diagnostic; an existing variant is kept as it is."""
    for risk in RiskCategory:
        if _scenario_row(session, account_id=account_id, risk=risk) is None:
            save_scenario(
                session,
                account_id=account_id,
                risk=risk,
                steps=default_scenario(risk, level_id=level_id, profile=profile),
            )


def scenario_steps(session: Session, *, account_id: int, risk: RiskCategory) -> list[ScenarioStep]:
    row = _scenario_row(session, account_id=account_id, risk=risk)
    if row is None:
        return []
    rows = session.exec(select(StepRow).where(StepRow.scenario_id == row.id).order_by(col(StepRow.position))).all()
    return [
        ScenarioStep(
            name=r.name,
            offset_days=r.offset_days,
            channel=Channel(r.channel),
            tone=Tone(r.tone),
            subject=r.subject,
            body=r.body,
        )
        for r in rows
    ]


def save_scenario(session: Session, *, account_id: int, risk: RiskCategory, steps: Sequence[ScenarioStep]) -> None:
    """Replaces the variant's steps in one transaction (validated ScenarioStep objects only)."""
    row = _scenario_row(session, account_id=account_id, risk=risk)
    if row is None:
        row = Scenario(account_id=account_id, risk_category=risk.value, updated_at=_now())
        session.add(row)
        session.flush()
    else:
        for old in session.exec(select(StepRow).where(StepRow.scenario_id == row.id)):
            session.delete(old)
        row.updated_at = _now()
        session.add(row)
    assert row.id is not None
    for position, step in enumerate(steps):
        session.add(
            StepRow(
                scenario_id=row.id,
                position=position,
                name=step.name,
                offset_days=step.offset_days,
                channel=step.channel.value,
                tone=step.tone.value,
                subject=step.subject,
                body=step.body,
            )
        )
    session.commit()


# --- Cases -----------------------------------------------------------------------------------------


def create_case(
    session: Session,
    *,
    account_id: int,
    debtor: Debtor,
    invoices: Sequence[InvoiceSpec],
    terms_days: int,
    terms_end_of_month: bool,
    today: date,
    render: Callable[[PlannedAction, ScenarioStep, str], tuple[str, str]],
) -> int:
    """Debtor, case, invoices and every planned action, in one transaction. Returns the case id.

    `render` turns a planned action, its step and the debtor page's path into the (subject, body) to send.
    """
    debtor.account_id = account_id
    session.add(debtor)
    session.flush()
    assert debtor.id is not None
    steps = scenario_steps(session, account_id=account_id, risk=RiskCategory(debtor.risk_category))
    case = CollectionCase(
        account_id=account_id,
        debtor_id=debtor.id,
        terms_days=terms_days,
        terms_end_of_month=terms_end_of_month,
        created_at=_now(),
        debtor_token=secrets.token_urlsafe(24),
        schedule_shift_days=late_start_shift(steps, invoices, today=today),
    )
    session.add(case)
    session.flush()
    assert case.id is not None
    for spec in invoices:
        session.add(
            Invoice(
                account_id=account_id,
                case_id=case.id,
                number=spec.number,
                issue_date=spec.issue_date,
                due_date=spec.due_date,
                amount_ht_cents=to_cents(spec.amount_ht),
                vat_rate_bp=int(spec.vat_rate * 10000),
                amount_ttc_cents=to_cents(spec.amount_ttc),
            )
        )
    now = _now()
    for planned in plan_actions(steps, invoices, today=today, shift_days=case.schedule_shift_days):
        subject, body = render(planned, steps[planned.step_index], debtor_path(case))
        session.add(planned_action(case, planned, subject=subject, body=body, scheduled_for=planned.date, now=now))
    session.commit()
    return case.id


PAST_DUE_NOTE = "Sans objet : la facture était déjà échue."


def planned_action(
    case: CollectionCase, planned: PlannedAction, *, subject: str, body: str, scheduled_for: date, now: datetime
) -> CaseAction:
    """The row of a planned step; a pre-reminder that came too late is kept in the history, skipped."""
    assert case.id is not None
    skipped = planned.status == "sans_objet"
    return CaseAction(
        account_id=case.account_id,
        case_id=case.id,
        step_position=planned.step_index,
        name=planned.name,
        channel=planned.channel.value,
        tone=planned.tone.value,
        scheduled_for=scheduled_for,
        status="skipped" if skipped else "scheduled",
        outcome=PAST_DUE_NOTE if skipped else "",
        subject=subject,
        body=body,
        created_at=now,
    )


def invoice_number_taken(session: Session, *, account_id: int, numbers: Sequence[str]) -> list[str]:
    rows = session.exec(
        select(Invoice.number).where(Invoice.account_id == account_id, col(Invoice.number).in_(list(numbers)))
    ).all()
    return list(rows)


def own_case(session: Session, *, account_id: int, case_id: object) -> CollectionCase | None:
    if not isinstance(case_id, int) or isinstance(case_id, bool):
        return None
    case = session.get(CollectionCase, case_id)
    return case if case is not None and case.account_id == account_id else None


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
