"""Day-to-day work on a case, in the database: payments, promises, disputes, notes, manual actions, new
invoices, closing. Every function takes the account it acts for and refuses rows of another account."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session, col, select

from guide_app.cases import store
from guide_app.cases.invoice import InvoiceSpec
from guide_app.cases.ledger import Ledger, Terms, as_kind, ledger
from guide_app.cases.limitation import Limitation, limitations
from guide_app.cases.risk import Channel
from guide_app.core import clock
from guide_app.core.format import day, money
from guide_app.models import (
    CaseAction,
    CaseEvent,
    CollectionCase,
    Debtor,
    Dispute,
    Invoice,
    Payment,
    PaymentPlan,
    PaymentPromise,
)

METHODS = {
    "virement": "Virement",
    "cheque": "Chèque",
    "carte": "Carte bancaire",
    "prelevement": "Prélèvement",
    "especes": "Espèces",
    "acompte": "Acompte indiqué sur la facture",
    "professionnel": "Encaissé par le professionnel",
    "autre": "Autre",
}
# What the owner picks when recording a payment by hand (a deposit comes only from the invoice itself).
TYPED_METHODS = {key: label for key, label in METHODS.items() if key != "acompte"}


def add_event(
    session: Session, *, case: CollectionCase, kind: str, text: str, alert: bool = False, now: datetime | None = None
) -> None:
    assert case.id is not None
    session.add(
        CaseEvent(
            account_id=case.account_id,
            case_id=case.id,
            kind=kind,
            text=text,
            alert=alert,
            created_at=now or clock.now(),
        )
    )


def paid_total(session: Session, *, case: CollectionCase) -> Decimal:
    cents = session.exec(select(Payment.amount_cents).where(Payment.case_id == case.id)).all()
    return store.from_cents(sum(cents))


def _notice_day(actions: Iterable[CaseAction]) -> date | None:
    """Of a case's actions in their order, the day the mise en demeure left: its registered letter sent, or marked
    done by the owner."""
    for action in actions:
        if action.channel == Channel.LRAR.value and (action.sent_at or action.status == "done"):
            moment = action.sent_at or action.done_at
            return clock.day_of(moment) if moment else action.scheduled_for
    return None


def formal_notice_on(session: Session, *, case: CollectionCase) -> date | None:
    """The day the mise en demeure left: its registered letter sent, or marked done by the owner."""
    return _notice_day(store.case_actions(session, case=case))


def debtor_terms(debtor: Debtor, *, formal_notice_on: date | None = None) -> Terms:
    """Who owes, and the rate of the creditor's terms for this client (cases.ledger)."""
    agreed = Decimal(debtor.agreed_rate_bp) / 10000 if debtor.agreed_rate_bp is not None else None
    return Terms(kind=as_kind(debtor.kind), agreed_rate=agreed, formal_notice_on=formal_notice_on)


def case_terms(session: Session, *, case: CollectionCase) -> Terms:
    """The debtor's terms, with the day the case's mise en demeure left."""
    debtor = store.case_debtor(session, case=case)
    return debtor_terms(debtor, formal_notice_on=formal_notice_on(session, case=case))


def owed_on(session: Session, *, case: CollectionCase) -> Callable[[date], Ledger]:
    """The case's ledger on any day, its invoices and payments read once (messages planned on several days)."""
    return owed_on_cases(session, cases=[case])[case.id or 0]


_IDS_PER_QUERY = 500  # far below SQLite's limit on bound parameters


def owed_on_cases(session: Session, *, cases: Sequence[CollectionCase]) -> dict[int, Callable[[date], Ledger]]:
    """`owed_on` for several cases in four queries per 500 cases, not per case (the scheduler, the digest)."""
    by_id = {case.id: case for case in cases if case.id is not None}
    invoices: dict[int, list[InvoiceSpec]] = defaultdict(list)
    payments: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    letters: dict[int, list[CaseAction]] = defaultdict(list)
    ids = sorted(by_id)
    for start in range(0, len(ids), _IDS_PER_QUERY):
        chunk = ids[start : start + _IDS_PER_QUERY]
        for row in session.exec(select(Invoice).where(col(Invoice.case_id).in_(chunk)).order_by(col(Invoice.due_date))):
            if row.account_id == by_id[row.case_id].account_id:
                invoices[row.case_id].append(store.invoice_spec(row))
        for payment in session.exec(select(Payment).where(col(Payment.case_id).in_(chunk))):
            if payment.account_id == by_id[payment.case_id].account_id:
                payments[payment.case_id].append((payment.paid_on, store.from_cents(payment.amount_cents)))
        for action in session.exec(
            select(CaseAction)
            .where(col(CaseAction.case_id).in_(chunk), CaseAction.channel == Channel.LRAR.value)
            .order_by(col(CaseAction.scheduled_for), col(CaseAction.step_position))
        ):
            letters[action.case_id].append(action)
    debtor_ids = sorted({case.debtor_id for case in by_id.values()})
    debtors = {d.id: d for d in session.exec(select(Debtor).where(col(Debtor.id).in_(debtor_ids)))}

    def owed(case: CollectionCase) -> Callable[[date], Ledger]:
        assert case.id is not None
        debtor = debtors[case.debtor_id]
        assert debtor.account_id == case.account_id
        terms = debtor_terms(debtor, formal_notice_on=_notice_day(letters[case.id]))
        specs, paid = invoices[case.id], payments[case.id]
        return lambda on: ledger(specs, paid, on, terms=terms)

    return {case_id: owed(case) for case_id, case in by_id.items()}


