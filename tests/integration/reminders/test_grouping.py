"""One message per client and per day, against a real SMTP server on loopback, and the thank-you after payment."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import Session, col, select

from guide_app import wiring
from guide_app.cases import lifecycle
from guide_app.cases.ledger import combine
from guide_app.core.format import money
from guide_app.models import Account, CaseAction, CaseEvent, CollectionCase, Debtor, OutboxMessage
from guide_app.reminders.grouping import recipient_day
from guide_app.reminders.sending import run_due
from tests.integration.sending_fixtures import NOW, TODAY, add_case, build_case, mailer, text_of

THURSDAY = date(2026, 3, 19)  # the business day after TODAY (Wednesday 18 March 2026)


def three_cases(engine, *, live: bool = True, kind: str = "professionnel"):
    """One client with three overdue invoices in three cases, each with a reminder due today (tones: rappel,
    ferme, rappel), and another client of the same account with one reminder due today."""
    first = build_case(engine, live=live)
    if kind != "professionnel":
        with Session(engine) as session:
            debtor = session.get(Debtor, first.debtor_id)
            debtor.kind = kind
            session.add(debtor)
            session.commit()
    second = add_case(engine, first, ttc_cents=120000, due=date(2026, 3, 1), tone="ferme")
    third = add_case(engine, first, ttc_cents=60000, due=date(2026, 3, 10))
    return first, second, third


def ledger_figures(engine, case_ids) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    with Session(engine) as session:
        owed = combine(
            [lifecycle.case_ledger(session, case=session.get(CollectionCase, i), on=TODAY) for i in case_ids]
        )
    return owed.principal, owed.interest, owed.indemnity, owed.due


def test_three_due_invoices_of_one_client_leave_as_one_message_with_the_ledgers_amounts(engine, inbox):
    cases = three_cases(engine)
    report = run_due(NOW, sender=mailer(inbox), engine=engine)

    assert (report.sent, report.claimed, report.grouped) == (1, 3, 2)
    [message] = inbox.messages
    body = text_of(message)
    assert message["To"] == "compta@client.example"
    assert message["Subject"].startswith("Factures F-2026-")  # the firm text: one action was « ferme »
    for case, amount, due in zip(
        cases, ("2 400,00", "1 200,00", "600,00"), ("14/02/2026", "01/03/2026", "10/03/2026"), strict=True
    ):
        assert f"- Facture F-2026-{case.case_id:03d}, échue le {due}" in body
        assert f"{money(Decimal(amount.replace(' ', '').replace(',', '.')))}" in body
    principal, interest, indemnity, due = ledger_figures(engine, [c.case_id for c in cases])
    assert principal == Decimal("4200.00")
    assert f"Montant total restant dû : {money(principal)}." in body
    assert f"s'élèvent à ce jour à {money(interest)}" in body and f"soit {money(indemnity)}" in body
    assert indemnity == Decimal(120)  # 40 € for each of the three late invoices (D441-5)
    assert f"La somme due s'élève ainsi à {money(due)}." in body
    assert "articles L441-10 et D441-5 du Code de commerce" in body

    with Session(engine) as session:
        rows = session.exec(select(CaseAction).order_by(col(CaseAction.id))).all()
        [kept] = session.exec(select(OutboxMessage)).all()
        sent_events = session.exec(select(CaseEvent).where(CaseEvent.kind == "sent")).all()
    assert all(row.status == "done" and row.sent_at == NOW for row in rows)
    assert (kept.action_id, kept.actions) == (rows[0].id, 3)
    assert kept.recipient_day == recipient_day(cases[0].account_id, "compta@client.example", TODAY)
    assert message["Message-ID"].startswith(f"<relance.{rows[0].id}.")
    assert sorted(event.case_id for event in sent_events) == [c.case_id for c in cases]
    assert all("Un seul message pour les 3 relances" in event.text for event in sent_events)


def test_a_consumer_client_gets_the_grouped_text_without_professional_penalties(engine, inbox):
    three_cases(engine, kind="particulier")
    run_due(NOW, sender=mailer(inbox), engine=engine)
    body = text_of(inbox.messages[0])
    assert "L441-10" not in body and "pénalités" not in body and "indemnité" not in body
    assert "Montant total restant dû : 4 200,00" in body.replace("\u202f", " ").replace("\xa0", " ")


def test_a_public_buyer_gets_the_public_procurement_articles(engine, inbox):
    three_cases(engine, kind="public")
    run_due(NOW, sender=mailer(inbox), engine=engine)
    body = text_of(inbox.messages[0])
    assert "L2192-13" in body and "intérêts moratoires" in body and "L441-10" not in body


def test_in_test_mode_the_outbox_keeps_one_grouped_message(engine, inbox):
    three_cases(engine, live=False)
    report = run_due(NOW, sender=mailer(inbox), engine=engine)
    assert (report.outbox, report.sent, report.grouped) == (1, 0, 2)
    assert inbox.messages == []
    with Session(engine) as session:
        [kept] = session.exec(select(OutboxMessage)).all()
    assert kept.actions == 3 and kept.test_mode and "- Facture F-2026-" in kept.body


def test_an_action_due_after_todays_message_waits_for_the_next_business_day(engine, inbox):
    first = build_case(engine)
    assert run_due(NOW, sender=mailer(inbox), engine=engine).sent == 1
    late = add_case(engine, first, ttc_cents=50000, due=date(2026, 3, 2))  # a case entered in the afternoon

    report = run_due(NOW + timedelta(hours=4), sender=mailer(inbox), engine=engine)
    assert (report.sent, report.deferred) == (0, 1)
    assert len(inbox.messages) == 1
    with Session(engine) as session:
        action = session.get(CaseAction, late.action_ids[0])
    assert (action.status, action.scheduled_for, action.claim_id) == ("scheduled", THURSDAY, None)

    tomorrow = run_due(NOW + timedelta(days=1), sender=mailer(inbox), engine=engine)
    assert tomorrow.sent == 1 and len(inbox.messages) == 2


def test_the_same_address_on_two_debtor_rows_is_one_reader(engine, inbox):
    first = build_case(engine)
    with Session(engine) as session:
        twin = Debtor(
            account_id=first.account_id, company_name="Boulangerie Martin (site 2)", email=" Compta@Client.example"
        )
        session.add(twin)
        session.commit()
        twin_id = twin.id
    add_case(engine, first.__class__(0, first.account_id, [], twin_id), ttc_cents=30000, due=date(2026, 3, 5))
    report = run_due(NOW, sender=mailer(inbox), engine=engine)
    assert (report.sent, report.grouped) == (1, 1)


def test_an_instalment_reminder_is_never_grouped_and_held_clients_get_nothing(engine, inbox):
    first = build_case(engine)
    plan = add_case(engine, first, ttc_cents=90000, due=date(2026, 3, 4))
    with Session(engine) as session:
        action = session.get(CaseAction, plan.action_ids[0])
        action.kind = "echeance"
        session.add(action)
        session.commit()
    report = run_due(NOW, sender=mailer(inbox), engine=engine)
    assert (report.sent, report.grouped, report.deferred) == (1, 0, 1)

    with Session(engine) as session:
        debtor = session.get(Debtor, first.debtor_id)
        debtor.held_at = NOW
        session.add(debtor)
        session.commit()
    held = run_due(NOW + timedelta(days=1), sender=mailer(inbox), engine=engine)
    assert (held.claimed, held.sent) == (0, 0) and len(inbox.messages) == 1


def pay_all(engine, case_id: int) -> bool:
    """Records a payment of everything the case owes today (principal, penalties, indemnity)."""
    with Session(engine) as session:
        case = session.get(CollectionCase, case_id)
        owed = lifecycle.balance(session, case=case, on=TODAY)
        return lifecycle.record_payment(session, case=case, amount=owed, paid_on=TODAY, method="virement", today=TODAY)


def test_a_full_payment_thanks_the_client_once_and_not_when_turned_off(engine, inbox):
    wiring.install()
    first = build_case(engine)
    second = add_case(engine, first, ttc_cents=60000, due=date(2026, 3, 1))
    assert pay_all(engine, first.case_id)
    with Session(engine) as session:  # the client still owes the second case: no thank-you yet
        assert session.exec(select(CaseAction).where(CaseAction.kind == "merci")).all() == []
    assert pay_all(engine, second.case_id)
    report = run_due(NOW, sender=mailer(inbox), engine=engine)
    assert report.sent == 1
    [thanks] = inbox.messages
    assert thanks["Subject"] == f"Merci pour votre règlement : facture F-2026-{second.case_id:03d}"
    assert "vous ne nous devez plus rien" in text_of(thanks)
    assert run_due(NOW + timedelta(days=1), sender=mailer(inbox), engine=engine).sent == 0

    other = build_case(engine, email_address="autre@client.example")
    with Session(engine) as session:
        account = session.get(Account, other.account_id)
        account.thank_payers = False
        session.add(account)
        session.commit()
    assert pay_all(engine, other.case_id)
    assert run_due(NOW + timedelta(days=1), sender=mailer(inbox), engine=engine).sent == 0
