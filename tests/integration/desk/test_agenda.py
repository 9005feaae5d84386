"""The calendar feed from the database: its key (made, replaced, revoked), what it lists for the owner's own cases
only, and /compte/agenda.ics answering a phone's calendar app — or refusing, in French, a key that opens nothing."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal

import httpx
import pytest
import reflex as rx
from icalendar import Calendar
from sqlmodel import select
from starlette.applications import Starlette

from guide_app.accounts import calendar_keys
from guide_app.accounts.calendar_state import CalendarState
from guide_app.accounts.state import AuthState
from guide_app.cases import lifecycle
from guide_app.core import routes
from guide_app.core.format import day, money
from guide_app.desk.agenda_feed import FEED_ROUTES, UNKNOWN, feed
from guide_app.models import CaseAction
from tests.integration.owners import TODAY, new_root, sign_up_with_case, sub


@pytest.fixture(scope="module")
def owners():
    first = sign_up_with_case(new_root, company="Atelier Agenda", debtor="Boulangerie Agenda", number="AG-1")
    second = sign_up_with_case(new_root, company="Voisin Discret", debtor="Client Secret SAS", number="AG-2")
    return first, second


def _user(root) -> int:  # type: ignore[no-untyped-def]
    return sub(root, AuthState)._user_id


def test_a_key_opens_its_owners_feed_until_it_is_replaced_or_revoked(owners) -> None:
    (root, _, _), _ = owners
    with rx.session() as session:
        first = calendar_keys.new_key(session, user_id=_user(root))
        assert calendar_keys.user_of_key(session, first).id == _user(root)  # type: ignore[union-attr]
        second = calendar_keys.new_key(session, user_id=_user(root))
        assert calendar_keys.user_of_key(session, first) is None  # the old link answers nothing
        assert calendar_keys.user_of_key(session, second) is not None
        calendar_keys.revoke(session, user_id=_user(root))
        assert calendar_keys.user_of_key(session, second) is None
        for forged in (None, 42, "", "x" * 43 + "y", "é" * 43, second[:-1] + "!", ["a"]):
            assert calendar_keys.user_of_key(session, forged) is None


def test_the_feed_lists_the_owners_calls_promises_and_prescription_and_nothing_of_another_account(owners) -> None:
    (root, _, case), (other, _, _) = owners
    with rx.session() as session:
        promised = TODAY + timedelta(days=12)
        lifecycle.record_promise(session, case=case, amount=Decimal(1200), promised_for=promised, source="owner")
        calls = [
            (action.id, action.name, action.scheduled_for)
            for action in session.exec(
                select(CaseAction).where(CaseAction.case_id == case.id, CaseAction.channel == "appel")
            )
        ]
        key = calendar_keys.new_key(session, user_id=_user(root))
        other_key = calendar_keys.new_key(session, user_id=_user(other))
    text = feed(key)
    assert text is not None
    events = {str(e["uid"]).split("@")[0]: e for e in Calendar.from_ical(text).walk("VEVENT")}
    titles = [str(e["summary"]) for e in events.values()]
    assert calls, "the default scenario plans a call"
    for action_id, name, scheduled_for in calls:
        event = events[f"action-{action_id}"]
        assert event.decoded("dtstart") == scheduled_for
        assert str(event["summary"]) == f"{name} · Boulangerie Agenda"
        assert "Appel téléphonique." in str(event["description"]) and str(event["url"]).endswith(routes.case(case.id))
    promise = next(e for e in events.values() if str(e["summary"]).startswith("Promesse de paiement"))
    assert promise.decoded("dtstart") == promised and money(Decimal(1200)) in str(promise["summary"])
    assert any(title.startswith("Prescription · Boulangerie Agenda · facture AG-1") for title in titles)
    assert any(title.startswith("Prescription dans 3 mois · Boulangerie Agenda") for title in titles)
    assert f"Reste dû au {day(TODAY)}" in str(promise["description"])
    assert not any("Client Secret" in title for title in titles)
    other_text = feed(other_key)
    assert other_text is not None and b"Boulangerie Agenda" not in other_text


def test_the_feed_url_answers_a_calendar_app_and_refuses_other_keys_in_french(owners) -> None:
    (root, _, _), _ = owners
    with rx.session() as session:
        key = calendar_keys.new_key(session, user_id=_user(root))

    async def ask(*keys: str | None) -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=Starlette(routes=FEED_ROUTES))
        async with httpx.AsyncClient(transport=transport, base_url="http://guide.test") as client:
            return [
                await client.get(routes.ACCOUNT_CALENDAR, params={"cle": k} if k is not None else None) for k in keys
            ]

    (answer,) = asyncio.run(ask(key))
    assert answer.status_code == 200 and answer.headers["content-type"] == "text/calendar; charset=utf-8"
    assert answer.headers["cache-control"] == "private, no-store" and answer.text.startswith("BEGIN:VCALENDAR")
    with rx.session() as session:
        calendar_keys.revoke(session, user_id=_user(root))
    refused, empty, *wrong = asyncio.run(ask(key, None, *["x" * 43] * 31))
    assert (refused.status_code, refused.text) == (404, UNKNOWN) and empty.status_code == 404
    assert {r.status_code for r in wrong[:28]} == {404}  # 30 wrong keys a minute per address, then a French wait
    assert wrong[-1].status_code == 429 and "Trop de liens d'agenda invalides" in wrong[-1].text


def test_the_settings_page_shows_the_link_once_and_revokes_it(owners) -> None:
    (root, _, _), _ = owners
    state = sub(root, CalendarState)
    CalendarState.load.fn(state)
    CalendarState.create_feed.fn(state)
    assert state.has_feed and state.feed_link.startswith("http") and "/compte/agenda.ics?cle=" in state.feed_link
    assert state.subscribe_link == "webcal://" + state.feed_link.split("://", 1)[1]
    key = state.feed_link.split("cle=", 1)[1]
    assert feed(key) is not None
    CalendarState.load.fn(state)  # the page opened again: the link is not shown a second time
    assert state.has_feed and state.feed_link == ""
    CalendarState.revoke_feed.fn(state)
    assert not state.has_feed and feed(key) is None
