"""The debtor's page behind a case's unguessable link: finding the case from the link, and what the debtor can
do there (promise a date, contest), each recorded on the case and raised to the creditor as an alert.
What the page shows is in debtor_view.py.

Every function here reaches one case, found by its token; none takes an account or case id from a browser.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlmodel import Session, col, func, select

from guide_app.cases import lifecycle as cases
from guide_app.cases import store
from guide_app.core import clock
from guide_app.core.format import day, money, number
from guide_app.core.parse import InputError, parse_amount, parse_date, visible_text
from guide_app.models import CaseEvent, CollectionCase, Dispute, Payment, PaymentPromise

TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")  # secrets.token_urlsafe(24) gives 32 of these
MAX_ACTIONS_PER_DAY = 3  # promises and disputes together, per case
PROMISE_HORIZON_DAYS = 90
REASON_MIN, REASON_MAX = 5, 1000
VISIT_TEXT = "Le client a ouvert son lien de paiement"
FIRST_VISIT_TEXT = "Première visite du client sur son lien de paiement : il a vu ce qu'il doit et comment payer."
TOO_MANY = (
    f"Vous avez déjà envoyé {MAX_ACTIONS_PER_DAY} demandes aujourd'hui sur ce dossier : "
    "réessayez demain ou contactez directement votre fournisseur."
)


class FieldError(InputError):
    """A French message for one field of the debtor's forms ("date", "amount", "reason")."""

    def __init__(self, message: str, field_name: str) -> None:
        super().__init__(message)
        self.field_name = field_name


# --- Owner side ------------------------------------------------------------------------------------


# --- Finding the case ------------------------------------------------------------------------------


def case_by_token(session: Session, *, token: object) -> CollectionCase | None:
    """The open case this link opens; None for anything malformed, unknown or closed."""
    if not isinstance(token, str) or not TOKEN_SHAPE.fullmatch(token):
        return None
    case = session.exec(select(CollectionCase).where(CollectionCase.debtor_token == token)).first()
    if case is None or case.status != "open" or case.debtor_token != token:
        return None
    return case


def case_payments(session: Session, *, case: CollectionCase) -> list[Payment]:
    return list(
        session.exec(
            select(Payment)
            .where(Payment.case_id == case.id, Payment.account_id == case.account_id)
            .order_by(col(Payment.paid_on), col(Payment.id))
        ).all()
    )


# --- What the debtor does --------------------------------------------------------------------------


def _day_start(now: datetime) -> datetime:
    return datetime.combine(now.date(), time.min, tzinfo=now.tzinfo)


def _event(case: CollectionCase, *, kind: str, text: str, alert: bool, now: datetime) -> CaseEvent:
    assert case.id is not None
    return CaseEvent(account_id=case.account_id, case_id=case.id, kind=kind, text=text, alert=alert, created_at=now)


def record_visit(session: Session, *, case: CollectionCase, now: datetime | None = None) -> bool:
    """Logs the debtor's visit on the case's history, once a day at most; the very first one is an alert for the
    owner (the client has seen the amount: a good moment to call). True when logged."""
    now = now or clock.now()
    seen_today = session.exec(
        select(CaseEvent.id).where(
            CaseEvent.case_id == case.id, CaseEvent.kind == "debtor", CaseEvent.created_at >= _day_start(now)
        )
    ).first()
    if seen_today is not None:
        return False
    first = session.exec(select(CaseEvent.id).where(CaseEvent.case_id == case.id, CaseEvent.kind == "debtor")).first()
    session.add(
        _event(
            case,
            kind="debtor",
            text=VISIT_TEXT if first is not None else FIRST_VISIT_TEXT,
            alert=first is None,
            now=now,
        )
    )
    session.commit()
    return True


def actions_today(session: Session, *, case: CollectionCase, now: datetime) -> int:
    start = _day_start(now)
    promises = session.exec(
        select(func.count())
        .select_from(PaymentPromise)
        .where(PaymentPromise.case_id == case.id, PaymentPromise.source == "debtor", PaymentPromise.created_at >= start)
    ).one()
    disputes = session.exec(
        select(func.count())
        .select_from(Dispute)
        .where(Dispute.case_id == case.id, Dispute.source == "debtor", Dispute.created_at >= start)
    ).one()
    return int(promises) + int(disputes)


def parse_promise(raw_date: object, raw_amount: object, *, due: Decimal, today: date) -> tuple[date, Decimal]:
    """The promised day (today to today + 90 days) and amount (the amount due when left empty, at most that)."""
    promised_for = parse_date(raw_date, field="La date de paiement")
    latest = today + timedelta(days=PROMISE_HORIZON_DAYS)
    if not today <= promised_for <= latest:
        raise FieldError(f"Choisissez une date entre aujourd'hui et le {day(latest)}.", "date")
    if isinstance(raw_amount, str) and not raw_amount.strip():
        return promised_for, due
    try:
        amount = parse_amount(raw_amount, field="Le montant")
    except InputError as error:
        raise FieldError(str(error), "amount") from error
    if amount > due:
        raise FieldError(f"Le montant ne peut pas dépasser ce qui reste dû ({money(due)}).", "amount")
    return promised_for, amount


def record_promise(
    session: Session, *, case: CollectionCase, raw_date: object, raw_amount: object, today: date, now: datetime
) -> dict[str, str]:
    """Creates the promise and its alert; returns French errors by field ("date", "amount", "form")."""
    if actions_today(session, case=case, now=now) >= MAX_ACTIONS_PER_DAY:
        return {"form": TOO_MANY}
    due = cases.case_ledger(session, case=case, on=today).due
    if due < store.CENT:
        return {"form": "Il ne reste rien à régler sur ce dossier."}
    try:
        promised_for, amount = parse_promise(raw_date, raw_amount, due=due, today=today)
    except InputError as error:
        return {error.field_name if isinstance(error, FieldError) else "date": str(error)}
    cases.record_promise(session, case=case, amount=amount, promised_for=promised_for, source="debtor", now=now)
    return {}


def parse_reason(raw: object) -> str:
    """The debtor's message: 5 to 1,000 characters of plain text (line breaks kept, no markup)."""
    if not isinstance(raw, str):
        raise InputError("Expliquez en quelques mots ce que vous contestez.")
    text = visible_text(raw, field="Votre message", multiline=True).strip()
    text = re.sub(r"\n{3,}", "\n\n", text)
    if len(text) < REASON_MIN:
        raise InputError("Expliquez en quelques mots ce que vous contestez (5 caractères au moins).")
    if len(text) > REASON_MAX:
        raise InputError(f"Votre message ne peut pas dépasser {number(REASON_MAX)} caractères.")
    if re.search(r"[<>]", text):
        raise InputError("Votre message ne peut pas contenir les caractères < et >.")
    return text


def record_dispute(session: Session, *, case: CollectionCase, raw_reason: object, now: datetime) -> dict[str, str]:
    """Creates the dispute and its alert; returns French errors by field ("reason", "form")."""
    if actions_today(session, case=case, now=now) >= MAX_ACTIONS_PER_DAY:
        return {"form": TOO_MANY}
    try:
        reason = parse_reason(raw_reason)
    except InputError as error:
        return {"reason": str(error)}
    cases.record_dispute(session, case=case, reason=reason, source="debtor", now=now)
    return {}
