"""Payment plans in the database: the owner proposes, the debtor accepts or counter-proposes (the debtor page
calls `accept_plan` and `counter_propose`), the owner may accept a counter-proposal or note an agreement given
by phone. Once accepted, the plan replaces the reminder scenario: the scenario's scheduled actions are cancelled
and each instalment gets its own reminders (J−3 and J+2 e-mails), sent like any other action. A missed
instalment raises one alert; the owner then resumes the scenario or hands the case to a professional.

Every function acts on a case the caller already loaded for its account (core.owner.owned, or the debtor
token), and refuses plan ids of another case."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlmodel import Session, col, select

from guide_app.cases import lifecycle as cases
from guide_app.cases import store
from guide_app.cases.risk import Channel, Tone
from guide_app.core import clock
from guide_app.core.format import day, money
from guide_app.core.owner import owned
from guide_app.core.parse import InputError
from guide_app.core.settings import settings
from guide_app.models import CaseAction, CollectionCase, PaymentPlan, PlanInstalment
from guide_app.recourse.plans import (
    REMINDER_AFTER_DAYS,
    REMINDER_BEFORE_DAYS,
    Instalment,
    InstalmentProgress,
    PlanError,
    first_missed,
    parse_lines,
    progress,
    read_rows,
    schedule_errors,
    summary,
)
from guide_app.reminders.messages import default_messages
from guide_app.reminders.schedule import next_business_day
from guide_app.reminders.templates import MessageContext, render
from guide_app.reminders.timeline import payment_details

INSTALMENT = "echeance"  # CaseAction.kind of an instalment reminder: it always leaves alone (reminders/grouping.py)
PLAN_STEP_BASE = 100  # CaseAction.step_position of instalment reminders: 100 + 2 × position (+1 for "after")
REPLACED = "Remplacée par l'échéancier"
PLAN_BROKEN = "Échéancier rompu"
INSTALMENT_PAID = "Échéance réglée"


def plans_of(session: Session, *, case: CollectionCase) -> list[PaymentPlan]:
    return list(
        session.exec(
            select(PaymentPlan)
            .where(PaymentPlan.case_id == case.id, PaymentPlan.account_id == case.account_id)
            .order_by(col(PaymentPlan.id).desc())
        ).all()
    )


def active_plan(session: Session, *, case: CollectionCase) -> PaymentPlan | None:
    return next((p for p in plans_of(session, case=case) if p.status == "accepted"), None)


def pending_proposal(session: Session, *, case: CollectionCase) -> PaymentPlan | None:
    """The proposal waiting for an answer (the latest one), whoever made it."""
    return next((p for p in plans_of(session, case=case) if p.status == "proposed"), None)


def schedule_of(session: Session, *, plan: PaymentPlan) -> list[Instalment]:
    rows = session.exec(
        select(PlanInstalment).where(PlanInstalment.plan_id == plan.id).order_by(col(PlanInstalment.position))
    ).all()
    return [Instalment(due_on=row.due_on, amount=store.from_cents(row.amount_cents)) for row in rows]


def plan_progress(
    session: Session, *, case: CollectionCase, plan: PaymentPlan, today: date
) -> list[InstalmentProgress]:
    paid_since = cases.paid_total(session, case=case) - store.from_cents(plan.paid_before_cents)
    return progress(schedule_of(session, plan=plan), paid_since_acceptance=paid_since, today=today)


def _own_plan(session: Session, *, case: CollectionCase, plan_id: object) -> PaymentPlan | None:
    plan = owned(session, PaymentPlan, plan_id, owner=case.account_id)
    return plan if plan is not None and plan.case_id == case.id else None


def _check_can_plan(session: Session, *, case: CollectionCase) -> None:
    if case.status != "open":
        raise PlanError("Ce dossier est clos.")
    if active_plan(session, case=case) is not None:
        raise PlanError("Un échéancier est déjà en cours sur ce dossier.")
    if store.suspension(session, case=case):
        raise PlanError("Le dossier est confié à un professionnel : c'est lui qui négocie un échéancier.")


def propose(
    session: Session, *, case: CollectionCase, schedule: Sequence[Instalment], today: date, by: str = "owner"
) -> PaymentPlan:
    """Stores a proposal for what is owed today; an earlier proposal waiting for an answer is answered by it."""
    assert case.id is not None and by in ("owner", "debtor")
    _check_can_plan(session, case=case)
    total = cases.balance(session, case=case, on=today)
    if errors := schedule_errors(schedule, total=total, today=today):
        raise PlanError(" ".join(errors))
    for earlier in plans_of(session, case=case):
        if earlier.status == "proposed":
            earlier.status, earlier.ended_at = ("countered" if by == "debtor" else "withdrawn"), clock.now()
            session.add(earlier)
    plan = PaymentPlan(
        account_id=case.account_id,
        case_id=case.id,
        status="proposed",
        proposed_by=by,
        total_cents=store.to_cents(total),
        created_at=clock.now(),
    )
    session.add(plan)
    session.flush()
    assert plan.id is not None
    for position, item in enumerate(sorted(schedule, key=lambda i: i.due_on), start=1):
        session.add(
            PlanInstalment(
                account_id=case.account_id,
                plan_id=plan.id,
                position=position,
                due_on=item.due_on,
                amount_cents=store.to_cents(item.amount),
            )
        )
    if by == "debtor":
        text = f"Le client propose un autre échéancier : {summary(schedule)}. Acceptez-le ou proposez-en un autre."
    else:
        text = f"Échéancier proposé au client : {summary(schedule)}. Il peut l'accepter depuis sa page de paiement."
    cases.add_event(session, case=case, kind="plan", text=text, alert=by == "debtor")
    session.commit()
    return plan


def counter_propose(session: Session, *, case: CollectionCase, schedule: object, today: date | None = None) -> int:
    """The debtor's own schedule (from the debtor page): rows [{"due_on", "amount"}], text lines, or Instalments.
    Returns the new plan's id; raises PlanError (French) when it cannot be proposed."""
    try:
        if isinstance(schedule, str):
            parsed = parse_lines(schedule)
        elif isinstance(schedule, list | tuple) and all(isinstance(i, Instalment) for i in schedule):
            parsed = list(schedule)
        else:
            parsed = read_rows(schedule)
    except InputError as error:
        raise PlanError(str(error)) from error
    plan = propose(session, case=case, schedule=parsed, today=today or clock.today(), by="debtor")
    assert plan.id is not None
    return plan.id


