"""Helpers shared by several test modules."""

from __future__ import annotations

import base64

import reflex as rx
from reflex.istate.data import RouterData
from sqlmodel import select

from guide_app.accounts import accounts
from guide_app.admin import create_advisor
from guide_app.core import routes
from guide_app.models import User, Workshop
from guide_app.quiz.diagnostic import diagnostic_bank
from guide_app.workshop.advisor_state import AdvisorSpaceState
from guide_app.workshop.phone_state import ParticipantState
from tests.integration.owners import sub

BANK = diagnostic_bank()


PASSWORD = "une phrase de passe solide"


def _at(state, path: str, *, address: str = "") -> None:
    """The browser arrives at `path` (router data set as for an event from that page), from network `address`."""
    state._get_root_state().router = RouterData.from_router_data(
        {"pathname": path.split("?")[0], "asPath": path, "ip": address, "headers": {"origin": "http://salle.test"}}
    )


def _signed_in(new_browser, email: str, name: str = "Claire Martin"):
    with rx.session() as session:
        user = session.exec(select(User).where(User.email == email)).first()
        if user is None:
            user = create_advisor(session, email=email, name=name, password=PASSWORD)
        token = accounts.open_session(session, user=user)
    return new_browser(session_token=token)


def _space(root) -> AdvisorSpaceState:
    space = sub(root, AdvisorSpaceState)
    AdvisorSpaceState.load.fn(space)
    return space


def _new_workshop(root, mode: str = "self_paced", title: str = "Matinale CCI") -> Workshop:
    space = _space(root)
    result = AdvisorSpaceState.create.fn(space, {"title": title, "held_on": "2026-12-03", "mode": mode})
    assert result is not None and space.errors == {}
    with rx.session() as session:
        return session.exec(
            select(Workshop).where(Workshop.advisor_id == space._user_id).order_by(Workshop.id.desc())
        ).first()


def _finished_phone(new_browser, code: str, pseudonym: str) -> ParticipantState:
    phone = _phone(new_browser, code)
    ParticipantState.join.fn(phone, {"pseudonym": pseudonym})
    while phone.view == "question":
        _answer(phone, -1)
    return phone


def _phone(new_browser, code: str, *, visitor: str | None = None, participant: str | None = None) -> ParticipantState:
    root = new_browser(**({"visitor_token": visitor} if visitor else {}))
    phone = sub(root, ParticipantState)
    if participant:
        phone.participant_token = participant
    _at(phone, routes.workshop_room(code))
    ParticipantState.load.fn(phone)
    return phone


def _answer(phone: ParticipantState, position: int = 0):
    question = BANK.questions[phone.index]
    return ParticipantState.answer.fn(phone, question.id, question.answers[position].id)


def _csv(event) -> str:
    """The text of a download event (rx.download of a data URL)."""
    url = event.args[0][1]._js_expr if hasattr(event.args[0][1], "_js_expr") else str(event.args[0][1])
    encoded = url.split("base64,", 1)[1].strip('"')
    return base64.b64decode(encoded).decode("utf-8")
