"""A real SMTP server on loopback (aiosmtpd), a fresh database per test, and cases built as rows."""

from __future__ import annotations

import email
import email.policy
import os
import socket
import tempfile
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import sqlalchemy as sa
from aiosmtpd.controller import Controller
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, SQLModel, create_engine

from guide_app.core.mail import SmtpConfig, SmtpMailer
from guide_app.models import Account, CaseAction, CollectionCase, Debtor, Invoice, User

# Wednesday 18 March 2026, 10:00 in Paris.
NOW = datetime(2026, 3, 18, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 18)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Inbox:
    """What the SMTP server accepted; it answers 550 for every address in `refused`."""

    refused: set[str] = field(default_factory=set)
    messages: list[EmailMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # aiosmtpd hook
        if address in self.refused:
            return "550 5.1.1 Utilisateur inconnu"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd hook
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def mailer(inbox: Inbox) -> SmtpMailer:
    """A mailer to the loopback server of `inbox` (see the `inbox` fixture of tests/integration/reminders)."""
    return SmtpMailer(SmtpConfig(host="127.0.0.1", port=inbox.port, sender="relances@guide.example", tls="none"))  # type: ignore[attr-defined]


def text_of(message: EmailMessage) -> str:
    return str(message.get_content()).replace("\r\n", "\n")


def smtp_server(inbox: Inbox) -> Controller:
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller


def fresh_engine() -> Engine:
    """A database of the suite's kind with the app's tables and no row (see empty_engine)."""
    engine = empty_engine()
    SQLModel.metadata.create_all(engine)
    return engine


def empty_engine() -> Engine:
    """An empty database of the suite's kind: a new SQLite file, or, on the PostgreSQL tier (DATABASE_URL set
    to a PostgreSQL server, see scripts/test.sh), a new database on that server."""
    url = make_url(os.environ.get("DATABASE_URL", "sqlite://"))
    if url.get_backend_name() == "postgresql":
        name = f"guide_sending_{uuid.uuid4().hex[:12]}"
        server = create_engine(url, isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        server.dispose()
        engine = create_engine(url.set(database=name))
    else:
        path = Path(tempfile.mkdtemp(prefix="guide-sending-")) / "sending.db"
        engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    return engine


def drop_engine(engine: Engine) -> None:
    """Closes the engine's connections and, on PostgreSQL, drops the database fresh_engine made."""
    engine.dispose()
    if engine.url.get_backend_name() == "postgresql":
        server = create_engine(engine.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE "{engine.url.database}"'))
        server.dispose()


@dataclass
class Built:
    case_id: int
    account_id: int
    action_ids: list[int]
    debtor_id: int = 0


def build_case(
    engine: Engine,
    *,
    live: bool = True,
    email_address: str = "compta@client.example",
    actions: list[tuple[str, date]] | None = None,
    company: str = "Atelier Dupont",
    debtor_name: str = "Boulangerie Martin",
    case_status: str = "open",
    phone: str = "06 12 34 56 78",
    digest_hour: int | None = None,
) -> Built:
    """An account (with its owner), a debtor, an open case, one invoice and its actions (channel, date). No morning
    digest unless `digest_hour` is given."""
    planned = actions if actions is not None else [("email", TODAY)]
    with Session(engine) as session:
        account = Account(company_name=company, siren="732829320", created_at=NOW, live=live)
        session.add(account)
        session.flush()
        account.digest_hour = digest_hour  # an INSERT of None would take the column's default (8 h)
        session.add(account)
        session.flush()
        assert account.id is not None
        session.add(
            User(
                account_id=account.id,
                email=f"patron{account.id}@atelier.example",
                contact_name="Jean Dupont",
                password_hash="x",
                created_at=NOW,
            )
        )
        debtor = Debtor(
            account_id=account.id,
            company_name=debtor_name,
            contact_name="Claire Martin",
            email=email_address,
            phone=phone,
        )
        session.add(debtor)
        session.flush()
        assert debtor.id is not None
        case = CollectionCase(
            account_id=account.id, debtor_id=debtor.id, terms_days=30, created_at=NOW, status=case_status
        )
        session.add(case)
        session.flush()
        assert case.id is not None
        rows = _invoice_and_actions(session, case, planned, company=company)
        session.commit()
        return Built(case.id, account.id, [row.id for row in rows if row.id is not None], debtor.id)


def _invoice_and_actions(
    session: Session,
    case: CollectionCase,
    planned: list[tuple[str, date]],
    *,
    company: str,
    ttc_cents: int = 240000,
    due: date = date(2026, 2, 14),
    tone: str = "rappel",
) -> list[CaseAction]:
    assert case.id is not None
    session.add(
        Invoice(
            account_id=case.account_id,
            case_id=case.id,
            number=f"F-2026-{case.id:03d}",
            issue_date=due - timedelta(days=30),
            due_date=due,
            amount_ht_cents=ttc_cents * 5 // 6,
            vat_rate_bp=2000,
            amount_ttc_cents=ttc_cents,
        )
    )
    rows = []
    for position, (channel, when) in enumerate(planned):
        row = CaseAction(
            account_id=case.account_id,
            case_id=case.id,
            step_position=position,
            name=f"Étape {position + 1}",
            channel=channel,
            tone=tone,
            scheduled_for=when,
            subject=f"Rappel : facture F-2026-{case.id:03d} (étape {position + 1})",
            body=f"Bonjour Claire Martin,\n\nLa facture F-2026-{case.id:03d} reste impayée.\n"
            f"Étape {position + 1}.\n\nCordialement,\n{company}",
            created_at=NOW - timedelta(days=40),
        )
        session.add(row)
        rows.append(row)
    return rows


def add_case(
    engine: Engine,
    built: Built,
    *,
    ttc_cents: int,
    due: date,
    tone: str = "rappel",
    actions: list[tuple[str, date]] | None = None,
) -> Built:
    """Another open case of the same debtor (one invoice of `ttc_cents` due on `due`), with its actions."""
    with Session(engine) as session:
        case = CollectionCase(account_id=built.account_id, debtor_id=built.debtor_id, terms_days=30, created_at=NOW)
        session.add(case)
        session.flush()
        assert case.id is not None
        planned = actions if actions is not None else [("email", TODAY)]
        rows = _invoice_and_actions(
            session, case, planned, company="Atelier Dupont", ttc_cents=ttc_cents, due=due, tone=tone
        )
        session.commit()
        return Built(case.id, built.account_id, [row.id for row in rows if row.id is not None], built.debtor_id)
