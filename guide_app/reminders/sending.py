"""Sends the due reminder e-mails of every account, each at most once, and settles past payment promises.

One message per client and per day (grouping.py): the due e-mails of one client address leave as one message, and
the outbox's unique `recipient_day` makes a second one that day impossible; an action that finds its client already
written to today waits for the next business day. What is said below of an action holds for the group of actions a
message carries: they are claimed, checked, recorded (one outbox row, every action `done`) together.

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

No e-mail leaves before settings.send_from_hour (10 h, Paris time): the owners' morning digests come first, so that
each planned message can still be held.

SMS, calls, letters, hand-overs and e-mails to a debtor without address are not sent: they stay
`scheduled`, as the owner's tasks (see tasks.py for the sms:/tel: links, letters.py for the PDF).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from guide_app.cases import lifecycle, store
from guide_app.cases.ledger import Ledger
from guide_app.cases.risk import Channel
from guide_app.core import clock, db
from guide_app.core.clock import FRANCE, local_day
from guide_app.core.mail import (
    Mailer,
    SendFailure,
    build_message,
    default_mailer,
    message_id,
    valid_address,
)
from guide_app.core.settings import settings
from guide_app.models import Account, CaseAction, CollectionCase, OutboxMessage
from guide_app.reminders import events
from guide_app.reminders.due import AfterFailure, CaseSnapshot, after_failure, due_actions
from guide_app.reminders.due_store import (
    Candidate,
    action_snapshot,
    by_reader,
    case_snapshots,
    chunks,
    claim,
    due_candidates,
    release,
    release_many,
    settle_promises,
)
from guide_app.reminders.grouping import CaseOwed, grouped_message, recipient_day
from guide_app.reminders.schedule import next_business_day
from guide_app.reminders.timeline import payment_details

logger = logging.getLogger(__name__)

BATCH = 200  # test-mode messages (groups of actions) written per transaction
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
    grouped: int = 0  # actions carried by another action's message (one message per client and per day)
    deferred: int = 0  # actions whose client already got today's message: moved to the next business day
    waiting: int = 0  # due e-mails left for later: it is before settings.send_from_hour
    promises_broken: int = 0
    promises_kept: int = 0
    stopped: str = ""  # why live sending stopped early (server unreachable, credentials refused)
    seconds: float = 0.0

    def summary(self) -> str:
        line = (
            f"réservées {self.claimed} · envoyées {self.sent} · boîte d'envoi (test) {self.outbox} · "
            f"regroupées {self.grouped} · reportées {self.deferred} · "
            f"échecs à réessayer {self.retrying} · abandonnées {self.failed} · "
            f"tâches laissées au propriétaire {self.tasks} · promesses non tenues {self.promises_broken} · "
            f"{self.seconds:.2f} s"
        )
        return line + (f"\nEnvoi interrompu : {self.stopped}" if self.stopped else "")


@dataclass
class _Message:
    """What leaves for one client today: the actions it carries (the first one names its outbox row) and its text."""

    actions: list[CaseAction]
    to: str
    subject: str
    body: str
    key: str  # grouping.recipient_day: unique on the outbox


@dataclass
class _Batch:
    """What deciding a batch of groups needs, read in a few queries for the whole batch; and what it decided, written
    in a few statements (`settle`)."""

    actions: dict[int, CaseAction]
    cases: dict[int, CaseSnapshot]
    recorded: set[int]  # actions an outbox row already names
    written: set[str]  # recipient_day keys that already have today's message
    rows: dict[int, CollectionCase]  # the cases of groups of several actions
    ledgers: dict[int, Callable[[date], Ledger]]
    let_go: list[int] = field(default_factory=list)
    found_done: list[int] = field(default_factory=list)
    deferred: list[int] = field(default_factory=list)
    done: list[int] = field(default_factory=list)


def _load(session: Session, groups: Sequence[Sequence[Candidate]], held: set[int], now: datetime) -> _Batch:
    """The actions this run holds, their cases' pauses, what the outbox already has, and the ledgers of the cases of
    groups of several actions."""
    ids = sorted(held)
    actions = {
        a.id: a for part in chunks(ids) for a in session.exec(select(CaseAction).where(col(CaseAction.id).in_(part)))
    }
    recorded = {
        i
        for part in chunks(ids)
        for i in session.exec(select(OutboxMessage.action_id).where(col(OutboxMessage.action_id).in_(part)))
    }
    today = local_day(now)
    keys = sorted({recipient_day(group[0].account_id, group[0].email, today) for group in groups})
    written = {
        key
        for part in chunks(keys)
        for key in session.exec(select(OutboxMessage.recipient_day).where(col(OutboxMessage.recipient_day).in_(part)))
        if key is not None
    }
    several = sorted(
        {
            c.case_id
            for group in groups
            if sum(c.action.id in held for c in group) > 1
            for c in group
            if c.action.id in held
        }
    )
    rows = {
        c.id: c
        for part in chunks(several)
        for c in session.exec(select(CollectionCase).where(col(CollectionCase.id).in_(part)))
    }
    return _Batch(
        actions={i: a for i, a in actions.items() if i is not None},
        cases=case_snapshots(session, sorted({a.case_id for a in actions.values()})),
        recorded=recorded,
        written=written,
        rows={i: c for i, c in rows.items() if i is not None},
        ledgers=lifecycle.owed_on_cases(session, cases=list(rows.values())),
    )


def _settle(session: Session, batch: _Batch, run_id: str, now: datetime) -> None:
    """Lets go of the claims the batch decided on, each with its outcome (not committed)."""
    release_many(session, batch.let_go, run_id)
    release_many(session, batch.found_done, run_id, status="done", done_at=now)
    later = next_business_day(local_day(now) + timedelta(days=1))
    release_many(session, batch.deferred, run_id, scheduled_for=later)
    release_many(session, batch.done, run_id, status="done", done_at=now)
    batch.let_go, batch.found_done, batch.deferred, batch.done = [], [], [], []


def _grouped_text(session: Session, batch: _Batch, actions: Sequence[CaseAction], on: date) -> tuple[str, str]:
    """One message about the cases of several due actions, with each case's ledger on the day."""
    order = list(dict.fromkeys(a.case_id for a in actions))
    base = settings.public_url.rstrip("/")
    owed = [CaseOwed(owed=batch.ledgers[i](on), link=base + store.debtor_path(batch.rows[i])) for i in order]
    debtor = store.case_debtor(session, case=batch.rows[order[0]])
    account = session.get(Account, actions[0].account_id)
    assert account is not None
    return grouped_message(
        tones=[action.tone for action in actions],
        debtor_kind=debtor.kind,
        cases=owed,
        debtor=debtor.company_name,
        contact=debtor.contact_name,
        creditor=account.company_name,
        payment_details=payment_details(account),
    )