def accept_plan(
    session: Session, *, case: CollectionCase, plan_id: object, today: date | None = None, by: str = "debtor"
) -> PaymentPlan:
    """The other side agrees: the debtor accepts the owner's proposal (the debtor page), or the owner accepts the
    debtor's counter-proposal, or notes that the debtor agreed by phone (`by="owner_for_debtor"`)."""
    today = today or clock.today()
    plan = _own_plan(session, case=case, plan_id=plan_id)
    if plan is None or plan.status != "proposed":
        raise PlanError("Cette proposition n'est plus d'actualité.")
    expected_author = {"debtor": "owner", "owner": "debtor", "owner_for_debtor": "owner"}.get(by)
    if plan.proposed_by != expected_author:
        raise PlanError("Cette proposition attend la réponse de l'autre partie.")
    _check_can_plan(session, case=case)
    proposed_on = clock.day_of(plan.created_at)
    if store.to_cents(cases.balance(session, case=case, on=proposed_on)) != plan.total_cents:  # the amount agreed
        raise PlanError("Le montant dû a changé depuis la proposition : un nouvel échéancier est nécessaire.")
    schedule = schedule_of(session, plan=plan)
    if schedule[0].due_on < today:
        raise PlanError("La première échéance est passée : un nouvel échéancier est nécessaire.")
    plan.status, plan.accepted_at = "accepted", clock.now()
    plan.paid_before_cents = store.to_cents(cases.paid_total(session, case=case))
    session.add(plan)
    replaced = 0
    for action in store.case_actions(session, case=case):
        if action.status == "scheduled" and action.claim_id is None and action.step_position < PLAN_STEP_BASE:
            action.status, action.outcome = "skipped", REPLACED
            session.add(action)
            replaced += 1
    _plan_reminders(session, case=case, schedule=schedule, today=today)
    who = {"debtor": "Le client a accepté", "owner": "Vous avez accepté", "owner_for_debtor": "Accord du client noté"}
    cases.add_event(
        session,
        case=case,
        kind="plan",
        text=f"{who[by]} l'échéancier : {summary(schedule)}. {replaced} relance(s) du scénario remplacée(s) par "
        "un rappel avant et après chaque échéance.",
        alert=by == "debtor",
    )
    session.commit()
    session.refresh(plan)
    return plan


def _plan_reminders(session: Session, *, case: CollectionCase, schedule: Sequence[Instalment], today: date) -> None:
    assert case.id is not None
    debtor = store.case_debtor(session, case=case)
    numbers = tuple(row.number for row in store.case_invoices(session, case=case)) or ("—",)
    account = store.account(session, account_id=case.account_id)
    assert account is not None
    creditor, details = account.company_name, payment_details(account)
    link = settings.public_url.rstrip("/") + store.debtor_path(case)
    texts = default_messages()
    count = len(schedule)
    for position, item in enumerate(schedule, start=1):
        for after, offset, message_id, tone in (
            (0, -REMINDER_BEFORE_DAYS, "echeance_rappel", Tone.COURTOIS),
            (1, REMINDER_AFTER_DAYS, "echeance_retard", Tone.RAPPEL),
        ):
            when = next_business_day(item.due_on + timedelta(days=offset))
            if when < today:
                continue
            context = MessageContext(
                debtor=debtor.company_name,
                contact=debtor.contact_name,
                creditor=creditor,
                invoice_numbers=numbers,
                amount_ttc=item.amount,
                due_date=item.due_on,
                days_late=max(0, (when - item.due_on).days),
                penalties=store.from_cents(0),
                indemnity=store.from_cents(0),
                late_invoices=0,
                payment_link=link,
                payment_details=details,
            )
            message = texts[message_id]
            session.add(
                CaseAction(
                    account_id=case.account_id,
                    case_id=case.id,
                    step_position=PLAN_STEP_BASE + 2 * position + after,
                    kind=INSTALMENT,
                    name=f"Échéance {position}/{count} : " + ("rappel" if not after else "relance"),
                    channel=Channel.EMAIL.value,
                    tone=tone.value,
                    scheduled_for=when,
                    subject=f"Échéance {position}/{count} : " + render(message.subject, context),
                    body=render(message.body, context),
                    created_at=clock.now(),
                )
            )


