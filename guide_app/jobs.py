"""Background jobs: the reminder scheduler, inside the app and as a command for cron.

    python -m guide_app.jobs run-due      # one run now; prints a short report, exits 0

Inside the app, `register_scheduler(app)` adds a lifespan task that runs `run_due` every
GUIDE_SCHEDULER_INTERVAL seconds (0: off) in a worker thread, so the event loop never waits on SMTP or
the database. Every worker of every app instance starts one, but only the holder of the database lease runs
(due_store.take_lease): one at a time, and another takes over when the holder stops or dies. A cron job may run
`run-due` as well: claims make that safe (see reminders/sending.py).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import socket
import sys
import threading
import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

import reflex as rx

from guide_app import wiring
from guide_app.core import clock
from guide_app.core.settings import settings
from guide_app.recourse import escalation_store, plan_store
from guide_app.reminders import alerts, digest, due_store, sending
from guide_app.reminders.sending import RunReport, run_due
from guide_app.workshop import followup

__all__ = ["RunReport", "main", "register_scheduler", "run_due", "scheduler"]

logger = logging.getLogger(__name__)

FIRST_RUN_DELAY_S = 5.0  # let the app finish starting first
LEASE_MIN_S = 60.0  # a dead holder's lease is taken over after 3 intervals, and never less than this
# A scheduler cancelled while its lease is being taken lets go only once that write is done: otherwise the write could
# land after the let-go, and the other instances would wait for the lease to expire.
_LEASE_WRITES = threading.Lock()


def _holder() -> str:
    """This process's name on the lease: host, process, and a random part (a restarted process is another one)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _lease(holder: str, every: float) -> bool:
    with _LEASE_WRITES, rx.session() as session:
        return due_store.take_lease(
            session, holder=holder, now=clock.now(), ttl=timedelta(seconds=max(LEASE_MIN_S, 3 * every))
        )


def _let_go(holder: str) -> None:
    with _LEASE_WRITES, rx.session() as session:
        due_store.let_go(session, holder=holder, now=clock.now())


async def scheduler(interval: float | None = None, holder: str | None = None) -> None:
    """Runs `run_due` every `interval` seconds while this process holds the lease, until cancelled; an error is
    logged, never raised."""
    every = settings.scheduler_interval if interval is None else interval
    if every <= 0:
        return
    me = holder or _holder()
    stop = threading.Event()
    try:
        await asyncio.sleep(min(FIRST_RUN_DELAY_S, every))
        while True:
            try:
                if await asyncio.to_thread(_lease, me, every):
                    await asyncio.to_thread(daily_checks)
                    await asyncio.to_thread(digest.run_digests)  # before the reminders: their hold links
                    report = await asyncio.to_thread(run_due, stop=stop)
                    await asyncio.to_thread(alerts.run_alert_mails)  # the failures this run just gave up on too
                    await asyncio.to_thread(followup.run_followups)  # after a workshop: one e-mail per lead
                    if report.claimed or report.promises_broken or report.stopped:
                        logger.info("reminder scheduler: %s", report.summary())
                # else another process holds the lease and runs the reminders: ask again at the next turn
            except Exception:
                logger.exception("reminder scheduler: the run failed; next try in %s s", every)
            await asyncio.sleep(every)
    except asyncio.CancelledError:
        stop.set()  # the app stops: a run still going in its thread ends after the e-mail in hand
        try:  # another process takes over at once rather than when the lease expires
            await asyncio.shield(asyncio.to_thread(_let_go, me))
        except Exception:
            logger.exception("reminder scheduler: the lease could not be let go; it expires by itself")
        raise


def daily_checks(today: date | None = None) -> tuple[int, int]:
    """Missed instalments of accepted plans, and escalations a professional failed or let expire (both
    idempotent: a second run the same day changes nothing). Returns (plans with a missed instalment, moved)."""
    day = today or clock.today()
    with rx.session() as session:
        missed = plan_store.check_all_plans(session, today=day)
        moved = escalation_store.sweep(session, today=day)
        session.commit()
    return missed, moved


def register_scheduler(app: Any) -> None:
    """Starts the scheduler with the app (a Reflex lifespan task), unless GUIDE_SCHEDULER_INTERVAL is 0."""
    if settings.scheduler_interval > 0:
        app.register_lifespan_task(scheduler)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m guide_app.jobs", description="Tâches de fond du guide.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run-due", help="envoie maintenant les relances dues (une passe)")
    run.add_argument("--now", type=datetime.fromisoformat, help="instant de référence ISO 8601 avec fuseau (tests)")
    args = parser.parse_args(argv)
    wiring.install()
    if args.command == "run-due":
        for stop_signal in (signal.SIGTERM, signal.SIGINT):  # an orderly stop: finish the e-mail in hand, then exit
            signal.signal(stop_signal, lambda *_: sending.STOP.set())
        missed, moved = daily_checks(args.now.date() if args.now else None)
        digests = digest.run_digests(args.now)
        report = run_due(args.now)
        mailed = alerts.run_alert_mails(args.now)
        followed = followup.run_followups(args.now)
        print(report.summary())
        print(f"alertes urgentes envoyées par e-mail {mailed.alerts}")
        print(f"e-mails de suivi d'atelier envoyés {followed.sent} · en échec {followed.failed}")
        print(f"points du matin envoyés {digests.sent} · sans nouvelle {digests.empty} · en échec {digests.failed}")
        print(f"échéanciers avec une échéance manquée {missed} · dossiers passés au professionnel suivant {moved}")
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    sys.exit(main())
