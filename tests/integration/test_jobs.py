"""The scheduler as a lifespan task of the app, and `python -m guide_app.jobs run-due`."""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import reflex as rx
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, select

from guide_app import jobs
from guide_app.core import clock
from guide_app.core.mail import message_id
from guide_app.models import CaseAction, OutboxMessage
from guide_app.reminders.due import CLAIM_TTL
from guide_app.reminders.sending import RunReport
from tests.integration.sending_fixtures import (
    NOW,
    TODAY,
    Inbox,
    add_case,
    build_case,
    drop_engine,
    fresh_engine,
    smtp_server,
    text_of,
)

ROOT = Path(__file__).resolve().parents[2]
SENDER = "relances@guide.example"


def test_the_app_starts_the_scheduler_with_it():
    from guide_app.guide_app import app

    assert jobs.scheduler in app.get_lifespan_tasks()


def test_an_interval_of_zero_registers_nothing(monkeypatch):
    registered = []

    class App:
        def register_lifespan_task(self, task):
            registered.append(task)

    monkeypatch.setattr(jobs.settings, "scheduler_interval", 0)
    jobs.register_scheduler(App())
    assert registered == []
    assert asyncio.run(jobs.scheduler()) is None  # returns at once


def test_the_scheduler_runs_again_and_again_and_survives_a_failing_run(monkeypatch, caplog):
    calls = []

    def run_due(**_: object) -> RunReport:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("base de données indisponible")
        return RunReport(claimed=1)

    monkeypatch.setattr(jobs, "run_due", run_due)
    monkeypatch.setattr(jobs, "FIRST_RUN_DELAY_S", 0.0)

    async def main() -> None:
        task = asyncio.create_task(jobs.scheduler(0.01))
        while len(calls) < 4:
            await asyncio.sleep(0.01)
        task.cancel()

    asyncio.run(asyncio.wait_for(main(), timeout=10))
    assert len(calls) >= 4
    assert "the run failed" in caplog.text


def test_one_process_at_a_time_holds_the_scheduler_lease_and_a_dead_ones_expires(frozen_clock):
    from guide_app.models import SchedulerLease
    from guide_app.reminders import due_store

    with rx.session() as session:
        session.exec(delete(SchedulerLease))
        session.commit()
        now, ttl = clock.now(), timedelta(minutes=1)
        assert due_store.take_lease(session, holder="instance-a", now=now, ttl=ttl)
        assert not due_store.take_lease(session, holder="instance-b", now=now, ttl=ttl)
        assert due_store.take_lease(session, holder="instance-a", now=now + timedelta(seconds=50), ttl=ttl)  # renewed
        assert not due_store.take_lease(session, holder="instance-b", now=now + timedelta(seconds=100), ttl=ttl)
        # instance-a dies without a word: once its lease has run out, instance-b takes over, and a is out.
        assert due_store.take_lease(session, holder="instance-b", now=now + timedelta(seconds=111), ttl=ttl)
        assert not due_store.take_lease(session, holder="instance-a", now=now + timedelta(seconds=112), ttl=ttl)
        due_store.let_go(session, holder="instance-b", now=now + timedelta(seconds=120))  # an orderly stop
        assert due_store.take_lease(session, holder="instance-a", now=now + timedelta(seconds=120), ttl=ttl)


