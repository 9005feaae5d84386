"""A debtor's reminder scenarios and a case's planned actions in the database. Every function takes the account it
acts for and never reads or writes another account's rows."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, func, select

from guide_app.cases import lifecycle, store
from guide_app.cases.invoice import InvoiceSpec
from guide_app.cases.risk import Channel, RiskCategory, Tone
from guide_app.core import clock
from guide_app.core.settings import settings
from guide_app.models import CaseAction, CollectionCase, Debtor, Scenario
from guide_app.models import ScenarioStep as StepRow
from guide_app.reminders.due import THANKS, due_actions
from guide_app.reminders.due_store import action_snapshot, case_snapshots
from guide_app.reminders.messages import default_messages, for_debtor
from guide_app.reminders.scenario import default_scenario
from guide_app.reminders.schedule import PlannedAction, late_start_shift, next_business_day, plan_actions
from guide_app.reminders.steps import ScenarioStep
from guide_app.reminders.tasks import international_phone
from guide_app.reminders.templates import render
from guide_app.reminders.timeline import message_context, payment_details, renderer


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
        row = Scenario(account_id=account_id, risk_category=risk.value, updated_at=clock.now())
        session.add(row)
        session.flush()
    else:
        for old in session.exec(select(StepRow).where(StepRow.scenario_id == row.id)):
            session.delete(old)
        row.updated_at = clock.now()
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


# --- A case's actions ----------------------------------------------------------------------------


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
    commit: bool = True,
) -> int:
    """Debtor, case, invoices and every planned action, in one transaction. Returns the case id.

    `render` turns a planned action, its step and the debtor page's path into the (subject, body) to send.
    `commit=False`: the caller adds to the same transaction (a deposit already paid) and commits.
    """
    steps = for_debtor(
        scenario_steps(session, account_id=account_id, risk=RiskCategory(debtor.risk_category)), debtor.kind
    )
    case = store.new_case(
        session,
        account_id=account_id,
        debtor=debtor,
        invoices=invoices,
        terms_days=terms_days,
        terms_end_of_month=terms_end_of_month,
        shift_days=late_start_shift(steps, invoices, today=today),
    )
    now = clock.now()
    for planned in plan_actions(steps, invoices, today=today, shift_days=case.schedule_shift_days):
        subject, body = render(planned, steps[planned.step_index], store.debtor_path(case))
        session.add(planned_action(case, planned, subject=subject, body=body, scheduled_for=planned.date, now=now))
    if commit:
        session.commit()
    assert case.id is not None
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


def replan(session: Session, *, case: CollectionCase, today: date) -> None:
    """Plans the actions still to come again from the scenario, on what is still owed; steps already done, sent
    or failed keep their history. Called after a payment or a new invoice, so no message asks for too much.
    (While a payment plan or a professional has replaced the scenario, recourse.plan_store updates the plan's
    reminders instead: guide_app/wiring.py chooses.)"""
    owed_on = lifecycle.owed_on(session, case=case)
    owed = {line.number for line in owed_on(today).lines if line.principal > 0}
    invoices = [store.invoice_spec(row) for row in store.case_invoices(session, case=case) if row.number in owed]
    actions = store.case_actions(session, case=case)
    handled = {a.step_position for a in actions if a.status != "scheduled" or a.claim_id is not None}
    for action in actions:
        if action.status == "scheduled" and action.claim_id is None:
            session.delete(action)
    if not invoices:
        return
    debtor = store.case_debtor(session, case=case)
    steps = for_debtor(
        scenario_steps(session, account_id=case.account_id, risk=RiskCategory(debtor.risk_category)), debtor.kind
    )
    creditor = store.account(session, account_id=case.account_id)
    assert creditor is not None
    render = renderer(creditor=creditor, debtor=debtor, owed_on=owed_on)
    assert case.id is not None
    now = clock.now()
    for planned in plan_actions(steps, invoices, today=today, shift_days=case.schedule_shift_days):
        if planned.step_index in handled:
            continue
        subject, body = render(planned, steps[planned.step_index], store.debtor_path(case))
        when = max(planned.date, next_business_day(today))  # never a weekend or a holiday
        session.add(planned_action(case, planned, subject=subject, body=body, scheduled_for=when, now=now))


THANKS_NAME = "Remerciement"


def at_address(address: str) -> ColumnElement[bool]:
    """Debtor rows read at this address: one reader, case and spaces aside (as grouping.group_key has it)."""
    return func.lower(func.trim(col(Debtor.email))) == address.strip().lower()


def thank_payer(session: Session, *, case: CollectionCase, today: date) -> bool:
    """Once a payment settles everything the client owed (no other open case at their address), a short thank-you
    e-mail is planned for today, unless the owner turned it off. Returns True when planned (not committed)."""
    account = store.account(session, account_id=case.account_id)
    debtor = store.case_debtor(session, case=case)
    address = debtor.email.strip().lower()
    if account is None or not account.thank_payers or not address:
        return False
    other_open = session.exec(
        select(CollectionCase.id)
        .join(Debtor, col(Debtor.id) == col(CollectionCase.debtor_id))
        .where(
            CollectionCase.account_id == case.account_id,
            CollectionCase.status == "open",
            col(CollectionCase.id) != case.id,
            at_address(address),
        )
    ).first()
    if other_open is not None or any(action.kind == THANKS for action in store.case_actions(session, case=case)):
        return False
    text = default_messages()["remerciement"]
    context = message_context(
        creditor=account.company_name,
        debtor=debtor,
        owed=lifecycle.case_ledger(session, case=case, on=today),
        link=settings.public_url.rstrip("/") + store.debtor_path(case),
        payment_details=payment_details(account),
    )
    assert case.id is not None
    session.add(
        CaseAction(
            account_id=case.account_id,
            case_id=case.id,
            step_position=-1,
            kind=THANKS,
            name=THANKS_NAME,
            channel=Channel.EMAIL.value,
            tone=Tone.COURTOIS.value,
            scheduled_for=today,
            subject=render(text.subject, context),
            body=render(text.body, context),
            created_at=clock.now(),
        )
    )
    return True


def due_sms_siblings(session: Session, *, action: CaseAction, now: datetime) -> list[CaseAction]:
    """The client's other SMS due now (same account and phone number, other open cases that no pause holds) that one
    SMS sent for `action` covers; [] when `action` is not a due SMS."""
    today = clock.local_day(now)
    if action.channel != Channel.SMS.value or action.status != "scheduled" or action.scheduled_for > today:
        return []
    case = session.get(CollectionCase, action.case_id)
    assert case is not None
    number = international_phone(store.case_debtor(session, case=case).phone)
    if not number:
        return []
    rows = session.exec(
        select(CaseAction, Debtor.phone)
        .join(CollectionCase, col(CollectionCase.id) == col(CaseAction.case_id))
        .join(Debtor, col(Debtor.id) == col(CollectionCase.debtor_id))
        .where(
            CaseAction.account_id == action.account_id,
            CaseAction.channel == Channel.SMS.value,
            CaseAction.status == "scheduled",
            col(CaseAction.scheduled_for) <= today,
            col(CaseAction.case_id) != action.case_id,
            CollectionCase.status == "open",
        )
        .order_by(col(CaseAction.case_id), col(CaseAction.id))
    ).all()
    same = [sibling for sibling, phone in rows if international_phone(phone) == number]
    snapshots = case_snapshots(session, sorted({sibling.case_id for sibling in same}))
    return [s for s in same if due_actions(snapshots[s.case_id], [action_snapshot(s)], now)]
