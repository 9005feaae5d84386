"""The "Relances e-mail" page: what each account's reminders said, test mode vs real sending, waiting retries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import reflex as rx
from sqlmodel import select

from guide_app.core import clock, routes
from guide_app.core.mail import SmtpConfig, SmtpMailer
from guide_app.models import Account, CaseAction
from guide_app.reminders import sending
from guide_app.reminders.outbox_state import OutboxState
from tests.integration.owners import sub, two_accounts
from tests.integration.sending_fixtures import Inbox, smtp_server

NOW = clock.now()


def _page(root: rx.State) -> OutboxState:
    page = sub(root, OutboxState)
    assert OutboxState.load.fn(page) is None
    return page


def _live(account_id: int) -> bool:
    with rx.session() as session:
        account = session.get(Account, account_id)
        assert account is not None
        return account.live


def test_test_mode_messages_are_listed_as_not_sent_and_only_to_their_owner():
    (first, _, _), (second, _, _) = two_accounts()
    sending.run_due(NOW + timedelta(days=25))  # the first reminders are due, nothing leaves (test mode)
    page, other = _page(first), _page(second)
    assert page.view.total >= 1 and not page.live
    message = page.view.messages[0]
    assert message.debtor == "Boulangerie Martin SARL" and message.recipient == "compta@client.fr"
    assert not message.sent and message.subject and "A-0" in message.body
    assert message.href.startswith(f"{routes.ACCOUNT}/dossiers/")
    assert all(m.debtor == "Client Confidentiel SAS" for m in other.view.messages)
    assert "Boulangerie" not in str(other.view)


def test_going_live_needs_the_box_ticked_then_reminders_really_leave(monkeypatch):
    (root, account_id, _), _ = two_accounts()
    page = _page(root)
    for form in ({}, {"confirm_live": "off"}, {"confirm_live": ["on"]}, {"confirm_live": "<script>"}):
        OutboxState.go_live.fn(page, form)
        assert page.confirm_error.startswith("Cochez la case") and not page.live and not _live(account_id)

    OutboxState.go_live.fn(page, {"confirm_live": "on"})
    assert page.live and _live(account_id) and page.confirm_error == ""
    assert not page.mailer_ready  # no SMTP host in the tests' settings: the page says so

    inbox = Inbox()
    controller = smtp_server(inbox)
    try:
        config = SmtpConfig(host="127.0.0.1", port=controller.port, sender="relances@guide.example", tls="none")
        sending.run_due(NOW + timedelta(days=25), sender=SmtpMailer(config))
    finally:
        controller.stop()
    OutboxState.load.fn(page)
    sent = [m for m in page.view.messages if m.sent and m.debtor == "Boulangerie Martin SARL"]
    assert sent and len(inbox.to("compta@client.fr")) >= len(sent)
    assert {m["Subject"] for m in inbox.to("compta@client.fr")} >= {m.subject for m in sent}

    OutboxState.go_test.fn(page)
    assert not page.live and not _live(account_id)


def test_a_refused_send_waits_for_its_retry_on_the_page():
    (root, _, case), _ = two_accounts()
    with rx.session() as session:
        scheduled = select(CaseAction).where(CaseAction.case_id == case.id, CaseAction.status == "scheduled")
        action = session.exec(scheduled).first()
        assert action is not None
        action.attempts, action.failure_reason = 1, "550 5.1.1 Utilisateur inconnu"
        action.next_attempt_at = datetime(2026, 3, 18, 9, 15, tzinfo=UTC)
        session.add(action)
        session.commit()
    page = _page(root)
    assert [(r.reason, r.next_try) for r in page.view.retrying] == [
        ("550 5.1.1 Utilisateur inconnu", "18/03/2026 à 10:15")  # shown in Paris time
    ]


def test_signed_out_visitors_go_to_sign_in(new_browser):
    page = sub(new_browser(), OutboxState)
    load, go_live, go_test = OutboxState.load.fn, OutboxState.go_live.fn, OutboxState.go_test.fn
    for spec in (load(page), go_live(page, {"confirm_live": "on"}), go_test(page)):
        assert routes.SIGN_IN in str(spec)
