"""The follow-up e-mail after a workshop, against a real SMTP server on loopback, and the advisor's « Prochaine
session » form through its real state."""

from __future__ import annotations

import asyncio
import contextlib
import re
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage

import reflex as rx
from icalendar import Calendar
from sqlalchemy.engine import Engine
from sqlmodel import Session

from guide_app import jobs
from guide_app.accounts.state import AuthState
from guide_app.core import routes
from guide_app.core.settings import settings
from guide_app.models import Lead, QuizAttempt, User, Workshop, WorkshopParticipant
from guide_app.workshop import followup
from guide_app.workshop import store as workshop_store
from guide_app.workshop.followup import run_followups
from guide_app.workshop.followup_mail import PLACE, PLACE_WITHOUT_DATE, WHEN, WHEN_FORMAT, WHEN_PAST
from guide_app.workshop.followup_state import NextSessionState
from tests.integration.owners import sub
from tests.integration.rooms import _at, _signed_in
from tests.integration.sending_fixtures import Inbox, mailer, text_of

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)  # the suite's frozen instant
NEXT = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)  # 3 December 2026, 18:00 in Paris
SCORES = {  # weakest: reminders, automation (one chapter), kpis, escalation → three different chapters
    "credit": 80,
    "invoicing": 70,
    "reminders": 10,
    "automation": 20,
    "disputes": 90,
    "kpis": 30,
    "legal": 60,
    "escalation": 50,
}
CHAPTERS = ("automatiser-relances", "ou-en-etes-vous", "externaliser")


# --- Rows -------------------------------------------------------------------------------------------


def advisor(engine: Engine, email: str = "claire@conseil.example") -> int:
    with Session(engine) as session:
        user = User(email=email, contact_name="Claire Martin", password_hash="x", role="advisor", created_at=NOW)
        session.add(user)
        session.commit()
        assert user.id is not None
        return user.id


def room(
    engine: Engine,
    advisor_id: int,
    *,
    status: str = "closed",
    closed_at: datetime | None = NOW - timedelta(hours=1),
    next_at: datetime | None = NEXT,
    place: str = "CCI de Lyon, salle 2",
) -> int:
    with Session(engine) as session:
        workshop = Workshop(
            advisor_id=advisor_id,
            title="Matinale CCI",
            held_on=date(2026, 11, 17),
            code="234567",
            status=status,
            closed_at=closed_at if status == "closed" else None,
            created_at=NOW - timedelta(days=1),
            next_session_at=next_at,
            next_session_place=place,
        )
        session.add(workshop)
        session.commit()
        assert workshop.id is not None
        return workshop.id


def participant(engine: Engine, workshop_id: int, number: int, *, finished: bool = True) -> tuple[int, int, str]:
    """(participant id, attempt id, share id) of a phone in the room."""
    with Session(engine) as session:
        share = f"partage{workshop_id}x{number}"
        attempt = QuizAttempt(
            visitor_token=f"visiteur-{workshop_id}-{number}",
            quiz="atelier",
            started_at=NOW - timedelta(hours=2),
            finished_at=NOW - timedelta(hours=1) if finished else None,
            share_id=share if finished else None,
            overall=51 if finished else None,
            level_id="debutant" if finished else None,
            axis_scores=SCORES if finished else None,
        )
        session.add(attempt)
        session.flush()
        assert attempt.id is not None
        seat = WorkshopParticipant(
            workshop_id=workshop_id,
            token_hash=f"{workshop_id:04d}{number:060d}",
            number=number,
            attempt_id=attempt.id,
            joined_at=NOW - timedelta(hours=2),
        )
        session.add(seat)
        session.commit()
        assert seat.id is not None
        return seat.id, attempt.id, share


def lead(engine: Engine, workshop_id: int, seat: tuple[int, int, str], *, email: str, phone: str = "") -> int:
    with Session(engine) as session:
        row = Lead(
            advisor_id=session.get(Workshop, workshop_id).advisor_id,  # type: ignore[union-attr]
            workshop_id=workshop_id,
            participant_id=seat[0],
            attempt_id=seat[1],
            contact_name="Camille Durand",
            company_name="Atelier Durand",
            email=email,
            phone=phone,
            consent_version="contact-2026-11-1095j",
            consented_at=NOW - timedelta(minutes=50),
            created_at=NOW - timedelta(minutes=50),
            last_activity_at=NOW - timedelta(minutes=50),
        )
        session.add(row)
        session.commit()
        assert row.id is not None
        return row.id


