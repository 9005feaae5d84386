"""Day-to-day work on a case, in the database: payments, promises, disputes, notes, manual actions, new
invoices, closing. Every function takes the account it acts for and refuses rows of another account."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlmodel import Session, col, select

from guide_app.collection import store
from guide_app.collection.ledger import OpenItem, Remaining, allocate
from guide_app.collection.risk import RiskCategory
from guide_app.collection.schedule import InvoiceSpec, plan_actions
from guide_app.collection.timeline import renderer
from guide_app.format import day, money
from guide_app.models import CaseAction, CaseEvent, CollectionCase, Dispute, Invoice, Payment, PaymentPromise

METHODS = {
    "virement": "Virement",
    "cheque": "Chèque",
    "carte": "Carte bancaire",
    "prelevement": "Prélèvement",
    "especes": "Espèces",
    "professionnel": "Encaissé par le professionnel",
    "autre": "Autre",
}


def _now() -> datetime:
    return datetime.now(UTC)


def add_event(
    session: Session, *, case: CollectionCase, kind: str, text: str, alert: bool = False, now: datetime | None = None
) -> None:
    assert case.id is not None
    session.add(
        CaseEvent(
            account_id=case.account_id, case_id=case.id, kind=kind, text=text, alert=alert, created_at=now or _now()
        )
    )


def paid_total(session: Session, *, case: CollectionCase) -> Decimal:
    cents = session.exec(select(Payment.amount_cents).where(Payment.case_id == case.id)).all()
    return store.from_cents(sum(cents))


def remaining_items(session: Session, *, case: CollectionCase) -> list[Remaining]:
    items = [
        OpenItem(row.number, row.due_date, store.from_cents(row.amount_ttc_cents))
        for row in store.case_invoices(session, case=case)
    ]
    return allocate(items, paid_total(session, case=case))


def balance(session: Session, *, case: CollectionCase) -> Decimal:
    return sum((item.remaining for item in remaining_items(session, case=case)), Decimal(0))


def _cancel_future_actions(session: Session, *, case: CollectionCase, why: str) -> int:
    cancelled = 0
    for action in store.case_actions(session, case=case):
        if action.status == "scheduled":
            action.status, action.outcome = "skipped", why
            session.add(action)
            cancelled += 1
    return cancelled


def close_case(session: Session, *, case: CollectionCase, why: str) -> None:
    case.status, case.closed_at = "closed", _now()
    session.add(case)
    cancelled = _cancel_future_actions(session, case=case, why=why)
    add_event(session, case=case, kind="closed", text=f"Dossier clos : {why} ({cancelled} action(s) annulée(s)).")


def record_payment(
    session: Session, *, case: CollectionCase, amount: Decimal, paid_on: date, method: str, today: date
) -> bool:
    """Stores the payment; a payment that settles everything closes the case. Returns True when closed."""
    assert case.id is not None
    session.add(
        Payment(
            account_id=case.account_id,
            case_id=case.id,
            amount_cents=store.to_cents(amount),
            paid_on=paid_on,
            method=method,
            created_at=_now(),
        )
    )
    session.flush()
    add_event(
        session,
        case=case,
        kind="payment",
        text=f"Paiement de {money(amount)} reçu le {day(paid_on)} ({METHODS[method]}).",
    )
    left = balance(session, case=case)
    for promise in session.exec(
        select(PaymentPromise).where(PaymentPromise.case_id == case.id, PaymentPromise.status == "pending")
    ):
        if left == 0 or amount >= store.from_cents(promise.amount_cents):
            promise.status = "kept"
            session.add(promise)
    closed = left == 0
    if closed:
        close_case(session, case=case, why="facture(s) entièrement payée(s)")
    else:
        replan(session, case=case, today=today)
    session.commit()
    return closed


def record_promise(
    session: Session,
    *,
    case: CollectionCase,
    amount: Decimal,
    promised_for: date,
    source: str,
    now: datetime | None = None,
) -> None:
    """A promise by the owner (noted from a call) or by the debtor (their page, an alert for the owner)."""
    assert case.id is not None
    session.add(
        PaymentPromise(
            account_id=case.account_id,
            case_id=case.id,
            amount_cents=store.to_cents(amount),
            promised_for=promised_for,
            source=source,
            created_at=now or _now(),
        )
    )
    who = "Le client s'engage sur son lien de paiement" if source == "debtor" else "Promesse notée"
    add_event(
        session,
        case=case,
        kind="promise",
        text=f"{who} : {money(amount)} le {day(promised_for)}. Les relances sont suspendues jusque-là.",
        alert=source == "debtor",
        now=now,
    )
    session.commit()


def record_dispute(
    session: Session, *, case: CollectionCase, reason: str, source: str, now: datetime | None = None
) -> None:
    assert case.id is not None
    session.add(
        Dispute(account_id=case.account_id, case_id=case.id, reason=reason, source=source, created_at=now or _now())
    )
    who = "Le client conteste" if source == "debtor" else "Litige noté"
    text = f"{who} : « {reason} ». Relances suspendues."
    add_event(session, case=case, kind="dispute", text=text, alert=source == "debtor", now=now)
    session.commit()


def open_disputes(session: Session, *, case: CollectionCase) -> list[Dispute]:
    return list(
        session.exec(select(Dispute).where(Dispute.case_id == case.id, col(Dispute.resolved_at).is_(None))).all()
    )


def resolve_disputes(session: Session, *, case: CollectionCase) -> bool:
    disputes = open_disputes(session, case=case)
    for dispute in disputes:
        dispute.resolved_at = _now()
        session.add(dispute)
    if disputes:
        add_event(session, case=case, kind="dispute", text="Litige résolu : les relances reprennent.")
        session.commit()
    return bool(disputes)


def pending_promise(session: Session, *, case: CollectionCase) -> PaymentPromise | None:
    return session.exec(
        select(PaymentPromise)
        .where(PaymentPromise.case_id == case.id, PaymentPromise.status == "pending")
        .order_by(col(PaymentPromise.promised_for).desc())
    ).first()


def add_note(session: Session, *, case: CollectionCase, text: str) -> None:
    add_event(session, case=case, kind="note", text=text)
    session.commit()


def own_action(session: Session, *, account_id: int, action_id: object) -> CaseAction | None:
    if not isinstance(action_id, int) or isinstance(action_id, bool):
        return None
    action = session.get(CaseAction, action_id)
    return action if action is not None and action.account_id == account_id else None


def mark_done(session: Session, *, case: CollectionCase, action: CaseAction, outcome: str) -> bool:
    """A manual action (call, letter, SMS) the owner did; False when it is not a scheduled action of this case."""
    if action.case_id != case.id or action.status != "scheduled":
        return False
    action.status, action.done_at, action.outcome = "done", _now(), outcome
    session.add(action)
    text = f"{action.name} : fait." + (f" Résultat : {outcome}" if outcome else "")
    add_event(session, case=case, kind="note", text=text)
    session.commit()
    return True


def add_invoice(session: Session, *, case: CollectionCase, spec: InvoiceSpec, today: date) -> None:
    assert case.id is not None
    session.add(
        Invoice(
            account_id=case.account_id,
            case_id=case.id,
            number=spec.number,
            issue_date=spec.issue_date,
            due_date=spec.due_date,
            amount_ht_cents=store.to_cents(spec.amount_ht),
            vat_rate_bp=int(spec.vat_rate * 10000),
            amount_ttc_cents=store.to_cents(spec.amount_ttc),
        )
    )
    session.flush()
    add_event(session, case=case, kind="note", text=f"Facture {spec.number} ajoutée ({money(spec.amount_ttc)} TTC).")
    limit = store.case_debtor(session, case=case).credit_limit_cents
    owed = balance(session, case=case)
    if limit is not None and store.to_cents(owed) > limit:
        add_event(
            session,
            case=case,
            kind="alert",
            text=f"Encours autorisé dépassé : {money(owed)} dus pour un plafond de {money(store.from_cents(limit))}.",
            alert=True,
        )
    replan(session, case=case, today=today)
    session.commit()


def replan(session: Session, *, case: CollectionCase, today: date) -> None:
    """Plans the actions still to come again from the scenario, on what is still owed; steps already done, sent
    or failed keep their history. Called after a payment or a new invoice, so no message asks for too much.
    While a payment plan or a professional has replaced the scenario, only the plan's reminders are updated."""
    if store.suspension(session, case=case):
        from guide_app.collection import plan_store  # imported here: plan_store builds on this module

        plan_store.settle_reminders(session, case=case)
        return
    owed = {item.number for item in remaining_items(session, case=case) if item.remaining > 0}
    invoices = [store.invoice_spec(row) for row in store.case_invoices(session, case=case) if row.number in owed]
    actions = store.case_actions(session, case=case)
    handled = {a.step_position for a in actions if a.status != "scheduled" or a.claim_id is not None}
    for action in actions:
        if action.status == "scheduled" and action.claim_id is None:
            session.delete(action)
    if not invoices:
        return
    debtor = store.case_debtor(session, case=case)
    steps = store.scenario_steps(session, account_id=case.account_id, risk=RiskCategory(debtor.risk_category))
    still_owed = [
        OpenItem(item.number, item.due_date, item.remaining)
        for item in remaining_items(session, case=case)
        if item.remaining > 0
    ]
    creditor = store.account(session, account_id=case.account_id)
    assert creditor is not None
    render = renderer(creditor=creditor, debtor=debtor, invoices=still_owed)
    assert case.id is not None
    now = _now()
    for planned in plan_actions(steps, invoices, today=today, shift_days=case.schedule_shift_days):
        if planned.step_index in handled:
            continue
        subject, body = render(planned, steps[planned.step_index], store.debtor_path(case))
        when = max(planned.date, today)
        session.add(store.planned_action(case, planned, subject=subject, body=body, scheduled_for=when, now=now))
