"""The scheduler as a lifespan task of the app, and `python -m guide_app.jobs run-due`."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from sqlmodel import Session, select

from guide_app import jobs
from guide_app.collection.sending import RunReport
from guide_app.models import OutboxMessage
from tests.integration.sending_fixtures import build_case, fresh_engine

ROOT = Path(__file__).resolve().parents[2]


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

    def run_due() -> RunReport:
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
