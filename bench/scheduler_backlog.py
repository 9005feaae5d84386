"""Times the reminder scheduler (run_due) over 10 000 cases of ~6 actions each, on a fresh migrated SQLite file.

The data look like a day in production: 100 accounts in test mode (the run writes the in-app outbox, no
SMTP); each case's oldest due date falls between 45 days ago and 30 days ahead; its six actions follow the
typical scenario (D-7 e-mail, D+3 e-mail, D+10 e-mail and call, D+20 SMS, D+30 registered letter); actions
dated before today were done by earlier runs, except a backlog share still waiting (--backlog, 2 %);
3 % of cases are closed, 2 % disputed, 3 % paused by a promise and 1 % hold a promise broken yesterday.

It prints, for a first run (the due actions go out), a second run (nothing left to do), and optionally a live
run through an SMTP server on loopback (--live N e-mails, aiosmtpd): the time per run and rows per second.
Never asserts a time. Run: python bench/scheduler_backlog.py [--cases 10000] [--backlog 0.02] [--live 500]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)
_DB = Path(tempfile.mkdtemp(prefix="guide-bench-")) / "bench.db"
os.environ["DATABASE_URL"] = f"sqlite:///{_DB}"

import sqlalchemy as sa  # noqa: E402
from reflex.model import get_engine, migrate  # noqa: E402
from sqlmodel import Session, col, func, select  # noqa: E402

import guide_app.models as m  # noqa: E402
from guide_app.reminders.sending import RunReport, run_due  # noqa: E402

NOW = datetime(2026, 3, 18, 9, 0, tzinfo=UTC)  # a Wednesday, 10:00 in Paris
TODAY = date(2026, 3, 18)
STEPS = [(-7, "email"), (3, "email"), (10, "email"), (10, "appel"), (20, "sms"), (30, "lrar")]
BODY = (
    "Bonjour Claire Martin,\n\nSauf erreur de notre part, la facture F-2026-{n:05d} d'un montant de 2 400,00 €, "
    "échue le {due}, reste impayée.\n\nPaiement en ligne : https://guide.example/d/{n}\n\nCordialement,\nAtelier {a}"
)


def populate(engine: sa.Engine, cases: int, backlog: float, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    created = NOW - timedelta(days=60)
    accounts = [
        {"id": a, "company_name": f"Atelier {a}", "siren": "732829320", "created_at": created, "live": False}
        for a in range(1, 101)
    ]
    debtors, rows_cases, invoices, actions, promises, disputes = [], [], [], [], [], []
    action_id = 0
    for n in range(1, cases + 1):
        account = accounts[n % 100]["id"]
        anchor = TODAY + timedelta(days=rng.randint(-45, 30))
        debtors.append(
            {
                "id": n,
                "account_id": account,
                "company_name": f"Client {n}",
                "contact_name": "Claire Martin",
                "email": "" if rng.random() < 0.05 else f"compta{n}@client.example",
                "phone": "0612345678",
                "risk_category": "standard",
            }
        )
        draw = rng.random()
        rows_cases.append(
            {
                "id": n,
                "account_id": account,
                "debtor_id": n,
                "status": "closed" if draw < 0.03 else "open",
                "terms_days": 30,
                "terms_end_of_month": False,
                "created_at": created,
                "debtor_token": f"t{n}",
            }
        )
        if 0.03 <= draw < 0.05:
            disputes.append(
                {"account_id": account, "case_id": n, "reason": "Litige", "source": "debtor", "created_at": created}
            )
        elif 0.05 <= draw < 0.09:
            broken = draw < 0.06
            promises.append(
                {
                    "account_id": account,
                    "case_id": n,
                    "amount_cents": 240000,
                    "promised_for": TODAY - timedelta(days=1) if broken else TODAY + timedelta(days=5),
                    "source": "debtor",
                    "status": "pending",
                    "created_at": NOW - timedelta(days=7),
                }
            )
        invoices.append(
            {
                "account_id": account,
                "case_id": n,
                "number": f"F-2026-{n:05d}",
                "issue_date": anchor - timedelta(days=30),
                "due_date": anchor,
                "amount_ht_cents": 200000,
                "vat_rate_bp": 2000,
                "amount_ttc_cents": 240000,
            }
        )
        for position, (offset, channel) in enumerate(STEPS):
            action_id += 1
            when = anchor + timedelta(days=offset)
            waiting = when == TODAY or (when > TODAY) or rng.random() < backlog
            actions.append(
                {
                    "id": action_id,
                    "account_id": account,
                    "case_id": n,
                    "step_position": position,
                    "name": f"J{offset:+d}",
                    "channel": channel,
                    "tone": "rappel",
                    "scheduled_for": when,
                    "status": "scheduled" if waiting else "done",
                    "subject": f"Rappel : facture F-2026-{n:05d}",
                    "body": BODY.format(n=n, due=anchor.strftime("%d/%m/%Y"), a=account),
                    "created_at": created,
                    "attempts": 0,
                    "outcome": "",
                }
            )
    with engine.begin() as connection:
        for table, rows in (
            (m.Account, accounts),
            (m.Debtor, debtors),
            (m.CollectionCase, rows_cases),
            (m.Invoice, invoices),
            (m.CaseAction, actions),
            (m.PaymentPromise, promises),
            (m.Dispute, disputes),
        ):
            if rows:
                connection.execute(sa.insert(table), rows)
    return {"cases": cases, "actions": len(actions)}


def print_run(title: str, report: RunReport, actions: int) -> None:
    written = report.outbox + report.sent + report.retrying + report.failed
    print(
        f"{title}: {report.seconds:.2f} s — {report.claimed} claimed, {report.outbox} outbox, {report.sent} sent, "
        f"{report.tasks} owner tasks, {report.promises_broken} promises broken; "
        f"{written / report.seconds if report.seconds else 0:,.0f} messages/s, "
        f"{actions / report.seconds if report.seconds else 0:,.0f} actions in the table/s"
    )


def live_run(engine: sa.Engine, count: int) -> None:
    """`count` due e-mails of a live account, sent to aiosmtpd on loopback."""
    from guide_app.core.mail import SmtpConfig, SmtpMailer
    from tests.integration.sending_fixtures import Inbox, smtp_server

    with Session(engine) as session:
        session.execute(sa.update(m.Account).where(col(m.Account.id) == 1).values(live=True))
        ids = session.exec(select(m.CaseAction.id).where(m.CaseAction.account_id == 1)).all()
        session.execute(
            sa.update(m.CaseAction)
            .where(col(m.CaseAction.id).in_(list(ids)[:count]), col(m.CaseAction.channel) == "email")
            .values(status="scheduled", scheduled_for=TODAY, claim_id=None)
        )
        session.execute(sa.delete(m.OutboxMessage).where(col(m.OutboxMessage.account_id) == 1))
        session.commit()
    inbox = Inbox()
    controller = smtp_server(inbox)
    try:
        config = SmtpConfig(host="127.0.0.1", port=controller.port, sender="relances@guide.example", tls="none")
        report = run_due(NOW + timedelta(minutes=2), sender=SmtpMailer(config), engine=engine)
    finally:
        controller.stop()
    print_run("live run (SMTP on loopback)", report, 0)
    per = report.seconds / report.sent * 1000 if report.sent else 0
    print(f"  {len(inbox.messages)} e-mails received by the server, {per:.1f} ms per e-mail (claim, send, record)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--backlog", type=float, default=0.02, help="share of past actions still waiting")
    parser.add_argument("--live", type=int, default=0, help="also send this many e-mails through SMTP on loopback")
    args = parser.parse_args()

    assert migrate(), "migrations must apply"
    engine = get_engine()
    started = time.perf_counter()
    sizes = populate(engine, args.cases, args.backlog)
    took = time.perf_counter() - started
    print(f"database: {_DB} — {sizes['cases']:,} cases, {sizes['actions']:,} actions ({took:.1f} s)")
    with Session(engine) as session:
        waiting = session.exec(
            select(func.count()).where(m.CaseAction.status == "scheduled", col(m.CaseAction.scheduled_for) <= TODAY)
        ).one()
    print(f"actions scheduled on or before today: {waiting:,}")
    print_run("first run (due actions go out)", run_due(NOW, engine=engine), sizes["actions"])
    print_run("second run (nothing due)", run_due(NOW + timedelta(minutes=1), engine=engine), sizes["actions"])
    if args.live:
        live_run(engine, args.live)
    print(f"database file: {_DB.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