def _prepare(
    session: Session, batch: _Batch, group: Sequence[Candidate], held: set[int], now: datetime, report: RunReport
) -> _Message | None:
    """Of the actions of a group this run holds: those paused meanwhile are let go, those already recorded are
    marked done; when the client was already written to today the rest waits for the next business day.
    Otherwise, the one message they make; its actions are marked done by `_settle` (nothing is written here)."""
    going: list[CaseAction] = []
    for action_id in sorted(held):
        action = batch.actions[action_id]
        case = batch.cases.get(action.case_id)
        if case is None or not due_actions(case, [action_snapshot(action)], now):
            batch.let_go.append(action_id)
        elif action_id in batch.recorded:
            batch.found_done.append(action_id)
            report.already_sent += 1
        else:
            going.append(action)
    if not going:
        return None
    today = local_day(now)
    first = group[0]
    key = recipient_day(first.account_id, first.email, today)
    ids = [a.id for a in going if a.id is not None]
    if key in batch.written:
        batch.deferred.extend(ids)
        report.deferred += len(going)
        return None
    subject, body = (
        (going[0].subject, going[0].body) if len(going) == 1 else _grouped_text(session, batch, going, today)
    )
    batch.written.add(key)
    batch.done.extend(ids)
    report.grouped += len(going) - 1
    return _Message(going, first.email, subject, body, key)


def _outbox_row(message: _Message, now: datetime, *, test_mode: bool) -> OutboxMessage:
    lead = message.actions[0]
    assert lead.id is not None
    return OutboxMessage(
        account_id=lead.account_id,
        case_id=lead.case_id,
        action_id=lead.id,
        recipient_day=message.key,
        actions=len(message.actions),
        channel=lead.channel,
        to_address=message.to,
        subject=message.subject,
        body=message.body,
        test_mode=test_mode,
        created_at=now,
    )


# --- Test mode: the outbox only --------------------------------------------------------------------


def _to_outbox(
    engine: Engine, groups: Sequence[Sequence[Candidate]], run_id: str, now: datetime, report: RunReport
) -> None:
    """Claim, re-check, outbox rows, `done` and events for a batch of groups, in one transaction: exactly once."""
    with Session(engine) as session:
        held = claim(session, [candidate.action.id for group in groups for candidate in group], run_id, now)
        report.claimed += len(held)
        batch = _load(session, groups, held, now)
        for group in groups:
            mine = held & {candidate.action.id for candidate in group}
            message = _prepare(session, batch, group, mine, now, report) if mine else None
            if message is None:
                continue
            session.add(_outbox_row(message, now, test_mode=True))
            for action in message.actions:
                session.add(
                    events.outbox(
                        action,
                        message.to,
                        live=group[0].live,
                        subject=message.subject,
                        carried=len(message.actions),
                        now=now,
                    )
                )
            report.outbox += 1
        _settle(session, batch, run_id, now)
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


