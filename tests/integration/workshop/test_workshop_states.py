"""Workshops through their real states and a real SQLite database: advisors, phones, live mode, leads.

Handlers are called as a browser would (any name, any argument); forged ids and other people's rows are
refused without storing anything and without raising."""

from __future__ import annotations

from fractions import Fraction

import pytest
import reflex as rx
from sqlmodel import col, select

from guide_app.accounts import accounts
from guide_app.core import clock, routes, throttle
from guide_app.models import AttemptAnswer, Lead, QuizAttempt, User, Workshop, WorkshopParticipant
from guide_app.workshop.advisor_state import AdvisorSpaceState
from guide_app.workshop.phone_state import JoinCodeState, ParticipantState
from guide_app.workshop.pseudonyms import refused
from guide_app.workshop.room_view import RESULTS_STEP
from guide_app.workshop.screen_state import ScreenState
from tests.integration.owners import sub
from tests.integration.rooms import BANK, _answer, _at, _csv, _finished_phone, _new_workshop, _phone, _signed_in, _space


def _screen(root, workshop_id) -> ScreenState:
    screen = sub(root, ScreenState)
    _at(screen, routes.advisor_workshop(workshop_id))
    ScreenState.load.fn(screen)
    return screen


def _stored(phone: ParticipantState) -> int:
    with rx.session() as session:
        return len(session.exec(select(AttemptAnswer).where(AttemptAnswer.attempt_id == phone._attempt_id)).all())


def test_advisor_space_is_for_signed_in_advisors_only(new_browser):
    signed_out = sub(new_browser(), AdvisorSpaceState)
    assert AdvisorSpaceState.load.fn(signed_out) is not None  # to the sign-in page
    with rx.session() as session:
        owner = User(email="owner@ws.fr", contact_name="O", password_hash="x", role="owner", created_at=clock.now())
        session.add(owner)
        session.commit()
        session.refresh(owner)
        token = accounts.open_session(session, user=owner)
    owner_space = sub(new_browser(session_token=token), AdvisorSpaceState)
    assert AdvisorSpaceState.load.fn(owner_space) is None and owner_space.access == "denied"
    AdvisorSpaceState.create.fn(owner_space, {"title": "Pirate", "held_on": "2026-12-03", "mode": "live"})
    with rx.session() as session:
        assert session.exec(select(Workshop).where(Workshop.title == "Pirate")).first() is None

    space = _space(_signed_in(new_browser, "claire@ws.fr"))
    assert space.access == "ok"
    for forged in (None, "x", ["a"], {"title": {"$gt": ""}}):
        AdvisorSpaceState.create.fn(space, forged)
        assert space.errors
    AdvisorSpaceState.create.fn(space, {"title": "<b>x</b>", "held_on": "hier", "mode": "kahoot"})
    assert set(space.errors) == {"title", "held_on", "mode"}


