"""The owner's week at scale (issue « The owner's week »): 200 accounts × 50 clients × 4 invoices, each invoice in a
case of its own (40 000 cases, the hardest shape for « one message per client »), on a fresh migrated database.

A Wednesday: the morning digests leave at 08:00 (Paris), then the scheduler runs at 10:00. Per client: 60 % have
their 4 invoices due for a reminder today (one grouped message), 20 % one invoice (one message), 20 % nothing
today; a client in ten also has a call to make. It prints the time of the digest pass and of the scheduler pass,
messages written against clients due (goal: exactly one per client due, never two for one address), digests sent,
and the peak memory (the process's max RSS). Never asserts a time.

    python bench/scheduler.py                                  # SQLite (a temp file)
    python bench/scheduler.py --database postgresql://…/postgres  # a new database on that server, dropped after
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)


def _database(argv: list[str]) -> tuple[str, str]:
    """(URL of the database to fill, URL of its server to drop it afterwards or "")."""
    if "--database" in argv:
        server = argv[argv.index("--database") + 1]
        import sqlalchemy as sa
        from sqlalchemy.engine import make_url

        name = f"guide_week_{uuid.uuid4().hex[:10]}"
        engine = sa.create_engine(server, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return make_url(server).set(database=name).render_as_string(hide_password=False), server
    return f"sqlite:///{Path(tempfile.mkdtemp(prefix='guide-week-')) / 'week.db'}", ""


DATABASE_URL, SERVER_URL = _database(sys.argv)
os.environ["DATABASE_URL"] = DATABASE_URL

import sqlalchemy as sa  # noqa: E402
from reflex.model import get_engine, migrate  # noqa: E402
from sqlmodel import Session, col, func, select  # noqa: E402

import guide_app.models as m  # noqa: E402
from guide_app import wiring  # noqa: E402
from guide_app.core.mail import SmtpConfig, SmtpMailer  # noqa: E402
from guide_app.reminders.digest import run_digests  # noqa: E402
from guide_app.reminders.sending import run_due  # noqa: E402
from tests.integration.sending_fixtures import Inbox, smtp_server  # noqa: E402

MORNING = datetime(2026, 3, 18, 7, 0, tzinfo=UTC)  # Wednesday 18 March 2026, 08:00 in Paris
NOW = datetime(2026, 3, 18, 9, 0, tzinfo=UTC)  # 10:00 in Paris: messages may leave
TODAY = date(2026, 3, 18)
ACCOUNTS, CLIENTS, INVOICES = 200, 50, 4


def populate(engine: sa.Engine, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    created = NOW - timedelta(days=90)
    accounts, users, debtors, cases, invoices, actions = [], [], [], [], [], []
    due_clients = 0
    for a in range(1, ACCOUNTS + 1):
        accounts.append(
            {"id": a, "company_name": f"Atelier {a}", "siren": "732829320", "created_at": created, "live": False}
        )
        users.append(
            {
                "id": a,
                "account_id": a,
                "email": f"patron{a}@atelier.example",
                "contact_name": f"Patron {a}",
                "password_hash": "x",
                "role": "owner",
                "created_at": created,
            }
        )
        for c in range(CLIENTS):
            debtor = len(debtors) + 1
            debtors.append(
                {
                    "id": debtor,
                    "account_id": a,
                    "company_name": f"Client {a}-{c}",
                    "contact_name": "Claire Martin",
                    "email": f"compta{debtor}@client.example",
                    "phone": "0612345678",
                    "risk_category": "standard",
                    "kind": "professionnel",
                }
            )
            draw = rng.random()
            due_today = INVOICES if draw < 0.6 else (1 if draw < 0.8 else 0)
            due_clients += due_today > 0
            for i in range(INVOICES):
                case = len(cases) + 1
                anchor = TODAY - timedelta(days=rng.randint(5, 60))
                cases.append(
                    {
                        "id": case,
                        "account_id": a,
                        "debtor_id": debtor,
                        "status": "open",
                        "terms_days": 30,
                        "terms_end_of_month": False,
                        "created_at": created,
                        "debtor_token": f"t{case}",
                    }
                )
                invoices.append(
                    {
                        "account_id": a,
                        "case_id": case,
                        "number": f"F-{case:06d}",
                        "issue_date": anchor - timedelta(days=30),
                        "due_date": anchor,
                        "amount_ht_cents": rng.randint(100, 5000) * 100,
                        "vat_rate_bp": 2000,
                        "amount_ttc_cents": 0,
                    }
                )
                today = i < due_today
                steps = [("email", TODAY if today else TODAY + timedelta(days=7), "rappel" if i % 2 else "ferme")]
                if today and i == 0 and rng.random() < 0.1:
                    steps.append(("appel", TODAY, "ferme"))
                for position, (channel, when, tone) in enumerate(steps):
                    actions.append(
                        {
                            "account_id": a,
                            "case_id": case,
                            "step_position": position,
                            "kind": "step",
                            "name": "Relance" if channel == "email" else "Appel",
                            "channel": channel,
                            "tone": tone,
                            "scheduled_for": when,
                            "status": "scheduled",
                            "subject": f"Rappel : facture F-{case:06d}",
                            "body": f"Bonjour,\n\nLa facture F-{case:06d} reste impayée.\n\nCordialement,\nAtelier {a}",
                            "created_at": created,
                            "attempts": 0,
                            "outcome": "",
                        }
                    )
    for row in invoices:
        row["amount_ttc_cents"] = row["amount_ht_cents"] * 6 // 5
    with engine.begin() as connection:
        for table, rows in (
            (m.Account, accounts),
            (m.User, users),
            (m.Debtor, debtors),
            (m.CollectionCase, cases),
            (m.Invoice, invoices),
            (m.CaseAction, actions),
        ):
            for start in range(0, len(rows), 5000):
                connection.execute(sa.insert(table), rows[start : start + 5000])
    return {"cases": len(cases), "invoices": len(invoices), "actions": len(actions), "due_clients": due_clients}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="", help="a PostgreSQL server URL; default: a temp SQLite file")
    parser.parse_args()
    assert migrate(), "migrations must apply"
    wiring.install()
    engine = get_engine()
    started = time.perf_counter()
    sizes = populate(engine)
    kind = engine.url.get_backend_name()
    print(
        f"{kind}: {ACCOUNTS} accounts × {CLIENTS} clients × {INVOICES} invoices = {sizes['invoices']:,} invoices in "
        f"{sizes['cases']:,} cases, {sizes['actions']:,} actions ({time.perf_counter() - started:.1f} s to fill)"
    )
    inbox = Inbox()
    controller = smtp_server(inbox)
    config = SmtpConfig(host="127.0.0.1", port=controller.port, sender="point@guide.example", tls="none")
    try:
        started = time.perf_counter()
        digests = run_digests(MORNING, sender=SmtpMailer(config), engine=engine)
        digest_s = time.perf_counter() - started
        report = run_due(NOW, engine=engine)
        again = run_due(NOW + timedelta(minutes=1), engine=engine)
    finally:
        controller.stop()
    with Session(engine) as session:
        messages = session.exec(select(func.count(col(m.OutboxMessage.id)))).one()
        per_address = session.exec(
            select(func.max(func.coalesce(m.OutboxMessage.to_address, "")), func.count())
            .group_by(col(m.OutboxMessage.to_address))
            .having(func.count() > 1)
        ).all()
        carried = session.exec(select(func.sum(m.OutboxMessage.actions))).one()
    print(f"digest pass (08:00): {digest_s:.2f} s — {digests.sent} digests sent, {len(inbox.messages)} received")
    print(
        f"scheduler pass (10:00): {report.seconds:.2f} s — {report.claimed:,} actions claimed, {report.outbox:,} "
        f"messages written ({report.grouped:,} actions carried by another's message), {report.tasks:,} owner tasks"
    )
    print(f"second pass (nothing left): {again.seconds:.2f} s, {again.claimed} claimed")
    verdict = "exactly one per client due" if messages == sizes["due_clients"] and not per_address else "MISMATCH"
    print(
        f"messages {messages:,} vs clients due {sizes['due_clients']:,}: {verdict}; addresses with two messages: "
        f"{len(per_address)}; actions carried {carried:,}"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {rss:.0f} Mo max RSS (the whole process: data generation, digests and both passes)")
    engine.dispose()
    if SERVER_URL:
        server = sa.create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE "{engine.url.database}"'))
        server.dispose()


if __name__ == "__main__":
    main()