def _plan_actions(session: Session, *, case: CollectionCase) -> list[CaseAction]:
    return [a for a in store.case_actions(session, case=case) if a.step_position >= PLAN_STEP_BASE]


def settle_reminders(session: Session, *, case: CollectionCase, today: date | None = None) -> None:
    """Reminders of instalments already paid are not sent (called after each payment, through cases.replan)."""
    plan = active_plan(session, case=case)
    if plan is None:
        return
    rows = plan_progress(session, case=case, plan=plan, today=today or clock.today())
    paid = {row.position for row in rows if row.status == "payee"}
    for action in _plan_actions(session, case=case):
        position = (action.step_position - PLAN_STEP_BASE) // 2
        if action.status == "scheduled" and action.claim_id is None and position in paid:
            action.status, action.outcome = "skipped", INSTALMENT_PAID
            session.add(action)


def check_plan(session: Session, *, case: CollectionCase, today: date) -> bool:
    """Follows the accepted plan: ends it with the case, and alerts once per missed instalment. True when an
    instalment is missed (the owner must choose: resume the reminders or hand over)."""
    plan = active_plan(session, case=case)
    if plan is None:
        return False
    if case.status != "open":
        plan.status = "completed" if cases.balance(session, case=case, on=today) == 0 else "broken"
        plan.ended_at = clock.now()
        session.add(plan)
        session.commit()
        return False
    rows = plan_progress(session, case=case, plan=plan, today=today)
    missed = first_missed(rows)
    settle_reminders(session, case=case, today=today)
    if missed is not None:
        row = session.exec(
            select(PlanInstalment).where(PlanInstalment.plan_id == plan.id, PlanInstalment.position == missed.position)
        ).one()
        if row.missed_alert_at is None:
            row.missed_alert_at = clock.now()
            session.add(row)
            cases.add_event(
                session,
                case=case,
                kind="alert",
                text=f"Échéance {missed.position} du {day(missed.due_on)} ({money(missed.amount)}) manquée : "
                "reprenez les relances ou confiez le dossier à un professionnel.",
                alert=True,
            )
    session.commit()
    return missed is not None


def check_all_plans(session: Session, *, today: date) -> int:
    """For the daily job: checks every accepted plan of every account. Returns how many have a missed instalment."""
    missed = 0
    for plan in session.exec(select(PaymentPlan).where(PaymentPlan.status == "accepted")).all():
        case = session.get(CollectionCase, plan.case_id)
        if case is not None and case.account_id == plan.account_id:
            missed += check_plan(session, case=case, today=today)
    return missed


def end_plan(session: Session, *, case: CollectionCase, why: str) -> bool:
    """Breaks the accepted plan (missed, or the case goes to a professional); its reminders are cancelled.
    Returns False when no plan was running. The caller commits."""
    plan = active_plan(session, case=case)
    if plan is None:
        return False
    plan.status, plan.ended_at = "broken", clock.now()
    session.add(plan)
    for action in _plan_actions(session, case=case):
        if action.status == "scheduled" and action.claim_id is None:
            action.status, action.outcome = "skipped", PLAN_BROKEN
            session.add(action)
    cases.add_event(session, case=case, kind="plan", text=f"Échéancier arrêté : {why}.")
    return True


def resume_scenario(session: Session, *, case: CollectionCase, today: date) -> None:
    """After a missed instalment: the plan ends and the reminder scenario is planned again on what is owed."""
    if not end_plan(session, case=case, why="les relances du scénario reprennent"):
        raise PlanError("Aucun échéancier n'est en cours.")
    for action in store.case_actions(session, case=case):
        if action.status == "skipped" and action.outcome == REPLACED:
            session.delete(action)  # never sent: the scenario plans them again, on today's amounts
    session.flush()
    cases.replan(session, case=case, today=today)
    session.commit()


def withdraw_proposal(session: Session, *, case: CollectionCase) -> None:
    plan = pending_proposal(session, case=case)
    if plan is None:
        raise PlanError("Aucune proposition en attente.")
    plan.status, plan.ended_at = "withdrawn", clock.now()
    session.add(plan)
    cases.add_event(session, case=case, kind="plan", text="Proposition d'échéancier retirée.")
    session.commit()