def test_a_room_by_code_self_paced_answers_written_once_and_a_reload_resumes(new_browser):
    advisor = _signed_in(new_browser, "claire@ws.fr")
    workshop = _new_workshop(advisor)
    screen = _screen(advisor, workshop.id)
    assert screen.found and screen.code.replace("\u00a0", "") == workshop.code
    assert screen.join_url.endswith(routes.workshop_room(workshop.code)) and screen.qr.startswith("data:image/svg")

    join = sub(new_browser(), JoinCodeState)
    JoinCodeState.go.fn(join, {"code": "000000"})
    assert "6 chiffres" in join.error
    assert JoinCodeState.go.fn(join, {"code": workshop.code[:3] + " " + workshop.code[3:]}) is not None

    phone = _phone(new_browser, workshop.code)
    assert phone.view == "join" and phone.title == "Matinale CCI"
    ParticipantState.join.fn(phone, {"pseudonym": "<script>"})
    assert phone.join_error and phone.view == "join"
    ParticipantState.join.fn(phone, {"pseudonym": "Super C0nnard"})  # refused, not changed: no seat taken
    assert phone.join_error == refused().message and phone.view == "join"
    with rx.session() as session:
        assert not session.exec(select(WorkshopParticipant).where(WorkshopParticipant.workshop_id == workshop.id)).all()
    ParticipantState.join.fn(phone, {"pseudonym": "Renard"})
    assert phone.view == "question" and phone.index == 0 and phone.seat_label == "Renard"
    assert all(set(option) == {"id", "text"} for option in phone.options)  # no points on the phone

    _answer(phone, 1)
    _answer(phone, 2)
    assert phone.index == 2 and _stored(phone) == 2
    # Forged events: another question, an unknown answer, a dict: nothing stored, nothing raised.
    ParticipantState.answer.fn(phone, BANK.questions[0].id, BANK.questions[0].answers[0].id)
    ParticipantState.answer.fn(phone, phone.question_id, "n-importe-quoi")
    ParticipantState.answer.fn(phone, {"$ne": 1}, ["x"])
    assert _stored(phone) == 2 and phone.index == 2

    # Screen locked, page reloaded: same seat, same place, the first answers kept.
    again = _phone(new_browser, workshop.code, visitor=phone.visitor_token, participant=phone.participant_token)
    assert again.view == "question" and again.index == 2 and again.seat_label == "Renard"
    with rx.session() as session:
        assert (
            len(session.exec(select(WorkshopParticipant).where(WorkshopParticipant.workshop_id == workshop.id)).all())
            == 1
        )

    # A stranger with a made-up participant token gets a seat of their own, never this one.
    stranger = _phone(new_browser, workshop.code, participant="A" * 43)
    assert stranger.view == "join"

    for _ in range(again.index, len(BANK.questions) - 1):
        _answer(again, 0)
    assert _answer(again, 0) is not None  # the last answer: off to the result page
    assert again.view == "done"
    with rx.session() as session:
        attempt = session.get(QuizAttempt, again._attempt_id)
        assert attempt.finished_at is not None and attempt.quiz == "atelier" and attempt.share_id

    ScreenState.load.fn(screen)
    assert (screen.joined, screen.finished, screen.has_results) == (1, 1, True)
    assert screen.questions[0].answered == 1 and len(screen.priorities) == 3

    # The room beside every diagnostic of the app (this one included), axis by axis, from the stored scores.
    with rx.session() as session:
        scored = [
            a.axis_scores
            for a in session.exec(select(QuizAttempt).where(col(QuizAttempt.finished_at).is_not(None))).all()
            if a.axis_scores
        ]
    assert screen.everyone_count == len(scored) >= 1
    assert [row.label for row in screen.compare] == [axis.label for axis in BANK.axes]
    room = {p.label: p.score for p in screen.priorities}
    for axis, row in zip(BANK.axes, screen.compare, strict=True):
        mean = Fraction(sum(scores[axis.id] for scores in scored), len(scored))
        assert row.everyone == int(mean + Fraction(1, 2))
        assert row.room == room.get(axis.label, row.room)
        diff = row.room - row.everyone
        assert row.gap == (f"+{diff}" if diff > 0 else f"\u2212{-diff}" if diff < 0 else "=")


def test_live_mode_moves_the_room_step_by_step_and_refuses_stale_answers(new_browser):
    advisor = _signed_in(new_browser, "claire@ws.fr")
    workshop = _new_workshop(advisor, mode="live", title="Direct")
    screen = _screen(advisor, workshop.id)
    phone = _phone(new_browser, workshop.code)
    ParticipantState.join.fn(phone, {"pseudonym": ""})
    assert phone.view == "wait" and phone.phase == "lobby" and phone.seat_label == "Participant 1"
    ParticipantState.answer.fn(phone, BANK.questions[0].id, BANK.questions[0].answers[0].id)
    assert _stored(phone) == 0

    ScreenState.advance.fn(screen, -1)  # first question
    ScreenState.advance.fn(screen, -1)  # a double click: ignored
    assert screen.step == 0
    ParticipantState.load.fn(phone)  # what the push (or a reconnect) does
    assert phone.view == "question" and phone.index == 0 and phone.phase == "question"
    _answer(phone, 1)
    _answer(phone, 2)  # written once: the second tap changes nothing
    assert _stored(phone) == 1 and phone.selected == BANK.questions[0].answers[1].id

    ScreenState.advance.fn(screen, 0)  # reveal
    assert screen.step == 1 and screen.current.answered == 1
    ScreenState.advance.fn(screen, 1)  # question 2
    stale = BANK.questions[1]
    ParticipantState.load.fn(phone)
    ScreenState.advance.fn(screen, 2)  # closed before the phone answered
    ParticipantState.answer.fn(phone, stale.id, stale.answers[0].id)
    assert phone.error.startswith("Trop tard") and _stored(phone) == 1

    for step in range(3, RESULTS_STEP):
        ScreenState.advance.fn(screen, step)
    assert screen.step == RESULTS_STEP and screen.finished == 1 and screen.has_results
    ParticipantState.load.fn(phone)
    assert phone.view == "done"


def test_another_advisor_cannot_reach_a_room_nor_a_revoked_advisor_run_it(new_browser):
    owner = _signed_in(new_browser, "claire@ws.fr")
    workshop = _new_workshop(owner, mode="live", title="Privé")
    other = _signed_in(new_browser, "paul@ws.fr", name="Paul")
    for forged in (workshop.id, str(workshop.id) + "x", "-1", "99999999"):
        screen = _screen(other, forged)
        assert not screen.found and screen._workshop_id == 0
    ScreenState.advance.fn(screen, -1)
    ScreenState.close.fn(screen)
    assert ScreenState.export_csv.fn(screen) is None
    assert ScreenState.reuse.fn(screen) is None

    mine = _screen(owner, workshop.id)
    with rx.session() as session:
        user = session.get(User, mine._user_id)
        user.role = "owner"
        session.add(user)
        session.commit()
    ScreenState.advance.fn(mine, -1)
    ScreenState.close.fn(mine)
    with rx.session() as session:
        row = session.get(Workshop, workshop.id)
        assert row.live_index == -1 and row.status == "open"
        user = session.get(User, mine._user_id)
        user.role = "advisor"
        session.add(user)
        session.commit()


