"""run_due against a real SMTP server on loopback (aiosmtpd) and a fresh SQLite database per test."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlmodel import Session, col, select

from guide_app.core.format import money
from guide_app.core.mail import SmtpConfig, SmtpMailer
from guide_app.core.settings import settings
from guide_app.models import CaseAction, CaseEvent, Dispute, OutboxMessage, Payment, PaymentPromise
from guide_app.reminders.due import CLAIM_TTL, MAX_ATTEMPTS, retry_delay
from guide_app.reminders.sending import run_due
from tests.integration.sending_fixtures import NOW, TODAY, build_case, mailer

YESTERDAY, TOMORROW = TODAY - timedelta(days=1), TODAY + timedelta(days=1)


def actions(engine, built) -> list[CaseAction]:
    with Session(engine) as session:
        rows = session.exec(select(CaseAction).where(CaseAction.case_id == built.case_id).order_by(col(CaseAction.id)))
        return list(rows)


def events(engine, built, kind: str | None = None) -> list[CaseEvent]:
    with Session(engine) as session:
        query = select(CaseEvent).where(CaseEvent.case_id == built.case_id).order_by(col(CaseEvent.id))
        return [event for event in session.exec(query) if kind is None or event.kind == kind]


def outbox(engine) -> list[OutboxMessage]:
    with Session(engine) as session:
        return list(session.exec(select(OutboxMessage).order_by(col(OutboxMessage.action_id))))


def test_a_due_email_arrives_once_with_its_content(engine, inbox):
    built = build_case(engine, actions=[("email", TODAY), ("email", TOMORROW), ("sms", TODAY), ("appel", TODAY)])
    report = run_due(NOW, sender=mailer(inbox), engine=engine)

    assert (report.sent, report.claimed, report.tasks, report.outbox) == (1, 1, 2, 0)
    [first] = inbox.messages
    rows = actions(engine, built)
    assert first["Subject"] == rows[0].subject
    assert first.get_content().replace("\r\n", "\n").strip() == rows[0].body.strip()
    assert first["To"] == "compta@client.example"
    assert first["From"] == "Atelier Dupont <relances@guide.example>"
    assert first["Reply-To"] == f"Atelier Dupont <patron{built.account_id}@atelier.example>"
    assert first["Message-ID"].startswith(f"<relance.{rows[0].id}.")
    assert [row.status for row in rows] == ["done", "scheduled", "scheduled", "scheduled"]
    assert rows[0].sent_at is not None and rows[0].claim_id is None
    [sent] = outbox(engine)
    assert (sent.action_id, sent.test_mode, sent.to_address, sent.actions) == (rows[0].id, False, first["To"], 1)
    assert events(engine, built, "sent")[0].text.startswith("Étape 1 : e-mail envoyé à compta@")

    again = run_due(NOW + timedelta(minutes=1), sender=mailer(inbox), engine=engine)
    assert (again.sent, again.claimed) == (0, 0)
    assert len(inbox.messages) == 1


def test_two_concurrent_runs_send_each_email_once(engine, inbox):
    built = [build_case(engine, email_address=f"client{i}@client.example") for i in range(40)]
    start = threading.Barrier(2)
    reports = []

    def run() -> None:
        start.wait()
        reports.append(run_due(NOW, sender=mailer(inbox), engine=engine))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(reports) == 2
    assert sum(report.sent for report in reports) == 40
    assert sorted(m["To"] for m in inbox.messages) == sorted(f"client{i}@client.example" for i in range(40))
    assert len({m["Message-ID"] for m in inbox.messages}) == 40
    assert all(actions(engine, b)[0].status == "done" for b in built)
    assert len(outbox(engine)) == 40


def test_a_refused_recipient_is_recorded_retried_with_backoff_then_given_up(engine, inbox):
    inbox.refused.add("inconnu@client.example")
    refused = build_case(engine, email_address="inconnu@client.example")
    fine = build_case(engine)

    report = run_due(NOW, sender=mailer(inbox), engine=engine)
    assert (report.sent, report.retrying, report.failed) == (1, 1, 0)
    assert len(inbox.to("compta@client.example")) == 1
    row = actions(engine, refused)[0]
    assert (row.status, row.attempts, row.claim_id) == ("scheduled", 1, None)
    assert "550" in row.failure_reason and row.failure_reason.startswith("Adresse refusée")
    assert row.next_attempt_at == NOW + timedelta(minutes=5)
    assert "tentative 1 sur 5" in events(engine, refused, "failed")[0].text

    # Not before the backoff delay.
    assert run_due(NOW + timedelta(minutes=4), sender=mailer(inbox), engine=engine).claimed == 0

    moment = NOW
    for attempt in range(2, MAX_ATTEMPTS + 1):
        moment += retry_delay(attempt - 1)
        report = run_due(moment, sender=mailer(inbox), engine=engine)
        assert report.claimed == 1
        assert actions(engine, refused)[0].attempts == attempt
    row = actions(engine, refused)[0]
    assert (row.status, row.failed_at, row.next_attempt_at) == ("failed", moment, None)
    assert report.failed == 1
    alerts = [e for e in events(engine, refused, "failed") if e.alert]
    assert len(alerts) == 1 and "non envoyé après 5 tentatives" in alerts[0].text
    assert run_due(moment + timedelta(days=2), sender=mailer(inbox), engine=engine).claimed == 0
    assert inbox.to("inconnu@client.example") == []
    assert actions(engine, fine)[0].status == "done"


def test_a_refused_recipient_accepted_later_is_sent_once(engine, inbox):
    inbox.refused.add("plein@client.example")
    built = build_case(engine, email_address="plein@client.example")
    run_due(NOW, sender=mailer(inbox), engine=engine)
    inbox.refused.clear()
    report = run_due(NOW + timedelta(minutes=5), sender=mailer(inbox), engine=engine)
    assert report.sent == 1
    row = actions(engine, built)[0]
    assert (row.status, row.attempts) == ("done", 1)
    run_due(NOW + timedelta(hours=1), sender=mailer(inbox), engine=engine)
    assert len(inbox.to("plein@client.example")) == 1


class Crash(BaseException):
    """The process dying: nothing below catches it."""


class CrashingMailer(SmtpMailer):
    def __init__(self, config, *, crash_on: int, after_send: bool = False) -> None:
        super().__init__(config)
        self.calls, self.crash_on, self.after_send = 0, crash_on, after_send

    def send(self, message) -> None:
        self.calls += 1
        if self.calls == self.crash_on and not self.after_send:
            raise Crash
        super().send(message)
        if self.calls == self.crash_on:
            raise Crash


def test_a_restart_mid_run_loses_nothing_and_duplicates_nothing(engine, inbox):
    built = [build_case(engine, email_address=f"client{i}@client.example") for i in range(3)]
    crashing = CrashingMailer(mailer(inbox).config, crash_on=2)
    with pytest.raises(Crash):
        run_due(NOW, sender=crashing, engine=engine)
    assert len(inbox.messages) == 1
    claimed = [b for b in built if actions(engine, b)[0].claim_id is not None]
    assert len(claimed) == 1  # the one being sent when the process died

    # The restarted app runs again a minute later: the rest goes, the claimed one waits for its claim to expire.
    report = run_due(NOW + timedelta(minutes=1), sender=mailer(inbox), engine=engine)
    assert report.sent == 1 and len(inbox.messages) == 2
    report = run_due(NOW + CLAIM_TTL + timedelta(minutes=1), sender=mailer(inbox), engine=engine)
    assert report.sent == 1
    assert sorted(m["To"] for m in inbox.messages) == sorted(f"client{i}@client.example" for i in range(3))
    assert all(actions(engine, b)[0].status == "done" for b in built)
    run_due(NOW + timedelta(hours=2), sender=mailer(inbox), engine=engine)
    assert len(inbox.messages) == 3


def test_the_documented_window_a_death_right_after_the_server_accepted_sends_again(engine, inbox):
    """The residual at-least-once window (see sending.py): the e-mail is not lost, it may go twice,
    with the same Message-ID."""
    build_case(engine)
    with pytest.raises(Crash):
        run_due(NOW, sender=CrashingMailer(mailer(inbox).config, crash_on=1, after_send=True), engine=engine)
    run_due(NOW + CLAIM_TTL + timedelta(minutes=1), sender=mailer(inbox), engine=engine)
    assert len(inbox.messages) == 2
    assert inbox.messages[0]["Message-ID"] == inbox.messages[1]["Message-ID"]


def test_an_action_already_in_the_outbox_is_marked_done_not_sent_again(engine, inbox):
    built = build_case(engine)
    action_id = built.action_ids[0]
    with Session(engine) as session:
        session.add(
            OutboxMessage(
                account_id=built.account_id,
                case_id=built.case_id,
                action_id=action_id,
                channel="email",
                to_address="compta@client.example",
                subject="s",
                body="b",
                test_mode=False,
                created_at=NOW,
            )
        )
        session.commit()
    report = run_due(NOW, sender=mailer(inbox), engine=engine)
    assert (report.already_sent, report.sent) == (1, 0)
    assert inbox.messages == [] and actions(engine, built)[0].status == "done"


def test_test_mode_writes_the_outbox_and_the_smtp_server_receives_nothing(engine, inbox):
    built = build_case(engine, live=False, actions=[("email", TODAY), ("email", TOMORROW)])
    report = run_due(NOW, sender=mailer(inbox), engine=engine)
    assert (report.outbox, report.sent, report.claimed) == (1, 0, 1)
    assert inbox.messages == []
    rows = actions(engine, built)
    assert [row.status for row in rows] == ["done", "scheduled"]
    assert rows[0].sent_at is None and rows[0].done_at == NOW
    kept = outbox(engine)
    assert [(m.action_id, m.test_mode, m.subject, m.body) for m in kept] == [
        (rows[0].id, True, rows[0].subject, rows[0].body)
    ]
    assert "mode test" in events(engine, built, "sent")[0].text
    assert run_due(NOW, sender=mailer(inbox), engine=engine).outbox == 0


def test_a_live_account_without_smtp_host_keeps_its_emails_in_the_outbox(engine, monkeypatch):
    monkeypatch.setattr(settings, "smtp_host", "")
    built = build_case(engine, live=True)
    report = run_due(NOW, engine=engine)
    assert report.outbox == 1
    assert outbox(engine)[0].test_mode is True
    assert "aucun serveur d'envoi" in events(engine, built, "sent")[0].text


def test_concurrent_runs_in_test_mode_write_each_outbox_row_once(engine):
    for i in range(120):
        build_case(engine, live=False, email_address=f"c{i}@client.example", actions=[("email", YESTERDAY)])
    reports = []
    threads = [threading.Thread(target=lambda: reports.append(run_due(NOW, engine=engine))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(report.outbox for report in reports) == 120
    assert len(outbox(engine)) == 120


def _add(engine, row) -> None:
    with Session(engine) as session:
        session.add(row)
        session.commit()


def test_paused_or_closed_cases_send_nothing(engine, inbox):
    promised = build_case(engine, email_address="promesse@client.example")
    _add(
        engine,
        PaymentPromise(
            account_id=promised.account_id,
            case_id=promised.case_id,
            amount_cents=240000,
            promised_for=TODAY,
            source="debtor",
            created_at=NOW - timedelta(days=3),
        ),
    )
    disputed = build_case(engine, email_address="litige@client.example")
    _add(
        engine,
        Dispute(
            account_id=disputed.account_id,
            case_id=disputed.case_id,
            reason="Livraison incomplète",
            source="debtor",
            created_at=NOW,
        ),
    )
    closed = build_case(engine, email_address="clos@client.example", case_status="closed")

    report = run_due(NOW, sender=mailer(inbox), engine=engine)
    assert (report.claimed, report.sent, report.tasks) == (0, 0, 0)
    assert inbox.messages == []
    assert all(actions(engine, b)[0].status == "scheduled" for b in (promised, disputed, closed))


def test_a_broken_promise_raises_an_alert_and_reminders_resume(engine, inbox):
    built = build_case(engine)
    _add(
        engine,
        PaymentPromise(
            account_id=built.account_id,
            case_id=built.case_id,
            amount_cents=240000,
            promised_for=YESTERDAY,
            source="owner",
            created_at=NOW - timedelta(days=5),
        ),
    )
    report = run_due(NOW, sender=mailer(inbox), engine=engine)
    assert (report.promises_broken, report.sent) == (1, 1)
    alert = events(engine, built, "promise")[0]
    expected = f"Promesse de paiement non tenue : {money(Decimal('2400'))} promis pour le 17/03/2026"
    assert alert.alert and expected in alert.text
    assert run_due(NOW, sender=mailer(inbox), engine=engine).promises_broken == 0  # alerted once


def test_a_promise_paid_as_promised_is_kept(engine, inbox):
    built = build_case(engine, actions=[("email", TOMORROW)])
    _add(
        engine,
        PaymentPromise(
            account_id=built.account_id,
            case_id=built.case_id,
            amount_cents=100000,
            promised_for=date(2026, 3, 20),
            source="debtor",
            created_at=NOW - timedelta(days=5),
        ),
    )
    _add(
        engine,
        Payment(
            account_id=built.account_id,
            case_id=built.case_id,
            amount_cents=100000,
            paid_on=TODAY,
            method="virement",
            created_at=NOW,
        ),
    )
    report = run_due(NOW, sender=mailer(inbox), engine=engine)
    assert (report.promises_kept, report.promises_broken) == (1, 0)
    with Session(engine) as session:
        assert session.exec(select(PaymentPromise.status)).one() == "kept"
    assert events(engine, built, "promise") == []


def test_tasks_and_emails_without_address_stay_scheduled_for_the_owner(engine, inbox):
    built = build_case(
        engine,
        email_address="",
        actions=[("email", TODAY), ("sms", TODAY), ("appel", TODAY), ("lrar", TODAY), ("professionnel", TODAY)],
    )
    report = run_due(NOW, sender=mailer(inbox), engine=engine)
    assert (report.tasks, report.claimed, report.sent) == (5, 0, 0)
    assert all(row.status == "scheduled" and row.claim_id is None for row in actions(engine, built))


def test_an_invalid_address_fails_at_once_with_an_alert(engine, inbox):
    built = build_case(engine, email_address="pas-une-adresse")
    report = run_due(NOW, sender=mailer(inbox), engine=engine)
    assert report.failed == 1
    row = actions(engine, built)[0]
    assert (row.status, row.attempts) == ("failed", 1)
    assert "invalide" in row.failure_reason
    assert events(engine, built, "failed")[0].alert


def test_an_unreachable_server_stops_the_run_after_one_recorded_failure(engine):
    built = [build_case(engine, email_address=f"c{i}@client.example") for i in range(3)]
    dead = SmtpMailer(SmtpConfig(host="127.0.0.1", port=9, sender="relances@guide.example", tls="none", timeout=2))
    report = run_due(NOW, sender=dead, engine=engine)
    assert report.retrying == 1 and report.stopped.startswith("Serveur d'envoi injoignable")
    assert [actions(engine, b)[0].attempts for b in built] == [1, 0, 0]
    assert all(actions(engine, b)[0].claim_id is None for b in built)
