"""The case-history lines (CaseEvent rows) the scheduler writes, in French: sent, kept in the outbox,
failed, promise broken. Failures given up and broken promises are alerts."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from guide_app.core.format import day, moment, money
from guide_app.models import CaseAction, CaseEvent, PaymentPromise
from guide_app.reminders.due import MAX_ATTEMPTS, AfterFailure

_TEXT_MAX = 2000


def _event(account_id: int, case_id: int, kind: str, text: str, now: datetime, *, alert: bool = False) -> CaseEvent:
    return CaseEvent(
        account_id=account_id, case_id=case_id, kind=kind, text=text[:_TEXT_MAX], alert=alert, created_at=now
    )


def _carried(carried: int) -> str:
    return f" Un seul message pour les {carried} relances de ce client ce jour-là." if carried > 1 else ""


def sent(
    account_id: int, case_id: int, *, name: str, subject: str, to: str, now: datetime, carried: int = 1
) -> CaseEvent:
    text = f"{name} : e-mail envoyé à {to} (« {subject} »).{_carried(carried)}"
    return _event(account_id, case_id, "sent", text, now)


def outbox(
    action: CaseAction, to: str, *, live: bool, now: datetime, subject: str | None = None, carried: int = 1
) -> CaseEvent:
    where = (
        "aucun serveur d'envoi n'est configuré, l'e-mail est resté dans la boîte d'envoi"
        if live
        else "mode test, l'e-mail est resté dans la boîte d'envoi"
    )
    return _event(
        action.account_id,
        action.case_id,
        "sent",
        f"{action.name} : {where} ; rien n'a été envoyé à {to or 'ce client'} (« {subject or action.subject} »)."
        + _carried(carried),
        now,
    )


def failed(action: CaseAction, reason: str, *, outcome: AfterFailure, now: datetime) -> CaseEvent:
    if outcome.gave_up:
        text = (
            f"{action.name} : e-mail non envoyé après {outcome.attempts} tentative"
            f"{'s' if outcome.attempts > 1 else ''}. {reason} "
            "Vérifiez l'adresse du client, puis relancez-le par un autre moyen."
        )
        return _event(action.account_id, action.case_id, "failed", text, now, alert=True)
    assert outcome.next_attempt_at is not None
    text = (
        f"{action.name} : échec d'envoi (tentative {outcome.attempts} sur {MAX_ATTEMPTS}). {reason} "
        f"Nouvel essai le {moment(outcome.next_attempt_at)}."
    )
    return _event(action.account_id, action.case_id, "failed", text, now)


def promise_broken(promise: PaymentPromise, *, now: datetime) -> CaseEvent:
    text = (
        f"Promesse de paiement non tenue : {money(Decimal(promise.amount_cents) / 100)} promis pour le "
        f"{day(promise.promised_for)}. Les relances reprennent."
    )
    return _event(promise.account_id, promise.case_id, "promise", text, now, alert=True)
