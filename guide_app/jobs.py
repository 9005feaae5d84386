"""Background jobs: the reminder scheduler, inside the app and as a command for cron.

    python -m guide_app.jobs run-due      # one run now; prints a short report, exits 0

Inside the app, `register_scheduler(app)` adds a lifespan task that runs `run_due` every
GUIDE_SCHEDULER_INTERVAL seconds (0: off) in a worker thread, so the event loop never waits on SMTP or
the database. Several app workers, or the app and a cron job, may run it at the same time: claims make
that safe (see collection/sending.py).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import reflex as rx

from guide_app import wiring
from guide_app.core import clock
from guide_app.core.settings import settings
from guide_app.recourse import escalation_store, plan_store
from guide_app.reminders import sending
from guide_app.reminders.sending import RunReport, run_due

__all__ = ["RunReport", "main", "register_scheduler", "run_due", "scheduler"]

logger = logging.getLogger(__name__)

FIRST_RUN_DELAY_S = 5.0  # let the app finish starting first


async def scheduler(interval: float | None = None) -> None:
    """Runs `run_due` every `interval` seconds until cancelled; an error is logged, never raised."""
    every = settings.scheduler_interval if interval is None else interval
    if every <= 0:
        return
    await asyncio.sleep(min(FIRST_RUN_DELAY_S, every))
    stop = threading.Event()
    while True:
        try:
            await asyncio.to_thread(daily_checks)
            report = await asyncio.to_thread(run_due, stop=stop)
        except asyncio.CancelledError:
            stop.set()  # the app stops: a run still going in its thread ends after the e-mail in hand
            raise
        except Exception:
            logger.exception("reminder scheduler: the run failed; next try in %s s", every)
        else:
            if report.claimed or report.promises_broken or report.stopped:
                logger.info("reminder scheduler: %s", report.summary())
        await asyncio.sleep(every)


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
        report = run_due(args.now)
        print(report.summary())
        print(f"échéanciers avec une échéance manquée {missed} · dossiers passés au professionnel suivant {moved}")
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    sys.exit(main())