def test_two_app_instances_run_the_reminders_one_at_a_time_and_the_second_takes_over(monkeypatch):
    """Two schedulers on one database, as two app instances start them: only the lease holder runs; when it stops,
    the other runs at its next turn."""
    from guide_app.models import SchedulerLease

    with rx.session() as session:
        session.exec(delete(SchedulerLease))
        session.commit()
    granted: list[str] = []  # who got the lease, turn after turn
    runs: list[int] = []

    def run_due(**_: object) -> RunReport:
        runs.append(len(granted))  # a run happens only after a lease was granted to its scheduler
        return RunReport()

    original_lease = jobs._lease

    def lease(holder: str, every: float) -> bool:
        taken = original_lease(holder, every)
        if taken:
            granted.append(holder)
        return taken

    monkeypatch.setattr(jobs, "run_due", run_due)
    monkeypatch.setattr(jobs, "_lease", lease)
    monkeypatch.setattr(jobs, "daily_checks", lambda: (0, 0))
    monkeypatch.setattr(jobs.digest, "run_digests", lambda: None)
    monkeypatch.setattr(jobs, "FIRST_RUN_DELAY_S", 0.0)

    async def main() -> None:
        first = asyncio.create_task(jobs.scheduler(0.02, holder="instance-a"))
        while not granted:  # instance-a holds the lease before instance-b starts (their threads race otherwise)
            await asyncio.sleep(0.01)
        second = asyncio.create_task(jobs.scheduler(0.02, holder="instance-b"))
        while len(runs) < 5:
            await asyncio.sleep(0.01)
        first.cancel()  # instance-a stops: it lets go of the lease (a turn it was granted may end before its run)
        await asyncio.gather(first, return_exceptions=True)
        before_stop = len(granted)
        while not runs or runs[-1] <= before_stop:  # a run after a grant made once instance-a had stopped
            await asyncio.sleep(0.01)
        second.cancel()
        await asyncio.gather(second, return_exceptions=True)

    asyncio.run(asyncio.wait_for(main(), timeout=20))
    handover = granted.index("instance-b")  # while instance-a ran, instance-b asked at every turn and was refused
    assert handover >= 5 and set(granted[:handover]) == {"instance-a"} and set(granted[handover:]) == {"instance-b"}
    # one run per grant at most, each after its own grant: never two runs on one lease turn, never a run without one
    assert len(runs) >= 6 and runs == sorted(set(runs)) and runs[-1] <= len(granted)


