"""PostgreSQL restarted, or the SMTP server down, while the scheduler sends (the PostgreSQL + Redis tier,
scripts/services.sh): every due e-mail reaches the SMTP server exactly once — none twice, none skipped — and each
is recorded in the outbox."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from guide_app.core.format import moment
from guide_app.core.mail import Mailer, SmtpConfig, SmtpMailer
from guide_app.models import CaseAction, OutboxMessage
from guide_app.reminders.due import retry_delay
from guide_app.reminders.outbox import messages_view
from guide_app.reminders.sending import DATABASE_DOWN, run_due
from tests.integration.sending_fixtures import (
    NOW,
    Inbox,
    build_case,
    free_port,
)

SERVICES = Path(__file__).resolve().parents[2] / "scripts" / "services.sh"
pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgresql"),
    reason="needs the PostgreSQL + Redis tier (scripts/services.sh start)",
)
DUE = 12


def restart_postgres() -> None:
    """An immediate stop (no checkpoint, every connection cut) and a start on the same data."""
    subprocess.run([str(SERVICES), "restart", "postgres"], check=True, capture_output=True, timeout=120)


class RestartAfterSend(Mailer):
    """The SMTP server accepts the message, then PostgreSQL restarts before the app can record it: the window."""

    def __init__(self, inner: SmtpMailer, at: int) -> None:
        self.inner, self.at, self.count = inner, at, 0
        self.from_address = inner.from_address

    def send(self, message) -> None:  # type: ignore[no-untyped-def]
        self.inner.send(message)
        self.count += 1
        if self.count == self.at:
            restart_postgres()

    def close(self) -> None:
        self.inner.close()


def test_postgresql_restarted_while_the_scheduler_sends_sends_each_email_once(engine: Engine, inbox: Inbox) -> None:
    for number in range(DUE):
        build_case(engine, email_address=f"compta{number}@client.example", debtor_name=f"Client {number}")
    smtp = SmtpMailer(SmtpConfig(host="127.0.0.1", port=inbox.port, sender="relances@guide.example", tls="none"))  # type: ignore[attr-defined]
    claims = 0

    def restart_before_the_eighth_claim(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        nonlocal claims
        if statement.startswith("UPDATE caseaction") and "RETURNING" in statement:  # a claim
            claims += 1
            if claims == 8:
                restart_postgres()  # this statement then runs on a connection the restart cut

    sa.event.listen(engine, "before_cursor_execute", restart_before_the_eighth_claim)
    first = run_due(NOW, sender=RestartAfterSend(smtp, at=4), engine=engine)
    sa.event.remove(engine, "before_cursor_execute", restart_before_the_eighth_claim)

    # The 4th e-mail was accepted just before the restart: recorded once the database was back. The 8th claim
    # failed with the restart: the run stopped there, in French, with nothing sent for it.
    assert (first.sent, first.stopped) == (7, DATABASE_DOWN)
    assert len(inbox.messages) == 7

    second = run_due(NOW, sender=smtp, engine=engine)
    assert (second.sent, second.already_sent, second.stopped) == (DUE - 7, 0, "")

    ids = [message["Message-ID"] for message in inbox.messages]
    assert len(ids) == DUE and len(set(ids)) == DUE  # none twice
    assert sorted(message["To"] for message in inbox.messages) == sorted(
        f"compta{number}@client.example" for number in range(DUE)
    )  # none skipped
    with Session(engine) as session:
        assert session.exec(select(sa.func.count(col(OutboxMessage.id)))).one() == DUE
        statuses = session.exec(select(CaseAction.status, CaseAction.claim_id)).all()
    assert statuses == [("done", None)] * DUE


def test_smtp_down_then_back_retries_with_backoff_shown_in_the_outbox_and_sends_each_email_once(
    engine: Engine,
) -> None:
    """The SMTP server stops answering in the middle of the morning and comes back: the run stops at the first
    failure (recorded, retried with backoff, listed in the outbox), the next runs send everything, once."""
    inbox = Inbox()
    port = free_port()
    for n in range(4):
        build_case(engine, email_address=f"compta{n}@client.example", debtor_name=f"Client {n}")
    smtp = SmtpMailer(SmtpConfig(host="127.0.0.1", port=port, sender="relances@guide.example", tls="none", timeout=2))

    down = run_due(NOW, sender=smtp, engine=engine)  # nothing listens on the port
    assert (down.sent, down.retrying) == (0, 1) and down.stopped.startswith("Serveur d'envoi injoignable")
    with Session(engine) as session:
        (waiting,) = session.exec(select(CaseAction).where(col(CaseAction.attempts) > 0)).all()
        view = messages_view(session, account_id=waiting.account_id)
    assert waiting.next_attempt_at is not None
    assert waiting.next_attempt_at.replace(tzinfo=UTC) == NOW + retry_delay(1)  # backoff: not before 5 minutes
    assert [row.next_try for row in view.retrying] == [moment(NOW + retry_delay(1))]
    assert view.messages == []

    controller = Controller(inbox, hostname="127.0.0.1", port=port)  # the server is back
    controller.start()
    try:
        back = run_due(NOW + timedelta(minutes=1), sender=smtp, engine=engine)
        assert back.sent == 3  # the three that never tried; the first waits for its backoff
        later = run_due(NOW + retry_delay(1), sender=smtp, engine=engine)
        assert later.sent == 1
        assert run_due(NOW + timedelta(hours=1), sender=smtp, engine=engine).claimed == 0
    finally:
        controller.stop()

    ids = [message["Message-ID"] for message in inbox.messages]
    assert len(ids) == 4 and len(set(ids)) == 4
    assert sorted(str(m["To"]) for m in inbox.messages) == [f"compta{n}@client.example" for n in range(4)]
    with Session(engine) as session:
        view = messages_view(session, account_id=waiting.account_id)
    assert view.retrying == [] and len(view.messages) == 1  # this account's one e-mail, sent at the second try
