"""Sign-in sessions through the real states: they last 14 days, end at sign-out and at a password change, and the
database never holds a usable token. (Rotation at sign-in and the other devices signed out by a password change:
test_onboarding_states.test_sign_in_rotates_the_token_and_password_change_signs_out_other_devices.)"""

from __future__ import annotations

import hashlib
from datetime import UTC, timedelta

import pytest
import reflex as rx
from sqlmodel import select

from guide_app.accounts import accounts
from guide_app.accounts.pages_state import PasswordState, SignInState
from guide_app.accounts.state import AuthState
from guide_app.core import clock, routes
from guide_app.desk.state import AccountState, CaseState
from guide_app.models import CaseEvent, User, UserSession
from tests.integration.owners import PASSWORD, call, new_root, sign_up_with_case, sub


def _rows(token: str) -> list[UserSession]:
    digest = hashlib.sha256(token.encode()).hexdigest()
    with rx.session() as session:
        return list(session.exec(select(UserSession).where(UserSession.token_hash == digest)))


def _tab(token: str) -> rx.State:
    root = new_root()
    sub(root, AuthState).session_token = token
    return root


@pytest.fixture
def owner():
    root, _, case = sign_up_with_case(new_root, company="Horloge SARL", debtor="Client Horloge", number="H-1")
    return sub(root, AuthState).session_token, case.id


def test_a_session_lasts_fourteen_days_then_the_next_load_signs_out_for_good(owner, frozen_clock):
    token, _ = owner
    (row,) = _rows(token)
    started = row.created_at.replace(tzinfo=UTC)
    assert row.expires_at.replace(tzinfo=UTC) - started == timedelta(days=accounts.SESSION_DAYS) == timedelta(days=14)

    frozen_clock(started + timedelta(days=14) - timedelta(minutes=1))
    home = sub(_tab(token), AccountState)
    assert AccountState.load.fn(home) is None and home.signed_in and home.home.lines

    frozen_clock(started + timedelta(days=14, seconds=1))
    later = sub(_tab(token), AccountState)
    redirect = AccountState.load.fn(later)
    assert f"{routes.SIGN_IN}?suite=" in str(redirect)
    assert not later.signed_in and later._account_id == 0 and later.company_name == "" and later.home.lines == []
    assert _rows(token) == []  # the expired row is deleted on sight

    frozen_clock(started)  # even with the clock back, the token opens nothing any more
    again = sub(_tab(token), AccountState)
    assert "/connexion" in str(AccountState.load.fn(again)) and not again.signed_in


def test_an_expired_session_in_an_open_page_is_refused_at_the_next_event(owner, monkeypatch):
    token, case_id = owner
    page = sub(_tab(token), CaseState)
    page.router.page.params["case_id"] = str(case_id)
    CaseState.load.fn(page)
    assert page.found and page.signed_in
    with rx.session() as session:  # the session ran out while the page stayed open (expires_at moved back)
        (row,) = session.exec(select(UserSession).where(UserSession.token_hash == _rows(token)[0].token_hash))
        row.expires_at = clock.now() - timedelta(seconds=1)
        session.add(row)
        session.commit()

    redirect = CaseState.add_note.fn(page, {"note": "écrite après l'expiration"})
    assert "/connexion" in str(redirect) and not page.signed_in and page._account_id == 0
    with rx.session() as session:
        notes = session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == "note")).all()
    assert notes == [] and _rows(token) == []


def test_sign_out_deletes_the_session_and_the_token_opens_nothing_afterwards(owner):
    token, _ = owner
    other_phone = sub(new_root(), SignInState)
    call(SignInState.sign_in, other_phone, {"email": _email_of(token), "password": PASSWORD})
    auth = sub(_tab(token), AuthState)
    redirect = AuthState.sign_out.fn(auth)
    assert routes.HOME in str(redirect) and auth.session_token == "" and not auth.signed_in
    assert _rows(token) == []
    stale = sub(_tab(token), AccountState)
    assert "/connexion" in str(AccountState.load.fn(stale))
    still = sub(_tab(other_phone.session_token), AccountState)  # signing out here leaves the other phone signed in
    assert AccountState.load.fn(still) is None and still.signed_in


def test_a_password_change_keeps_only_a_new_session_for_the_tab_that_changed_it(owner):
    token, _ = owner
    second = sub(new_root(), SignInState)
    call(SignInState.sign_in, second, {"email": _email_of(token), "password": PASSWORD})
    assert second.signed_in
    settings = sub(_tab(token), PasswordState)
    PasswordState.load.fn(settings)
    call(PasswordState.change, settings, {"current_password": PASSWORD, "new_password": "une toute nouvelle phrase"})
    assert settings.done and settings.signed_in and settings.session_token not in ("", token)
    assert _rows(token) == [] and _rows(second.session_token) == []  # this tab's old token and the other phone's
    (kept,) = _rows(settings.session_token)
    with rx.session() as session:
        assert session.exec(select(UserSession).where(UserSession.user_id == kept.user_id)).all() == [kept]
    home = sub(_tab(settings.session_token), AccountState)
    assert AccountState.load.fn(home) is None and home.signed_in


def test_the_database_keeps_only_a_hash_of_each_token(owner):
    token, _ = owner
    with rx.session() as session:
        stored = [row.token_hash for row in session.exec(select(UserSession))]
    assert token not in stored and hashlib.sha256(token.encode()).hexdigest() in stored


def _email_of(token: str) -> str:
    with rx.session() as session:
        who = accounts.resolve_session(session, token=token)
        user = session.get(User, who.user_id) if who else None
        assert user is not None
        return user.email