def _send_group(
    engine: Engine,
    group: Sequence[Candidate],
    mailer: Mailer,
    run_id: str,
    now: datetime,
    report: RunReport,
    creditors: dict[int, _Creditor],
) -> None:
    """Claims, checks, sends and records the one message of a group. Re-raises SendFailure(stop_run=True), once
    recorded, when the server itself is unusable."""
    with Session(engine) as session:
        held = claim(session, [candidate.action.id for candidate in group], run_id, now)
        if not held:
            session.rollback()
            return  # another run holds them
        session.commit()  # the claims are durable before anything leaves
        report.claimed += len(held)
        batch = _load(session, [group], held, now)
        message = _prepare(session, batch, group, held, now, report)
        batch.done = []  # recorded with the outbox row once the server accepted the message
        _settle(session, batch, run_id, now)
        session.commit()
        if message is None:
            return
        if not valid_address(message.to):
            reason = f"Adresse e-mail du client invalide : « {message.to[:80]} »."
            for action in message.actions:
                _record_failure(session, action, reason, run_id, now, report, permanent=True)
            return
        lead = message.actions[0]
        assert lead.id is not None
        creditor = _creditor(session, lead.account_id, creditors)
        email = build_message(
            from_address=mailer.from_address,
            from_name=creditor.name,
            to=message.to,
            reply_to=creditor.reply_to,
            subject=message.subject,
            body=message.body,
            message_id=message_id(lead.id, lead.created_at, mailer.from_address),
            date=now,
        )
        try:
            mailer.send(email)
        except SendFailure as failure:
            for action in message.actions:
                _record_failure(session, action, failure.reason, run_id, now, report, permanent=False)
            if failure.stop_run:
                raise
            return
        _record_sent(session, message, now)
        report.sent += 1


def _record_sent(session: Session, message: _Message, now: datetime) -> None:
    """Outbox row, `done` and events in one commit, right after the server accepted the message; retried while the
    database is busy, since the message is already gone."""
    row = _outbox_row(message, now, test_mode=False)
    carried = [(a.id, a.account_id, a.case_id, a.name) for a in message.actions]
    ids = [action_id for action_id, *_ in carried]
    done = (
        sa.update(CaseAction)
        .where(col(CaseAction.id).in_(ids), col(CaseAction.status) == "scheduled")
        .values(status="done", done_at=now, sent_at=now, claim_id=None, claimed_at=None)
        .execution_options(synchronize_session=False)
    )
    for delay in (*_RECORD_RETRIES, None):
        try:
            session.add(OutboxMessage.model_validate(row.model_dump()))
            session.execute(done)
            for _, account_id, case_id, name in carried:
                session.add(
                    events.sent(
                        account_id,
                        case_id,
                        name=name,
                        subject=message.subject,
                        to=message.to,
                        carried=len(carried),
                        now=now,
                    )
                )
            session.commit()
            return
        except sa.exc.IntegrityError:
            session.rollback()
            logger.error("actions %s sent although their outbox row already existed: sent twice", ids)
            return
        except sa.exc.OperationalError:
            session.rollback()
            if delay is None:
                logger.exception("actions %s sent but not recorded: they will be sent again", ids)
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
    if now.astimezone(FRANCE).hour < settings.send_from_hour:  # before the digests' hold links could be used
        report.waiting, emails = len(emails), []
    groups = by_reader(emails)
    offline = [group for group in groups if not (group[0].live and mailer is not None)]
    for start in range(0, len(offline), BATCH):
        _to_outbox(engine, offline[start : start + BATCH], run_id, now, report)
    live = [group for group in groups if group[0].live and mailer is not None]
    if live and mailer is not None:
        creditors: dict[int, _Creditor] = {}
        try:
            for group in live:
                if stop.is_set():
                    report.stopped = STOPPED
                    break
                _send_group(engine, group, mailer, run_id, now, report, creditors)
        except SendFailure as failure:
            report.stopped = failure.reason
        except sa.exc.OperationalError:  # the database went away: what was not claimed waits for the next run
            logger.warning("reminder run stopped: database unreachable", exc_info=True)
            report.stopped = DATABASE_DOWN
        finally:
            mailer.close()
    report.seconds = time.perf_counter() - started
    return report