@pytest.fixture
def contact_state():
    from guide_app.workshop.contact_state import ContactState

    return ContactState


def test_opt_in_creates_a_lead_for_the_room_advisor_and_the_export_stays_anonymous_otherwise(
    new_browser, contact_state
):
    C = contact_state
    advisor = _signed_in(new_browser, "claire@ws.fr")
    workshop = _new_workshop(advisor, title="Leads")
    quiet = _finished_phone(new_browser, workshop.code, "Hibou")
    eager = _finished_phone(new_browser, workshop.code, "Renard")

    contact = sub(new_browser(visitor_token=eager.visitor_token), C)
    C.load.fn(contact)
    assert contact.status == "form" and contact.in_workshop
    C.submit.fn(contact, {"contact_name": "Camille Durand", "company_name": "Atelier Durand", "email": "x"})
    assert set(contact.errors) == {"email", "consent"} and contact.status == "form"
    C.submit.fn(
        contact,
        {
            "contact_name": "Camille Durand",
            "company_name": "Atelier Durand",
            "email": "camille@durand.fr",
            "consent": "on",
        },
    )
    assert contact.status == "sent"
    with rx.session() as session:
        lead = session.exec(select(Lead).where(Lead.email == "camille@durand.fr")).one()
        assert lead.workshop_id == workshop.id and lead.participant_id is not None
        assert lead.consent_version.startswith("contact-") and lead.consented_at is not None

    space = _space(advisor)
    assert [card.name for card in space.my_leads] == ["Camille Durand"]
    screen = _screen(advisor, workshop.id)
    text = _csv(ScreenState.export_csv.fn(screen))
    lines = text.lstrip("\ufeff").splitlines()
    assert len(lines) == 3
    assert "camille@durand.fr" in lines[2] and "Renard" in lines[2]
    assert "Hibou" in lines[1] and "@" not in lines[1]
    assert quiet.participant_token not in text and quiet.visitor_token not in text

    # The person withdraws: the lead is erased, the result stays.
    C.erase.fn(contact)
    assert contact.status == "form"
    with rx.session() as session:
        assert session.exec(select(Lead).where(Lead.email == "camille@durand.fr")).first() is None
        assert session.get(QuizAttempt, eager._attempt_id).finished_at is not None


def test_guessing_codes_is_slowed_down_per_network_address(new_browser):
    advisor = _signed_in(new_browser, "claire@ws.fr")
    workshop = _new_workshop(advisor, title="Cible")
    guesser = sub(new_browser(), JoinCodeState)
    wrong = "222222" if workshop.code != "222222" else "333333"
    for _ in range(throttle.WRONG_CODES.item.amount):
        JoinCodeState.go.fn(guesser, {"code": wrong})
        assert guesser.error.startswith("Aucun atelier")
    assert JoinCodeState.go.fn(guesser, {"code": workshop.code}) is None
    assert guesser.error == throttle.WRONG_CODES.message
    phone = _phone(new_browser, workshop.code)  # the same address, by the QR code's link: refused as well
    assert phone.view == "missing"


def test_reusing_a_room_opens_a_new_empty_session_and_keeps_the_old_results(new_browser):
    advisor = _signed_in(new_browser, "claire@reprise.fr")
    workshop = _new_workshop(advisor, title="Matinale reprise")
    _finished_phone(new_browser, workshop.code, "Renard")
    screen = _screen(advisor, workshop.id)
    redirect = ScreenState.reuse.fn(screen)
    with rx.session() as session:
        rooms = session.exec(select(Workshop).where(Workshop.title == "Matinale reprise").order_by(Workshop.id)).all()
        old, new = rooms
        assert (old.status, new.status) == ("closed", "open") and new.code != old.code
        assert (new.mode, new.advisor_id, new.held_on) == (old.mode, old.advisor_id, clock.today())
        seats = session.exec(select(WorkshopParticipant).where(WorkshopParticipant.workshop_id == old.id)).all()
        assert [seat.pseudonym for seat in seats] == ["Renard"]  # the old session keeps its results
        assert not session.exec(select(WorkshopParticipant).where(WorkshopParticipant.workshop_id == new.id)).all()
    assert routes.advisor_workshop(new.id) in str(redirect)
    fresh = _screen(advisor, new.id)
    assert fresh.found and (fresh.joined, fresh.finished) == (0, 0) and fresh.is_open
    again = _screen(advisor, old.id)
    assert again.found and again.finished == 1 and not again.is_open
