"""The owner's morning digest and its « Suspendre » links, against a real SMTP server on loopback."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlmodel import Session, select

from guide_app.core.clock import FRANCE
from guide_app.core.format import money
from guide_app.models import Account, CaseAction, CaseEvent, Debtor, Digest, HoldLink
from guide_app.reminders.alerts import run_alert_mails as run_alerts
from guide_app.reminders.digest import EXPIRED_LINK, GONE_LINK, USED_LINK, check_hold, run_digests, set_held, use_hold
from guide_app.reminders.sending import run_due
from tests.integration.sending_fixtures import NOW, TODAY, add_case, build_case, mailer, text_of

MORNING = NOW - timedelta(hours=2)  # 08:00 in Paris, the default digest hour; messages leave from 10:00 (NOW)


def hold_tokens(body: str) -> list[str]:
    return re.findall(r"/suspendre/([A-Za-z0-9_-]+)", body)


def owner_with_two_clients(engine):
    """Client A: three cases due today (one message); client B: one case due today, and a call to make."""
    a = build_case(engine, actions=[("email", TODAY), ("appel", TODAY)], digest_hour=8)
    add_case(engine, a, ttc_cents=120000, due=date(2026, 3, 1))
    add_case(engine, a, ttc_cents=60000, due=date(2026, 3, 10))
    with Session(engine) as session:
        b_debtor = Debtor(account_id=a.account_id, company_name="Garage Lemoine", email="compta@garage.example")
        session.add(b_debtor)
        session.add(
            CaseEvent(
                account_id=a.account_id,
                case_id=a.case_id,
                kind="payment",
                text="Paiement de 100,00 € reçu le 17/03/2026 (Virement).",
                created_at=MORNING - timedelta(hours=12),
            )
        )
        session.add(
            CaseEvent(
                account_id=a.account_id,
                case_id=a.case_id,
                kind="payment",
                text="Un vieux paiement.",
                created_at=MORNING - timedelta(days=9),
            )
        )
        session.commit()
        b_id = b_debtor.id
    b = add_case(engine, a.__class__(0, a.account_id, [], b_id), ttc_cents=36000, due=date(2026, 3, 2))
    return a, b


def test_the_morning_digest_lists_each_client_once_with_amounts_tasks_news_and_hold_links(engine, inbox):
    a, _ = owner_with_two_clients(engine)
    assert run_digests(MORNING - timedelta(hours=1), sender=mailer(inbox), engine=engine).sent == 0  # 07:00: not yet
    report = run_digests(MORNING, sender=mailer(inbox), engine=engine)
    assert report.sent == 1
    [digest] = inbox.messages
    body = text_of(digest)
    assert digest["To"] == f"patron{a.account_id}@atelier.example"
    assert digest["Subject"] == "Votre point du 18/03/2026 : 2 messages à partir de 10 h"
    assert f"- Boulangerie Martin : {money(4200)} restant dû, 3 relances en un message" in body
    assert f"- Garage Lemoine : {money(360)} restant dû" in body
    assert len(hold_tokens(body)) == 2
    assert "À faire vous-même aujourd'hui :\n- Boulangerie Martin : Étape 2" in body
    assert "Paiement de 100,00 € reçu le 17/03/2026" in body and "Un vieux paiement" not in body
    with Session(engine) as session:
        [row] = session.exec(select(Digest)).all()
    assert (row.status, row.day, row.to_address) == ("sent", TODAY, digest["To"])

    # Once a day, whoever runs it.
    assert run_digests(MORNING + timedelta(hours=1), sender=mailer(inbox), engine=engine).sent == 0
    assert len(inbox.messages) == 1


def test_no_digest_when_turned_off_or_with_nothing_to_say(engine, inbox):
    a, _ = owner_with_two_clients(engine)
    quiet = build_case(
        engine, email_address="calme@client.example", actions=[("email", TODAY + timedelta(days=30))], digest_hour=8
    )
    with Session(engine) as session:
        account = session.get(Account, a.account_id)
        account.digest_hour = None
        session.add(account)
        session.commit()
    report = run_digests(MORNING, sender=mailer(inbox), engine=engine)
    assert (report.sent, report.empty) == (0, 1)  # the quiet account has nothing to say
    assert inbox.messages == []
    with Session(engine) as session:
        assert session.exec(select(Digest.account_id)).all() == [quiet.account_id]


def test_a_hold_link_holds_that_clients_messages_once_until_resumed(engine, inbox):
    owner_with_two_clients(engine)
    run_digests(MORNING, sender=mailer(inbox), engine=engine)
    body = text_of(inbox.messages[0])
    martin = body.index("Boulangerie Martin :")
    token = hold_tokens(body[martin:])[0]

    assert run_due(MORNING, sender=mailer(inbox), engine=engine).waiting == 4  # before 10:00 nothing leaves
    with Session(engine) as session:
        assert check_hold(session, token=token, now=MORNING).client == "Boulangerie Martin"
        assert use_hold(session, token=token, now=MORNING).error == ""
        assert use_hold(session, token=token, now=MORNING).error == USED_LINK
        assert check_hold(session, token="faux", now=MORNING).error.startswith("Ce lien de suspension n'existe pas")

    report = run_due(NOW, sender=mailer(inbox), engine=engine)
    assert report.sent == 1 and [m["To"] for m in inbox.messages[1:]] == ["compta@garage.example"]
    with Session(engine) as session:
        notes = session.exec(select(CaseEvent.text).where(CaseEvent.kind == "note")).all()
        assert len(notes) == 3 and all(text.startswith("Envois suspendus") for text in notes)
        martin_id = session.exec(select(Debtor.id).where(Debtor.company_name == "Boulangerie Martin")).one()
        account_id = session.exec(select(Debtor.account_id).where(Debtor.id == martin_id)).one()
        assert set_held(session, account_id=account_id + 999, debtor_id=martin_id, held=False, now=NOW) is False
        assert set_held(session, account_id=account_id, debtor_id=martin_id, held=False, now=NOW) is True
        session.commit()
    resumed = run_due(NOW + timedelta(minutes=5), sender=mailer(inbox), engine=engine)
    assert resumed.sent == 1 and inbox.messages[-1]["To"] == "compta@client.example"


def test_a_hold_link_is_refused_once_the_message_left_or_the_day_passed(engine, inbox):
    owner_with_two_clients(engine)
    run_digests(MORNING, sender=mailer(inbox), engine=engine)
    first, second = hold_tokens(text_of(inbox.messages[0]))
    run_due(NOW, sender=mailer(inbox), engine=engine)
    with Session(engine) as session:
        assert check_hold(session, token=first, now=NOW).error == GONE_LINK
        assert use_hold(session, token=second, now=NOW + timedelta(days=1)).error == EXPIRED_LINK.format(
            day="18/03/2026"
        )
        assert all(link.used_at is None for link in session.exec(select(HoldLink)))
        assert session.exec(select(Debtor.held_at)).all() == [None, None]


def test_a_refused_digest_is_tried_again_after_the_claim_expires_then_given_up(engine, inbox):
    a, _ = owner_with_two_clients(engine)
    inbox.refused.add(f"patron{a.account_id}@atelier.example")
    assert run_digests(MORNING, sender=mailer(inbox), engine=engine).retrying == 1
    assert run_digests(MORNING + timedelta(minutes=1), sender=mailer(inbox), engine=engine).retrying == 0
    assert run_digests(MORNING + timedelta(minutes=11), sender=mailer(inbox), engine=engine).retrying == 1
    assert run_digests(MORNING + timedelta(minutes=22), sender=mailer(inbox), engine=engine).failed == 1
    inbox.refused.clear()
    assert run_digests(MORNING + timedelta(minutes=40), sender=mailer(inbox), engine=engine).sent == 0
    with Session(engine) as session:
        assert session.exec(select(Digest.status)).one() == "failed"
        assert session.exec(select(CaseAction.status)).all()  # the reminders themselves are untouched


def test_urgent_alerts_reach_the_owner_once_with_their_case_link_and_others_stay_in_the_app(engine, inbox):
    a = build_case(engine)
    with Session(engine) as session:
        for kind, text, age in (
            ("dispute", "Litige signalé par le client : livraison incomplète.", timedelta(minutes=5)),
            ("failed", "Étape 1 : e-mail non envoyé après 5 tentatives.", timedelta(minutes=1)),
            ("debtor", "Première visite du client sur sa page.", timedelta(minutes=2)),  # news, not urgent
            ("dispute", "Un vieux litige.", timedelta(days=3)),  # too old to alarm anyone by e-mail
        ):
            session.add(
                CaseEvent(
                    account_id=a.account_id, case_id=a.case_id, kind=kind, text=text, alert=True, created_at=NOW - age
                )
            )
        session.commit()
    report = run_alerts(NOW, sender=mailer(inbox), engine=engine)
    assert (report.mails, report.alerts) == (1, 2)
    [mail] = inbox.messages
    body = text_of(mail)
    assert mail["To"] == f"patron{a.account_id}@atelier.example"
    assert mail["Subject"] == "Atelier Dupont : 2 alertes sur vos dossiers"
    assert "Boulangerie Martin" in body and "livraison incomplète" in body and "non envoyé après 5" in body
    assert f"/compte/dossiers/{a.case_id}" in body
    assert "Première visite" not in body and "vieux litige" not in body
    assert run_alerts(NOW + timedelta(minutes=1), sender=mailer(inbox), engine=engine).mails == 0


def test_news_are_told_once_the_next_digest_starts_where_the_previous_one_ended(engine, inbox):
    a, _ = owner_with_two_clients(engine)
    with Session(engine) as session:
        session.add(
            CaseEvent(
                account_id=a.account_id,
                case_id=a.case_id,
                kind="promise",
                text="Promesse de paiement du client pour le 25/03/2026.",
                created_at=MORNING - timedelta(minutes=30),
            )
        )
        session.commit()
    run_digests(MORNING, sender=mailer(inbox), engine=engine)
    assert "Promesse de paiement du client" in text_of(inbox.messages[0])
    next_morning = (MORNING + timedelta(days=1)).astimezone(FRANCE)  # as `run-due --now …+01:00` gives it
    run_digests(next_morning, sender=mailer(inbox), engine=engine)
    assert len(inbox.messages) == 2 and "Promesse de paiement du client" not in text_of(inbox.messages[1])