def case_ledger(session: Session, *, case: CollectionCase, on: date | None = None) -> Ledger:
    """What the case owes on `on` (today by default): the figure every page, message and document shows."""
    return owed_on(session, case=case)(on or clock.today())


def balance(session: Session, *, case: CollectionCase, on: date | None = None) -> Decimal:
    """Left to pay on `on`: principal, late-payment interest and indemnities (cases.ledger)."""
    return case_ledger(session, case=case, on=on).due


def _cancel_future_actions(session: Session, *, case: CollectionCase, why: str) -> int:
    cancelled = 0
    for action in store.case_actions(session, case=case):
        if action.status == "scheduled":
            action.status, action.outcome = "skipped", why
            session.add(action)
            cancelled += 1
    return cancelled


def close_case(session: Session, *, case: CollectionCase, why: str) -> None:
    case.status, case.closed_at = "closed", clock.now()
    session.add(case)
    cancelled = _cancel_future_actions(session, case=case, why=why)
    add_event(session, case=case, kind="closed", text=f"Dossier clos : {why} ({cancelled} action(s) annulée(s)).")


def record_payment(
    session: Session,
    *,
    case: CollectionCase,
    amount: Decimal,
    paid_on: date,
    method: str,
    today: date,
    bank_line_id: int | None = None,
    commit: bool = True,
) -> bool:
    """Stores the payment; a payment that settles everything closes the case. Returns True when closed.
    `commit=False`: the caller commits (several payments from one bank credit, all or none)."""
    assert case.id is not None
    session.add(
        Payment(
            account_id=case.account_id,
            case_id=case.id,
            amount_cents=store.to_cents(amount),
            paid_on=paid_on,
            method=method,
            created_at=clock.now(),
            bank_line_id=bank_line_id,
        )
    )
    session.flush()
    add_event(
        session,
        case=case,
        kind="payment",
        text=f"Paiement de {money(amount)} reçu le {day(paid_on)} ({METHODS[method]}).",
    )
    left = balance(session, case=case, on=today)
    for promise in session.exec(
        select(PaymentPromise).where(PaymentPromise.case_id == case.id, PaymentPromise.status == "pending")
    ):
        if left == 0 or amount >= store.from_cents(promise.amount_cents):
            promise.status = "kept"
            session.add(promise)
    closed = left == 0
    if closed:
        close_case(session, case=case, why="facture(s) entièrement payée(s)")
    replan(session, case=case, today=today)  # closed: the reminders side thanks the client
    if commit:
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
            created_at=now or clock.now(),
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
        Dispute(
            account_id=case.account_id, case_id=case.id, reason=reason, source=source, created_at=now or clock.now()
        )
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
        dispute.resolved_at = clock.now()
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


def mark_done(session: Session, *, case: CollectionCase, action: CaseAction, outcome: str) -> bool:
    """A manual action (call, letter, SMS) the owner did; False when it is not a scheduled action of this case."""
    if action.case_id != case.id or action.status != "scheduled":
        return False
    action.status, action.done_at, action.outcome = "done", clock.now(), outcome
    session.add(action)
    text = f"{action.name} : fait." + (f" Résultat : {outcome}" if outcome else "")
    add_event(session, case=case, kind="note", text=text)
    session.commit()
    return True


def add_invoice(session: Session, *, case: CollectionCase, spec: InvoiceSpec, today: date) -> None:
    session.add(store.invoice_row(case, spec))
    session.flush()
    add_event(session, case=case, kind="note", text=f"Facture {spec.number} ajoutée ({money(spec.amount_ttc)} TTC).")
    limit = store.case_debtor(session, case=case).credit_limit_cents
    owed = case_ledger(session, case=case, on=today).principal  # the credit limit is on the principal
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


Replanner = Callable[[Session, CollectionCase, date], None]
_replanners: list[Replanner] = []


def set_replanner(replanner: Replanner) -> None:
    """Registered once at start-up (guide_app/wiring.py): cases know nothing of reminders or payment plans."""
    _replanners[:] = [replanner]


def replan(session: Session, *, case: CollectionCase, today: date) -> None:
    """Plans the actions still to come again, on what is still owed: after a payment or a new invoice, so no
    message asks for too much; after the payment that closed the case, the thank-you. The planning itself belongs
    to the reminders side, registered at start-up."""
    if not _replanners:
        raise RuntimeError("no replanner registered: call guide_app.wiring.install() at start-up")
    _replanners[0](session, case, today)


def acknowledgments(session: Session, *, case: CollectionCase) -> list[tuple[date, str]]:
    """The debtor's acknowledgments of the debt (C. civ. 2240): payments, payment plans accepted, promises to pay."""
    found = [
        (row.paid_on, f"paiement du {day(row.paid_on)}")
        for row in session.exec(select(Payment).where(Payment.case_id == case.id))
    ]
    found += [
        (clock.day_of(row.accepted_at), f"échéancier accepté le {day(clock.day_of(row.accepted_at))}")
        for row in session.exec(select(PaymentPlan).where(PaymentPlan.case_id == case.id))
        if row.accepted_at is not None
    ]
    found += [
        (clock.day_of(row.created_at), f"promesse de payer du {day(clock.day_of(row.created_at))}")
        for row in session.exec(select(PaymentPromise).where(PaymentPromise.case_id == case.id))
    ]
    return found


def first_limitation(session: Session, *, case: CollectionCase, owed: Ledger) -> Limitation | None:
    """The unpaid invoice of the case that becomes time-barred first; None when nothing is left to pay."""
    unpaid = [line for line in owed.lines if line.principal > 0]
    found = limitations(unpaid, acknowledgments(session, case=case), kind=owed.terms.kind)
    return min(found, key=lambda limit: limit.ends_on, default=None)