def followed_up(engine: Engine, lead_id: int) -> datetime | None:
    with Session(engine) as session:
        row = session.get(Lead, lead_id)
        assert row is not None
        return row.followed_up_at


def invitation(message: EmailMessage) -> bytes | None:
    for part in message.iter_attachments():
        if part.get_content_type() == "text/calendar":
            assert part.get_filename() == "prochaine-session.ics"
            content = part.get_content()
            return content if isinstance(content, bytes) else content.encode()
    return None


def body_of(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return text_of(part)  # type: ignore[arg-type]


# --- The e-mail -------------------------------------------------------------------------------------


def test_one_email_per_lead_with_an_address_with_result_chapters_and_invitation(engine, inbox: Inbox):
    advisor_id = advisor(engine)
    workshop_id = room(engine, advisor_id)
    with_email = participant(engine, workshop_id, 1)
    with_phone = participant(engine, workshop_id, 2)
    participant(engine, workshop_id, 3)  # no lead: no e-mail
    mailed = lead(engine, workshop_id, with_email, email="camille@durand.example")
    phoned = lead(engine, workshop_id, with_phone, email="", phone="0612345678")

    report = run_followups(NOW, sender=mailer(inbox), engine=engine)

    assert (report.sent, report.invitations, report.failed) == (1, 1, 0)
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["To"] == "camille@durand.example"
    assert message["Subject"] == "Suite à l'atelier « Matinale CCI » du 17/11/2026"
    assert "claire@conseil.example" in message["Reply-To"]  # the advisor reads the answers
    body = body_of(message)
    base = settings.public_url.rstrip("/")
    assert f"{base}{routes.diagnostic_share(with_email[2])}\n" in body
    assert sorted(set(re.findall(re.escape(base) + r"/chapitres/([a-z-]+)", body))) == sorted(CHAPTERS)
    assert "Prochaine session : le 03/12/2026 à 18h00, CCI de Lyon, salle 2." in body
    ics = invitation(message)
    assert ics is not None
    assert next(message.iter_attachments()).get_param("method") == "PUBLISH"
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert b"DTSTART:20261203T170000Z" in ics and event.decoded("dtstart") == NEXT
    assert event.decoded("dtend") == NEXT + timedelta(hours=2)
    assert str(event["uid"]).startswith(f"prochaine-session-{workshop_id}@")
    assert str(event["location"]) == "CCI de Lyon, salle 2" and "Matinale CCI" in str(event["summary"])

    assert followed_up(engine, mailed) == NOW and followed_up(engine, phoned) is None

    # Once only: a second run (or the next scheduler pass) sends nothing more.
    again = run_followups(NOW + timedelta(minutes=1), sender=mailer(inbox), engine=engine)
    assert again.sent == 0 and len(inbox.messages) == 1


def test_an_open_workshop_or_one_closed_long_ago_sends_nothing(engine, inbox: Inbox):
    advisor_id = advisor(engine)
    still_open = room(engine, advisor_id, status="open")
    old = room(engine, advisor_id, closed_at=NOW - timedelta(days=31))
    open_lead = lead(engine, still_open, participant(engine, still_open, 1), email="ouvert@durand.example")
    old_lead = lead(engine, old, participant(engine, old, 1), email="ancien@durand.example")

    assert run_followups(NOW, sender=mailer(inbox), engine=engine).sent == 0
    assert inbox.messages == [] and followed_up(engine, open_lead) is None and followed_up(engine, old_lead) is None

    with Session(engine) as session:  # the advisor closes the room: its lead hears at the next run
        workshop = session.get(Workshop, still_open)
        assert workshop is not None
        workshop.status, workshop.closed_at = "closed", NOW
        session.add(workshop)
        session.commit()
    assert run_followups(NOW, sender=mailer(inbox), engine=engine).sent == 1
    assert [m["To"] for m in inbox.messages] == ["ouvert@durand.example"]


def test_a_next_session_already_past_attaches_nothing(engine, inbox: Inbox):
    workshop_id = room(engine, advisor(engine), next_at=NOW - timedelta(hours=2))
    lead(engine, workshop_id, participant(engine, workshop_id, 1), email="camille@durand.example")

    report = run_followups(NOW, sender=mailer(inbox), engine=engine)

    assert (report.sent, report.invitations) == (1, 0)
    message = inbox.messages[0]
    assert invitation(message) is None and not message.is_multipart()
    body = body_of(message)
    assert "Prochaine session" not in body and ".ics" not in body and "/chapitres/" in body


def test_without_a_finished_result_it_still_thanks_and_invites(engine, inbox: Inbox):
    workshop_id = room(engine, advisor(engine))
    lead(engine, workshop_id, participant(engine, workshop_id, 1, finished=False), email="camille@durand.example")

    assert run_followups(NOW, sender=mailer(inbox), engine=engine).sent == 1
    body = body_of(inbox.messages[0])
    assert "Merci d'avoir participé" in body and "/diagnostic/resultat/" not in body and "/chapitres/" not in body
    assert invitation(inbox.messages[0]) is not None


def test_a_refused_address_is_not_marked_and_nothing_leaves_without_a_server(engine, inbox: Inbox, monkeypatch):
    workshop_id = room(engine, advisor(engine))
    refused = lead(engine, workshop_id, participant(engine, workshop_id, 1), email="inconnu@durand.example")
    accepted = lead(engine, workshop_id, participant(engine, workshop_id, 2), email="camille@durand.example")

    monkeypatch.setattr(settings, "smtp_host", "")  # no e-mail server: nothing sent, nothing marked
    assert run_followups(NOW, engine=engine).sent == 0
    assert followed_up(engine, refused) is None and followed_up(engine, accepted) is None

    inbox.refused.add("inconnu@durand.example")
    report = run_followups(NOW, sender=mailer(inbox), engine=engine)
    assert (report.sent, report.failed) == (1, 1)
    assert followed_up(engine, refused) is None and followed_up(engine, accepted) == NOW

    inbox.refused.clear()  # the address works again: it gets its one e-mail at the next run
    assert run_followups(NOW + timedelta(minutes=1), sender=mailer(inbox), engine=engine).sent == 1
    assert [m["To"] for m in inbox.messages] == ["camille@durand.example", "inconnu@durand.example"]


def test_the_scheduler_sends_the_follow_ups_after_the_alerts(monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(jobs, "FIRST_RUN_DELAY_S", 0.0)
    monkeypatch.setattr(jobs, "_lease", lambda holder, every: True)
    monkeypatch.setattr(jobs, "_let_go", lambda holder: None)
    monkeypatch.setattr(jobs, "daily_checks", lambda: calls.append("daily"))
    monkeypatch.setattr(jobs.digest, "run_digests", lambda: calls.append("digests"))
    monkeypatch.setattr(jobs, "run_due", lambda **_: calls.append("due") or jobs.RunReport())
    monkeypatch.setattr(jobs.alerts, "run_alert_mails", lambda: calls.append("alerts"))
    monkeypatch.setattr(followup, "run_followups", lambda: calls.append("followups"))

    async def main() -> None:
        task = asyncio.create_task(jobs.scheduler(0.01, holder="test"))
        while "followups" not in calls:
            await asyncio.sleep(0.01)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    asyncio.run(asyncio.wait_for(main(), timeout=10))
    assert calls[:5] == ["daily", "digests", "due", "alerts", "followups"]


# --- The advisor's « Prochaine session » -------------------------------------------------------------


def _workshop_of(root) -> int:
    who = sub(root, AuthState)._resolve()
    assert who is not None
    with rx.session() as session:
        workshop = workshop_store.create_workshop(
            session, advisor_id=who.user_id, title="Matinale CCI", held_on=NOW.date(), mode="self_paced"
        )
        assert workshop.id is not None
        return workshop.id


def _form(root, workshop_id: int) -> NextSessionState:
    state = sub(root, NextSessionState)
    _at(state, routes.advisor_workshop(workshop_id))
    NextSessionState.load.fn(state)
    return state


def _stored(workshop_id: int) -> tuple[datetime | None, str]:
    with rx.session() as session:
        workshop = session.get(Workshop, workshop_id)
        assert workshop is not None
        return workshop.next_session_at, workshop.next_session_place


def test_the_advisor_sets_changes_and_removes_the_next_session(new_browser):
    root = _signed_in(new_browser, "suivi@conseil.example")
    workshop_id = _workshop_of(root)
    form = _form(root, workshop_id)
    assert form.found and (form.when, form.place) == ("", "")

    NextSessionState.save.fn(form, {WHEN: "2026-12-03T18:00", PLACE: "CCI de Lyon,  salle 2"})
    assert form.errors == {}
    assert _stored(workshop_id) == (NEXT, "CCI de Lyon, salle 2")
    assert (form.when, form.place) == ("2026-12-03T18:00", "CCI de Lyon, salle 2")
    assert form.notice == "Prochaine session enregistrée : le 03/12/2026 à 18h00, CCI de Lyon, salle 2."

    again = _form(root, workshop_id)  # a reload shows it from the database, in Paris time
    assert (again.when, again.place) == ("2026-12-03T18:00", "CCI de Lyon, salle 2")

    NextSessionState.save.fn(form, {WHEN: "", PLACE: ""})
    assert form.errors == {} and _stored(workshop_id) == (None, "") and "retirée" in form.notice


def test_bad_input_is_refused_in_french_and_nothing_is_stored(new_browser):
    root = _signed_in(new_browser, "suivi@conseil.example")
    workshop_id = _workshop_of(root)
    form = _form(root, workshop_id)
    NextSessionState.save.fn(form, {WHEN: "2026-12-03T18:00", PLACE: "Salle 2"})
    kept = _stored(workshop_id)
    assert kept == (NEXT, "Salle 2")
    cases = [
        ({WHEN: "2026-11-18T10:00", PLACE: "Salle 2"}, {WHEN}),  # 09:30 UTC is 10:30 in Paris: already past
        ({WHEN: "n'importe quand", PLACE: "Salle 2"}, {WHEN}),
        ({WHEN: "2029-01-15T14:30", PLACE: "Salle 2"}, {WHEN}),  # more than two years ahead
        ({WHEN: "2026-12-03T18:00", PLACE: "<script>alert(1)</script>"}, {PLACE}),
        ({WHEN: "", PLACE: "Salle 2"}, {WHEN}),
        ({WHEN: {"$gt": ""}, PLACE: ["x"]}, {WHEN, PLACE}),
    ]
    for sent, fields in cases:
        form.notice = ""
        NextSessionState.save.fn(form, sent)
        assert set(form.errors) == fields, sent
        for message in form.errors.values():
            assert "<script" not in message and re.search(r"\b(la|le|doit|est)\b", message, re.I), message
        assert form.notice == "" and _stored(workshop_id) == kept, sent
    NextSessionState.save.fn(form, {WHEN: "2026-11-18T10:00", PLACE: "Salle 2"})
    assert form.errors == {WHEN: WHEN_PAST}
    NextSessionState.save.fn(form, {WHEN: "hier soir", PLACE: ""})
    assert form.errors == {WHEN: WHEN_FORMAT}
    NextSessionState.save.fn(form, {WHEN: "", PLACE: "Salle 2"})
    assert form.errors == {WHEN: PLACE_WITHOUT_DATE} and _stored(workshop_id) == kept


def test_another_advisor_cannot_see_nor_change_the_next_session(new_browser):
    owner = _signed_in(new_browser, "suivi@conseil.example")
    workshop_id = _workshop_of(owner)
    _form(owner, workshop_id)
    NextSessionState.save.fn(sub(owner, NextSessionState), {WHEN: "2026-12-03T18:00", PLACE: "Salle 2"})
    kept = _stored(workshop_id)

    other = _form(_signed_in(new_browser, "autre@conseil.example", "Paul Autre"), workshop_id)
    assert not other.found and other.when == ""
    NextSessionState.save.fn(other, {WHEN: "2027-01-15T14:30", PLACE: "Chez moi"})
    other._workshop_id = workshop_id  # even holding the id (a backend var the browser cannot set)
    NextSessionState.save.fn(other, {WHEN: "2027-01-15T14:30", PLACE: "Chez moi"})
    assert not other.found and _stored(workshop_id) == kept

    signed_out = sub(new_browser(), NextSessionState)
    _at(signed_out, routes.advisor_workshop(workshop_id))
    assert NextSessionState.load.fn(signed_out) is not None  # to the sign-in page
    signed_out._workshop_id = workshop_id
    NextSessionState.save.fn(signed_out, {WHEN: "2027-01-15T14:30", PLACE: "Chez moi"})
    assert _stored(workshop_id) == kept == (NEXT, "Salle 2")
