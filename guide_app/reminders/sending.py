"""Sends the due reminder e-mails of every account, each at most once, and settles past payment promises.

How an action is never sent twice
---------------------------------
1. A run CLAIMS an action with a conditional UPDATE (still `scheduled`; not claimed, or claimed more than
   CLAIM_TTL ago by a run that died) and keeps only the rows that UPDATE changed: two overlapping runs,
   threads or processes never hold the same action.
2. Test mode (account not live) or no SMTP host: nothing leaves the app. Claim, OutboxMessage row (unique
   per action), `done` status and case event are ONE transaction: exactly once.
3. Live: the claim is committed first. Then, once it is checked that no OutboxMessage exists for the action
   and that its case is still open and not paused, the e-mail is handed to the SMTP server, and right after
   the server accepts it the OutboxMessage row and the `done` status are committed together. A run that
   dies before the send leaves a claim that goes stale after CLAIM_TTL: the action is claimed again, sent once.

The database going away (PostgreSQL restarting): after the server's "250" the record is retried for ~15 s (a
restart takes about a second), so the e-mail is recorded once; before it, the run stops with nothing sent for the
action in hand, and the next run sends it — or, when its claim was already committed, the first run after
CLAIM_TTL (tests/integration/test_faults.py restarts PostgreSQL at both points).

A stop asked for (SIGTERM to `python -m guide_app.jobs run-due`, the app shutting down) sets STOP: the run ends
after the e-mail in hand is recorded, so an orderly stop never lands in the window below.

The residual window (at-least-once there, not exactly-once): if the process dies (SIGKILL, power loss), or the
database refuses the commit through ~15 s of retries, AFTER the SMTP server accepted the message and BEFORE that
commit, the action stays `scheduled` with a claim that goes stale, and it is sent again after CLAIM_TTL. That
window is the milliseconds between the server's "250" and the commit. SMTP has the same limit on its side: a
connection lost after the message data but before the server's "250" counts as a failure and is retried, though
the server may have delivered. A repeated e-mail carries the same Message-ID, which many mail clients
deduplicate.

SMS, calls, letters, hand-overs and e-mails to a debtor without address are not sent: they stay
`scheduled`, as the owner's tasks (see tasks.py for the sms:/tel: links, letters.py for the PDF).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from guide_app.cases import store
from guide_app.cases.risk import Channel
from guide_app.core import clock, db
from guide_app.core.mail import (
    Mailer,
    SendFailure,
    build_message,
    default_mailer,
    message_id,
    valid_address,
)
from guide_app.models import Account, CaseAction, OutboxMessage
from guide_app.reminders import events
from guide_app.reminders.due import AfterFailure, after_failure, due_actions
from guide_app.reminders.due_store import (
    Candidate,
    action_snapshot,
    case_snapshots,
    claim,
    due_candidates,
    release,
    release_many,
    settle_promises,
    still_due,
)

logger = logging.getLogger(__name__)

BATCH = 200  # test-mode actions written per transaction
_RECORD_RETRIES = (0.5, 1.0, 2.0, 4.0, 8.0)  # seconds between tries to record a send the server accepted


@dataclass
class RunReport:
    claimed: int = 0
    sent: int = 0  # accepted by the SMTP server
    outbox: int = 0  # test mode or no SMTP host: kept in the in-app outbox, not sent
    retrying: int = 0  # failed attempts, to be tried again
    failed: int = 0  # given up (MAX_ATTEMPTS reached, or an invalid address): the owner is alerted
    tasks: int = 0  # due SMS, calls, letters, hand-overs, e-mails without address: the owner's to-do
    already_sent: int = 0  # found in the outbox (a run died after recording): marked done, not sent again
    promises_broken: int = 0
    promises_kept: int = 0
    stopped: str = ""  # why live sending stopped early (server unreachable, credentials refused)
    seconds: float = 0.0

    def summary(self) -> str:
        line = (
            f"réservées {self.claimed} · envoyées {self.sent} · boîte d'envoi (test) {self.outbox} · "
            f"échecs à réessayer {self.retrying} · abandonnées {self.failed} · "
            f"tâches laissées au propriétaire {self.tasks} · promesses non tenues {self.promises_broken} · "
            f"{self.seconds:.2f} s"
        )
        return line + (f"\nEnvoi interrompu : {self.stopped}" if self.stopped else "")


def _outbox_row(action: CaseAction, to: str, now: datetime, *, test_mode: bool) -> OutboxMessage:
    assert action.id is not None
    return OutboxMessage(
        account_id=action.account_id,
        case_id=action.case_id,
        action_id=action.id,
        channel=action.channel,
        to_address=to,
        subject=action.subject,
        body=action.body,
        test_mode=test_mode,
        created_at=now,
    )


def _outbox_exists(session: Session, action_id: int) -> bool:
    return session.exec(select(OutboxMessage.id).where(OutboxMessage.action_id == action_id)).first() is not None


# --- Test mode: the outbox only --------------------------------------------------------------------


def _to_outbox(engine: Engine, batch: Sequence[Candidate], run_id: str, now: datetime, report: RunReport) -> None:
    """Claim, re-check, outbox rows, `done` and events for a batch, in one transaction: exactly once."""
    by_id = {candidate.action.id: candidate for candidate in batch}
    with Session(engine) as session:
        held = sorted(claim(session, list(by_id), run_id, now))
        report.claimed += len(held)
        actions = session.exec(select(CaseAction).where(col(CaseAction.id).in_(held))).all() if held else []
        cases = case_snapshots(session, sorted({action.case_id for action in actions}))
        recorded = set(
            session.exec(select(OutboxMessage.action_id).where(col(OutboxMessage.action_id).in_(held))).all()
        )
        paused: list[int] = []
        going: list[tuple[CaseAction, Candidate]] = []
        for action in actions:
            assert action.id is not None
            case = cases.get(action.case_id)
            if case is None or not due_actions(case, [action_snapshot(action)], now):
                paused.append(action.id)
            elif action.id in recorded:
                report.already_sent += 1
            else:
                going.append((action, by_id[action.id]))
        release_many(session, paused, run_id)
        settled = set(paused)
        release_many(session, [i for i in held if i not in settled], run_id, status="done", done_at=now)
        for action, candidate in going:
            session.add(_outbox_row(action, candidate.email, now, test_mode=True))
            session.add(events.outbox(action, candidate.email, live=candidate.live, now=now))
        report.outbox += len(going)
        session.commit()


# --- Live: through SMTP ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Creditor:
    name: str
    reply_to: str  # the owner's e-mail: the debtor's answer reaches them


def _creditor(session: Session, account_id: int, cache: dict[int, _Creditor]) -> _Creditor:
    if account_id not in cache:
        account = session.get(Account, account_id)
        cache[account_id] = _Creditor(
            name=account.company_name if account else "", reply_to=store.creditor_email(session, account_id=account_id)
        )
    return cache[account_id]


def _send_one(
    engine: Engine,
    candidate: Candidate,
    mailer: Mailer,
    run_id: str,
    now: datetime,
    report: RunReport,
    creditors: dict[int, _Creditor],
) -> None:
    """Claims, checks, sends and records one e-mail. Re-raises SendFailure(stop_run=True), once recorded,
    when the server itself is unusable."""
    with Session(engine) as session:
        if not claim(session, [candidate.action.id], run_id, now):
            session.rollback()
            return  # another run holds it
        session.commit()  # the claim is durable before anything leaves
        report.claimed += 1
        action = session.get(CaseAction, candidate.action.id)
        assert action is not None and action.id is not None
        if not still_due(session, action, now):
            release(session, action.id, run_id)
            session.commit()
            return
        if _outbox_exists(session, action.id):
            release(session, action.id, run_id, status="done", done_at=now)
            session.commit()
            report.already_sent += 1
            return
        if not valid_address(candidate.email):
            reason = f"Adresse e-mail du client invalide : « {candidate.email[:80]} »."
            _record_failure(session, action, reason, run_id, now, report, permanent=True)
            return
        creditor = _creditor(session, action.account_id, creditors)
        message = build_message(
            from_address=mailer.from_address,
            from_name=creditor.name,
            to=candidate.email,
            reply_to=creditor.reply_to,
            subject=action.subject,
            body=action.body,
            message_id=message_id(action.id, action.created_at, mailer.from_address),
            date=now,
        )
        try:
            mailer.send(message)
        except SendFailure as failure:
            _record_failure(session, action, failure.reason, run_id, now, report, permanent=False)
            if failure.stop_run:
                raise
            return
        _record_sent(session, action, candidate.email, now)
        report.sent += 1


def _record_sent(session: Session, action: CaseAction, to: str, now: datetime) -> None:
    """Outbox row, `done` and event in one commit, right after the server accepted the message; retried
    while the database is busy, since the message is already gone."""
    assert action.id is not None
    action_id, account_id, case_id = action.id, action.account_id, action.case_id
    name, subject, channel, body = action.name, action.subject, action.channel, action.body
    done = (
        sa.update(CaseAction)
        .where(col(CaseAction.id) == action_id, col(CaseAction.status) == "scheduled")
        .values(status="done", done_at=now, sent_at=now, claim_id=None, claimed_at=None)
        .execution_options(synchronize_session=False)
    )
    for delay in (*_RECORD_RETRIES, None):
        try:
            session.add(
                OutboxMessage(
                    account_id=account_id,
                    case_id=case_id,
                    action_id=action_id,
                    channel=channel,
                    to_address=to,
                    subject=subject,
                    body=body,
                    test_mode=False,
                    created_at=now,
                )
            )
            session.execute(done)
            session.add(events.sent(account_id, case_id, name=name, subject=subject, to=to, now=now))
            session.commit()
            return
        except sa.exc.IntegrityError:
            session.rollback()
            logger.error("action %s sent although its outbox row already existed: sent twice", action_id)
            return
        except sa.exc.OperationalError:
            session.rollback()
            if delay is None:
                logger.exception("action %s sent but not recorded: it will be sent again", action_id)
                raise
            time.sleep(delay)


def _record_failure(
    session: Session,
    action: CaseAction,
    reason: str,
    run_id: str,
    now: datetime,
    report: RunReport,
    *,
    permanent: bool,
) -> None:
    """One more failed attempt, its reason, the next try by backoff, the claim released; given up (status
    `failed`, alert) after MAX_ATTEMPTS, or at once when retrying cannot help."""
    assert action.id is not None
    outcome = AfterFailure(action.attempts + 1, gave_up=True) if permanent else after_failure(action.attempts, now)
    values: dict[str, object] = {
        "attempts": outcome.attempts,
        "failure_reason": reason,
        "next_attempt_at": outcome.next_attempt_at,
    }
    if outcome.gave_up:
        values.update(status="failed", failed_at=now)
    if release(session, action.id, run_id, **values):
        session.add(events.failed(action, reason, outcome=outcome, now=now))
        if outcome.gave_up:
            report.failed += 1
        else:
            report.retrying += 1
    session.commit()


# --- The run ---------------------------------------------------------------------------------------


STOP = threading.Event()  # set on shutdown: a run ends after the e-mail in hand is recorded
STOPPED = "arrêt demandé ; les relances restantes partiront au prochain passage"
DATABASE_DOWN = "base de données injoignable ; les relances restantes partiront au prochain passage"


def run_due(
    now: datetime | None = None,
    *,
    sender: Mailer | None = None,
    engine: Engine | None = None,
    stop: threading.Event = STOP,
) -> RunReport:
    """One scheduler run over every account. `sender`: the mailer for live accounts (default: SMTP from the
    settings). `engine`: default, the app's database. `stop`: checked between e-mails. Safe to run
    concurrently with itself."""
    started = time.perf_counter()
    now = clock.now() if now is None else now
    if now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    if engine is None:
        engine = db.engine()
    mailer = sender if sender is not None else default_mailer()
    run_id = uuid.uuid4().hex
    report = RunReport()
    with Session(engine) as session:
        settled = settle_promises(session, now)
        report.promises_kept, report.promises_broken = settled.kept, settled.broken
        candidates = due_candidates(session, now)
    emails = [c for c in candidates if c.action.channel == Channel.EMAIL.value and c.email]
    report.tasks = len(candidates) - len(emails)
    offline = [c for c in emails if not (c.live and mailer is not None)]
    for start in range(0, len(offline), BATCH):
        _to_outbox(engine, offline[start : start + BATCH], run_id, now, report)
    live = [c for c in emails if c.live and mailer is not None]
    if live and mailer is not None:
        creditors: dict[int, _Creditor] = {}
        try:
            for candidate in live:
                if stop.is_set():
                    report.stopped = STOPPED
                    break
                _send_one(engine, candidate, mailer, run_id, now, report, creditors)
        except SendFailure as failure:
            report.stopped = failure.reason
        except sa.exc.OperationalError:  # the database went away: what was not claimed waits for the next run
            logger.warning("reminder run stopped: database unreachable", exc_info=True)
            report.stopped = DATABASE_DOWN
        finally:
            mailer.close()
    report.seconds = time.perf_counter() - started
    return report