def test_the_command_runs_once_and_prints_its_report(capsys):
    assert jobs.main(["run-due", "--now", "2000-01-03T09:00:00+00:00"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("réservées 0 · envoyées 0 · boîte d'envoi (test) 0")


def test_python_m_guide_app_jobs_run_due_for_cron():
    engine = fresh_engine()
    build_case(engine, live=False)  # due today... in 2026
    env = {**os.environ, "DATABASE_URL": str(engine.url), "GUIDE_SMTP_HOST": ""}
    command = [sys.executable, "-m", "guide_app.jobs", "run-due", "--now", "2026-03-18T09:00:00+00:00"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "boîte d'envoi (test) 1" in done.stdout
    with Session(engine) as session:
        assert len(session.exec(select(OutboxMessage)).all()) == 1
    drop_engine(engine)


class FreezingInbox(Inbox):
    """An SMTP server that stops at the `kill_at`-th message's data until the test has killed the sender.

    `answered`: the server takes that message in charge and answers "250" while freezing the sender (SIGSTOP),
    so the sender never reads the answer nor records the send. Otherwise it holds the data unanswered and, the
    sender gone, drops it (the transaction never completed)."""

    def __init__(self, kill_at: int, *, answered: bool, accept_after_kill: bool = False) -> None:
        super().__init__()
        self.kill_at, self.answered, self.accept_after_kill = kill_at, answered, accept_after_kill
        self.received = 0
        self.held_id = ""  # the Message-ID of the message the kill landed on
        self.sender_pid = 0
        self.sender_started, self.frozen, self.killed = threading.Event(), threading.Event(), threading.Event()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd hook
        self.received += 1
        if self.received != self.kill_at:
            return await super().handle_DATA(server, session, envelope)
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.held_id = message["Message-ID"]
        await asyncio.to_thread(self.sender_started.wait)
        if self.answered:
            os.kill(self.sender_pid, signal.SIGSTOP)
            self.frozen.set()
            return await super().handle_DATA(server, session, envelope)
        self.frozen.set()
        await asyncio.to_thread(self.killed.wait, 120)
        if self.accept_after_kill:  # the sender only got a SIGTERM: it is alive and reads this answer
            return await super().handle_DATA(server, session, envelope)
        return "451 4.4.2 Connexion perdue"  # to nobody: the sender is dead


def _run_due(engine, port: int, now: datetime) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "GUIDE_SMTP_HOST": "127.0.0.1",
        "GUIDE_SMTP_PORT": str(port),
        "GUIDE_SMTP_SENDER": SENDER,
        "GUIDE_SMTP_TLS": "none",
    }
    command = [sys.executable, "-m", "guide_app.jobs", "run-due", "--now", now.isoformat()]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return out


def _sixteen_due_emails() -> tuple[Engine, set[int]]:
    """16 live accounts, one case each: an e-mail due today and one for tomorrow (one message per client a day)."""
    engine = fresh_engine()
    built = [
        build_case(
            engine,
            email_address=f"client{i}@client.example",
            company=f"Atelier {i}",
            actions=[("email", TODAY), ("email", TODAY + timedelta(days=1))],
        )
        for i in range(16)
    ]
    return engine, {case.action_ids[0] for case in built}


@contextmanager
def _frozen_mid_run(engine: Engine, inbox: FreezingInbox) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """`run-due` started against `inbox`, once it is stuck at the inbox's `kill_at`-th message: (process, port).
    Afterwards nothing is left running, even when the test failed before stopping the process."""
    controller = smtp_server(inbox)
    first = _run_due(engine, controller.port, NOW)
    try:
        inbox.sender_pid = first.pid
        inbox.sender_started.set()
        while not inbox.frozen.wait(0.1):
            assert first.poll() is None, first.communicate()[1]
        yield first, controller.port
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
        inbox.killed.set()
        controller.stop()


@pytest.mark.parametrize("answered", [False, True], ids=["before-the-250", "after-the-250"])
def test_run_due_killed_mid_run_then_run_again_loses_no_email(answered: bool) -> None:
    """`python -m guide_app.jobs run-due` with live SMTP, killed with SIGKILL at the 6th of 16 due e-mails, then
    run again: every e-mail arrives, each exactly once, except in the documented window (sending.py).

    before-the-250: the kill lands while the server holds the 6th message's data unanswered, and the server
    drops it. The 5 before it were accepted and recorded (each send is committed before the next starts); the
    6th stays claimed by the dead run, so a rerun a minute later sends the other 10 and leaves it alone until
    the claim goes stale (CLAIM_TTL, passed with --now); then it goes: 16 e-mails, one per Message-ID.

    after-the-250: the server took the 6th in charge and answered "250" as the sender was frozen before reading
    it, then killed: the send was never recorded, so it goes again once the claim is stale. That message arrives
    twice, with one Message-ID; nothing is lost and every other e-mail arrives once. A server that delivers a
    message whose "250" the sender never read (connection lost) does the same."""
    engine, due_ids = _sixteen_due_emails()
    inbox = FreezingInbox(kill_at=6, answered=answered)
    with _frozen_mid_run(engine, inbox) as (first, port):
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        inbox.killed.set()
        assert first.returncode == -signal.SIGKILL
        assert len(inbox.messages) == (6 if answered else 5)

        with Session(engine) as session:
            rows = session.exec(select(CaseAction).where(col(CaseAction.id).in_(due_ids))).all()
        held = [row for row in rows if row.claim_id is not None]
        assert [message_id(row.id, row.created_at, SENDER) for row in held] == [inbox.held_id]
        assert sum(row.status == "done" for row in rows) == 5 and all(row.status != "failed" for row in rows)

        # Restarted at once: everything else goes; the claim of the dead run still holds the 6th.
        assert "envoyées 10 " in _finish(_run_due(engine, port, NOW + timedelta(minutes=1)))
        assert inbox.held_id not in [m["Message-ID"] for m in inbox.messages[6 if answered else 5 :]]
        # Once the claim is stale, the 6th goes; a later run finds nothing left.
        assert "envoyées 1 " in _finish(_run_due(engine, port, NOW + CLAIM_TTL + timedelta(minutes=1)))
        assert "réservées 0 " in _finish(_run_due(engine, port, NOW + timedelta(hours=2)))

    with Session(engine) as session:
        rows = session.exec(select(CaseAction).order_by(col(CaseAction.id))).all()
        recorded = Counter(session.exec(select(OutboxMessage.action_id)).all())
    expected = {message_id(row.id, row.created_at, SENDER): 1 for row in rows if row.id in due_ids}
    if answered:
        expected[inbox.held_id] = 2
    assert Counter(m["Message-ID"] for m in inbox.messages) == expected
    assert [row.status for row in rows] == ["done" if row.id in due_ids else "scheduled" for row in rows]
    assert all(row.claim_id is None for row in rows)
    assert recorded == Counter(due_ids)
    drop_engine(engine)


def test_run_due_stopped_with_sigterm_finishes_the_email_in_hand_and_sends_nothing_twice() -> None:
    """An orderly stop (SIGTERM, as cron, systemd or a deploy sends it) lands while the 6th of 16 e-mails is in
    the SMTP server's hands: the run waits for its "250", records it, sends no more and exits 0. A rerun at once
    sends the other 10: every e-mail exactly once, no claim left behind — the window of the SIGKILL case is never
    reached by an orderly stop."""
    engine, due_ids = _sixteen_due_emails()
    inbox = FreezingInbox(kill_at=6, answered=False, accept_after_kill=True)
    with _frozen_mid_run(engine, inbox) as (first, port):
        first.send_signal(signal.SIGTERM)
        inbox.killed.set()
        out = _finish(first)
        assert "envoyées 6 " in out and "Envoi interrompu : arrêt demandé" in out
        with Session(engine) as session:
            rows = session.exec(select(CaseAction).where(col(CaseAction.id).in_(due_ids))).all()
        assert sum(row.status == "done" for row in rows) == 6 and all(row.claim_id is None for row in rows)
        assert "envoyées 10 " in _finish(_run_due(engine, port, NOW + timedelta(minutes=1)))
    with Session(engine) as session:
        rows = session.exec(select(CaseAction).where(col(CaseAction.id).in_(due_ids))).all()
    expected = Counter({message_id(row.id, row.created_at, SENDER): 1 for row in rows})
    assert Counter(m["Message-ID"] for m in inbox.messages) == expected
    assert all(row.status == "done" and row.claim_id is None for row in rows)
    drop_engine(engine)


def test_grouped_messages_killed_mid_run_then_run_again_each_leave_once() -> None:
    """Six clients with two cases each, both reminders due today: six grouped e-mails. `run-due` is killed while the
    server holds the 3rd message's data; rerun at once, then after CLAIM_TTL: six e-mails, one per client, each with
    both invoices; the twelve actions done; one outbox row per client carrying its two actions."""
    engine = fresh_engine()
    clients = []
    for i in range(6):
        first = build_case(engine, email_address=f"groupe{i}@client.example", company=f"Atelier G{i}")
        second = add_case(engine, first, ttc_cents=120000, due=TODAY - timedelta(days=20))
        clients.append((first, second))
    inbox = FreezingInbox(kill_at=3, answered=False)
    with _frozen_mid_run(engine, inbox) as (first_run, port):
        first_run.send_signal(signal.SIGKILL)
        first_run.wait(timeout=30)
        inbox.killed.set()
        assert len(inbox.messages) == 2
        assert "envoyées 3 " in _finish(_run_due(engine, port, NOW + timedelta(minutes=1)))
        assert "envoyées 1 " in _finish(_run_due(engine, port, NOW + CLAIM_TTL + timedelta(minutes=1)))
        assert "réservées 0 " in _finish(_run_due(engine, port, NOW + timedelta(hours=2)))
    assert Counter(m["To"] for m in inbox.messages) == Counter(f"groupe{i}@client.example" for i in range(6))
    for message in inbox.messages:
        body = text_of(message)
        number = int(message["To"].removeprefix("groupe").split("@")[0])
        first, second = clients[number]
        assert f"F-2026-{first.case_id:03d}" in body and f"F-2026-{second.case_id:03d}" in body
    with Session(engine) as session:
        assert all(row.status == "done" for row in session.exec(select(CaseAction)))
        assert sorted(row.actions for row in session.exec(select(OutboxMessage))) == [2] * 6
    drop_engine(engine)
