"""Which scheduled actions are due to go out now, when a failed send is tried again, and which payment
promises were kept or broken. Pure: plain snapshots in, decisions out (the database layer is sending.py).

An action is due when all of these hold:
- its client's messages are not held (a « Suspendre » link of the owner's digest);
- its case is open (a thank-you, kind `merci`, goes although its case is closed), and not paused: an open dispute
  pauses it, and so does a pending payment promise whose
  date is today or later (the debtor gave a date: no reminder before it). Once the date has passed
  without payment the promise is broken (an alert) and the reminders resume;
- it is still `scheduled`, its date is today or past (today in France, see guide_app/core/clock.py);
- it is not waiting for a retry (`next_attempt_at` in the future) and has attempts left (< MAX_ATTEMPTS).

Retries back off: after the n-th failed attempt the next one waits 5 min × 3^(n−1), capped at 24 h
(5 min, 15 min, 45 min, 2 h 15 min, ...). After MAX_ATTEMPTS failures the action is given up (failed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from guide_app.core.clock import local_day

MAX_ATTEMPTS = 5
FIRST_RETRY_DELAY = timedelta(minutes=5)
RETRY_FACTOR = 3
MAX_RETRY_DELAY = timedelta(hours=24)
# A claim older than this belongs to a run that died (a send takes seconds, an SMTP timeout 30 s).
CLAIM_TTL = timedelta(minutes=10)


THANKS = "merci"  # CaseAction.kind of the thank-you after full payment


class Pause(StrEnum):
    HELD = "held"
    CLOSED = "closed"
    DISPUTE = "dispute"
    PROMISE = "promise"


@dataclass(frozen=True, slots=True)
class PromiseSnapshot:
    promised_for: date
    amount_cents: int
    created_on: date
    status: str = "pending"  # pending | kept | broken
    id: int = 0


@dataclass(frozen=True, slots=True)
class PaymentSnapshot:
    paid_on: date
    amount_cents: int


@dataclass(frozen=True, slots=True)
class CaseSnapshot:
    status: str = "open"  # open | closed
    promises: tuple[PromiseSnapshot, ...] = ()
    open_disputes: int = 0
    held: bool = False  # the owner held this client's messages


@dataclass(frozen=True, slots=True)
class ActionSnapshot:
    id: int
    channel: str
    scheduled_for: date
    status: str = "scheduled"  # scheduled | done | skipped | failed
    attempts: int = 0
    next_attempt_at: datetime | None = None
    kind: str = "step"  # step | merci


@dataclass(frozen=True, slots=True)
class AfterFailure:
    """What becomes of an action whose send just failed."""

    attempts: int
    gave_up: bool  # True: status `failed`, the owner is alerted
    next_attempt_at: datetime | None = None  # None when given up


@dataclass(frozen=True, slots=True)
class Verdicts:
    kept: list[PromiseSnapshot] = field(default_factory=list)
    broken: list[PromiseSnapshot] = field(default_factory=list)


def pause_reason(case: CaseSnapshot, today: date) -> Pause | None:
    if case.held:
        return Pause.HELD
    if case.status != "open":
        return Pause.CLOSED
    if case.open_disputes > 0:
        return Pause.DISPUTE
    if any(promise.status == "pending" and promise.promised_for >= today for promise in case.promises):
        return Pause.PROMISE
    return None


def is_due(action: ActionSnapshot, now: datetime) -> bool:
    """The action's own conditions (its case's pause aside)."""
    return (
        action.status == "scheduled"
        and action.scheduled_for <= local_day(now)
        and (action.next_attempt_at is None or action.next_attempt_at <= now)
        and action.attempts < MAX_ATTEMPTS
    )


def due_actions(case: CaseSnapshot, actions: Iterable[ActionSnapshot], now: datetime) -> list[ActionSnapshot]:
    """The case's actions to carry out now, oldest date first; none while the case is closed or paused (but the
    thank-you of a closed case)."""
    reason = pause_reason(case, local_day(now))
    return sorted(
        (
            action
            for action in actions
            if is_due(action, now) and (reason is None or (reason is Pause.CLOSED and action.kind == THANKS))
        ),
        key=lambda a: (a.scheduled_for, a.id),
    )


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt (≥ 1): 5 min × 3^(attempts−1), at most 24 h."""
    if attempts < 1:
        raise ValueError("attempts counts failed attempts, from 1")
    # Cap the exponent first: 3^20 × 5 min is far beyond 24 h and keeps the number small.
    factor: int = RETRY_FACTOR ** min(attempts - 1, 20)
    return min(FIRST_RETRY_DELAY * factor, MAX_RETRY_DELAY)


def after_failure(attempts_before: int, now: datetime) -> AfterFailure:
    attempts = attempts_before + 1
    if attempts >= MAX_ATTEMPTS:
        return AfterFailure(attempts=attempts, gave_up=True)
    return AfterFailure(attempts=attempts, gave_up=False, next_attempt_at=now + retry_delay(attempts))


def promise_covered(promise: PromiseSnapshot, payments: Sequence[PaymentSnapshot]) -> bool:
    """The payments dated from the day the promise was made to its date (both included) reach its amount."""
    paid = sum(p.amount_cents for p in payments if promise.created_on <= p.paid_on <= promise.promised_for)
    return paid >= promise.amount_cents


def promise_verdicts(promises: Iterable[PromiseSnapshot], payments: Sequence[PaymentSnapshot], today: date) -> Verdicts:
    """Pending promises that are kept (paid as promised) or broken (their date is past, unpaid).

    A promise dated today is neither yet: the debtor has until the end of the day.
    """
    verdicts = Verdicts()
    for promise in promises:
        if promise.status != "pending":
            continue
        if promise_covered(promise, payments):
            verdicts.kept.append(promise)
        elif promise.promised_for < today:
            verdicts.broken.append(promise)
    return verdicts
