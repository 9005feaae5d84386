"""The database side of due.py: snapshots of cases and actions, the due actions of every account, claims,
and the settling of past payment promises. The decisions themselves are due.py's (pure)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from guide_app.core.clock import local_day
from guide_app.models import (
    Account,
    CaseAction,
    CollectionCase,
    Debtor,
    Dispute,
    Payment,
    PaymentPromise,
    SchedulerLease,
)
from guide_app.reminders import events
from guide_app.reminders.due import (
    CLAIM_TTL,
    MAX_ATTEMPTS,
    THANKS,
    ActionSnapshot,
    CaseSnapshot,
    PaymentSnapshot,
    PromiseSnapshot,
    due_actions,
    promise_verdicts,
)
from guide_app.reminders.grouping import group_key

T = TypeVar("T")
CHUNK = 500  # ids per IN (...) list, far below SQLite's limit on bound parameters


def chunks(ids: Sequence[T]) -> Iterable[list[T]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


# --- Snapshots -------------------------------------------------------------------------------------


def promise_snapshot(row: PaymentPromise) -> PromiseSnapshot:
    assert row.id is not None
    return PromiseSnapshot(
        id=row.id,
        promised_for=row.promised_for,
        amount_cents=row.amount_cents,
        created_on=local_day(row.created_at),
        status=row.status,
    )


def action_snapshot(action: CaseAction) -> ActionSnapshot:
    assert action.id is not None
    return ActionSnapshot(
        id=action.id,
        channel=action.channel,
        scheduled_for=action.scheduled_for,
        status=action.status,
        attempts=action.attempts,
        next_attempt_at=action.next_attempt_at,
        kind=action.kind,
    )


def case_snapshots(session: Session, case_ids: Sequence[int]) -> dict[int, CaseSnapshot]:
    status: dict[int, str] = {}
    held: set[int] = set()
    promises: dict[int, list[PromiseSnapshot]] = defaultdict(list)
    disputes: dict[int, int] = defaultdict(int)
    for ids in chunks(case_ids):
        for case_id, case_status, held_at in session.exec(
            select(CollectionCase.id, CollectionCase.status, Debtor.held_at)
            .join(Debtor, col(Debtor.id) == col(CollectionCase.debtor_id))
            .where(col(CollectionCase.id).in_(ids))
        ):
            assert case_id is not None
            status[case_id] = case_status
            if held_at is not None:
                held.add(case_id)
        for promise in session.exec(
            select(PaymentPromise).where(col(PaymentPromise.case_id).in_(ids), PaymentPromise.status == "pending")
        ):
            promises[promise.case_id].append(promise_snapshot(promise))
        for case_id in session.exec(
            select(Dispute.case_id).where(col(Dispute.case_id).in_(ids), col(Dispute.resolved_at).is_(None))
        ):
            disputes[case_id] += 1
    return {
        case_id: CaseSnapshot(
            status=value, promises=tuple(promises[case_id]), open_disputes=disputes[case_id], held=case_id in held
        )
        for case_id, value in status.items()
    }


# --- Due actions -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    """A due action with what sending it needs to know."""

    action: ActionSnapshot
    case_id: int
    account_id: int
    live: bool
    email: str  # the debtor's, stripped; "" when unknown
    debtor_kind: str = "professionnel"


def due_candidates(session: Session, now: datetime, *, account_id: int | None = None) -> list[Candidate]:
    """Every due action of every account (or of one) (any channel) that no live claim holds, oldest first. The
    query only narrows the rows down; due.due_actions decides."""
    one_account = [col(CaseAction.account_id) == account_id] if account_id is not None else []
    rows = session.execute(
        sa.select(
            col(CaseAction.id),
            col(CaseAction.case_id),
            col(CaseAction.account_id),
            col(CaseAction.channel),
            col(CaseAction.scheduled_for),
            col(CaseAction.status),
            col(CaseAction.attempts),
            col(CaseAction.next_attempt_at),
            col(CaseAction.kind),
            col(Account.live),
            col(Debtor.email),
            col(Debtor.kind),
        )
        .join(CollectionCase, col(CollectionCase.id) == col(CaseAction.case_id))
        .join(Debtor, col(Debtor.id) == col(CollectionCase.debtor_id))
        .join(Account, col(Account.id) == col(CaseAction.account_id))
        .where(
            col(CaseAction.status) == "scheduled",
            col(CaseAction.scheduled_for) <= local_day(now),
            col(CaseAction.attempts) < MAX_ATTEMPTS,
            sa.or_(col(CaseAction.next_attempt_at).is_(None), col(CaseAction.next_attempt_at) <= now),
            sa.or_(col(CaseAction.claim_id).is_(None), col(CaseAction.claimed_at) < now - CLAIM_TTL),
            sa.or_(col(CollectionCase.status) == "open", col(CaseAction.kind) == THANKS),
            col(Debtor.held_at).is_(None),
            *one_account,
        )
    ).all()
    by_case: dict[int, list[Candidate]] = defaultdict(list)
    for row in rows:
        action_id, case_id, account_id, channel, scheduled_for, status, attempts, next_at, kind = row[:9]
        live, email, debtor_kind = row[9:]
        assert action_id is not None
        snapshot = ActionSnapshot(action_id, channel, scheduled_for, status, attempts, next_at, kind)
        by_case[case_id].append(Candidate(snapshot, case_id, account_id, live, email.strip(), debtor_kind))
    cases = case_snapshots(session, list(by_case))
    due: list[Candidate] = []
    for case_id, candidates in by_case.items():
        due_ids = {action.id for action in due_actions(cases[case_id], (c.action for c in candidates), now)}
        due.extend(candidate for candidate in candidates if candidate.action.id in due_ids)
    return sorted(due, key=lambda candidate: (candidate.action.scheduled_for, candidate.action.id))


def by_reader(candidates: Sequence[Candidate]) -> list[list[Candidate]]:
    """The due e-mails that leave together as one message (grouping.group_key), in the order of their oldest
    action."""
    groups: dict[tuple[object, ...], list[Candidate]] = {}
    for candidate in candidates:
        key = group_key(
            candidate.account_id,
            candidate.email,
            candidate.debtor_kind,
            action_kind=candidate.action.kind,
            action_id=candidate.action.id,
        )
        groups.setdefault(key, []).append(candidate)
    return list(groups.values())


# --- Claims ----------------------------------------------------------------------------------------


def claim(session: Session, ids: Sequence[int], run_id: str, now: datetime) -> set[int]:
    """Claims, with one conditional UPDATE per chunk, what nobody holds among `ids` (still scheduled; never
    claimed, or claimed more than CLAIM_TTL ago by a run that died). Returns the ids the UPDATE changed:
    this run holds them, no other run does. Not committed: the caller decides."""
    held: set[int] = set()
    for ids_chunk in chunks(ids):
        statement = (
            sa.update(CaseAction)
            .where(
                col(CaseAction.id).in_(ids_chunk),
                col(CaseAction.status) == "scheduled",
                sa.or_(col(CaseAction.claim_id).is_(None), col(CaseAction.claimed_at) < now - CLAIM_TTL),
            )
            .values(claim_id=run_id, claimed_at=now)
            .returning(col(CaseAction.id))
            .execution_options(synchronize_session=False)
        )
        held.update(row[0] for row in session.execute(statement))
    return held


def release(session: Session, action_id: int, run_id: str, **values: object) -> bool:
    """Lets go of a claim this run holds, setting `values` at the same time; False when it holds none."""
    return release_many(session, [action_id], run_id, **values) == 1


def release_many(session: Session, ids: Sequence[int], run_id: str, **values: object) -> int:
    """`release` for several actions; returns how many this run held."""
    released = 0
    for ids_chunk in chunks(ids):
        statement = (
            sa.update(CaseAction)
            .where(col(CaseAction.id).in_(ids_chunk), col(CaseAction.claim_id) == run_id)
            .values(claim_id=None, claimed_at=None, **values)
            .execution_options(synchronize_session=False)
        )
        released += int(getattr(session.execute(statement), "rowcount", 0))
    return released


def _changed_one(result: object) -> bool:
    return getattr(result, "rowcount", 0) == 1


# --- Promises --------------------------------------------------------------------------------------


@dataclass
class Settled:
    kept: int = 0
    broken: int = 0


def settle_promises(session: Session, now: datetime) -> Settled:
    """Pending promises of open cases: paid as promised → kept; date past and unpaid → broken, with an
    alert in the case history. Conditional updates: two runs never alert twice. Committed."""
    settled = Settled()
    rows = session.exec(
        select(PaymentPromise)
        .join(CollectionCase, col(CollectionCase.id) == col(PaymentPromise.case_id))
        .where(PaymentPromise.status == "pending", CollectionCase.status == "open")
    ).all()
    if not rows:
        return settled
    by_case: dict[int, list[PaymentPromise]] = defaultdict(list)
    for row in rows:
        by_case[row.case_id].append(row)
    payments: dict[int, list[PaymentSnapshot]] = defaultdict(list)
    for ids in chunks(sorted(by_case)):
        for payment in session.exec(select(Payment).where(col(Payment.case_id).in_(ids))):
            payments[payment.case_id].append(PaymentSnapshot(payment.paid_on, payment.amount_cents))
    today = local_day(now)
    for case_id, promises in by_case.items():
        by_id = {row.id: row for row in promises}
        verdicts = promise_verdicts([promise_snapshot(row) for row in promises], payments[case_id], today)
        for status, decided in (("kept", verdicts.kept), ("broken", verdicts.broken)):
            for promise in decided:
                statement = (
                    sa.update(PaymentPromise)
                    .where(col(PaymentPromise.id) == promise.id, col(PaymentPromise.status) == "pending")
                    .values(status=status)
                    .execution_options(synchronize_session=False)
                )
                if not _changed_one(session.execute(statement)):
                    continue
                if status == "kept":
                    settled.kept += 1
                else:
                    settled.broken += 1
                    session.add(events.promise_broken(by_id[promise.id], now=now))
    session.commit()
    return settled


SCHEDULER_LEASE = "reminders"


def take_lease(session: Session, *, holder: str, now: datetime, ttl: timedelta) -> bool:
    """Whether `holder` runs the scheduler until now + ttl: it held the lease, or nobody held it, or it expired (its
    holder died without letting go). Atomic: of two processes asking at once, one gets it."""
    expires = now + ttl
    taken = session.execute(
        sa.update(SchedulerLease)
        .where(
            col(SchedulerLease.name) == SCHEDULER_LEASE,
            sa.or_(col(SchedulerLease.holder) == holder, col(SchedulerLease.expires_at) <= now),
        )
        .values(holder=holder, expires_at=expires)
    )
    if _changed_one(taken):
        session.commit()
        return True
    if session.exec(select(SchedulerLease).where(SchedulerLease.name == SCHEDULER_LEASE)).first() is not None:
        session.rollback()
        return False
    session.add(SchedulerLease(name=SCHEDULER_LEASE, holder=holder, expires_at=expires))
    try:
        session.commit()
    except IntegrityError:  # another process created it first
        session.rollback()
        return False
    return True


def let_go(session: Session, *, holder: str, now: datetime) -> None:
    """The holder stops: another process may take the lease at once instead of waiting for it to expire."""
    session.execute(
        sa.update(SchedulerLease)
        .where(col(SchedulerLease.name) == SCHEDULER_LEASE, col(SchedulerLease.holder) == holder)
        .values(expires_at=now)
    )
    session.commit()
