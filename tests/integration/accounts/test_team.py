"""The team: invitations (single-use, 7 days), members with a role, and roles enforced by every handler."""

from __future__ import annotations

import inspect
import json
from datetime import timedelta
from typing import Any

import pytest
import reflex as rx
from sqlmodel import select

from guide_app.accounts import team
from guide_app.accounts.passwords import hash_password
from guide_app.accounts.roles import MANAGE, OWNER, READ, REFUSALS
from guide_app.accounts.state import AuthState
from guide_app.accounts.team_state import InvitationState, TeamState
from guide_app.cases import store
from guide_app.core import clock
from guide_app.desk.state import CaseState
from guide_app.models import CaseEvent, TeamInvite, User
from guide_app.reminders.outbox_state import OutboxState
from tests.integration.form_specs import _app_states, run_handler, signed_in
from tests.integration.owners import PASSWORD, _owner_with_case, sub
from tests.integration.test_tampering import _forged_values, _snapshot

# Handlers anyone signed in may call whatever their role: they read, or change only what is the user's own.
UNGUARDED = {
    "load",
    "sign_out",
    "set_filter",
    "set_search",
    "rejected",  # an upload's refusal message
    "download_letter",  # a PDF of a letter, and the dossier's downloads below: reading
    "download_bundle",
    "download_export",
    "download_injonction",
    "set_debtor_type",
    "set_region",
    "set_choice",
    "choose_digest_hour",  # the select shows the choice; saving it needs the owner
    "create_feed",  # the member's own calendar link
    "revoke_feed",
    "change",  # the member's own password
    # onboarding's scenario editor and case form only change what the page shows until accept/create_case
    "open_scenario",
    "choose_risk",
    "edit",
    "set_draft",
    "save_draft",
    "cancel_draft",
    "remove",
    "move",
    "open_case",
    "CaseForm.add_invoice",  # a row more in the form (CaseState.add_invoice, which stores one, needs gestion)
    "remove_invoice",
    "open_timeline",
}


def _account_handlers() -> list[tuple[type[rx.State], str, Any]]:
    found = []
    for cls in _app_states():
        if not issubclass(cls, AuthState) or cls.__module__.startswith("guide_app.workshop"):
            continue
        for name, handler in cls.event_handlers.items():
            if name != "setvar":
                found.append((cls, name, handler))
    return found


def test_every_handler_that_writes_says_which_role_it_needs():
    unguarded = [
        f"{cls.__name__}.{name}"
        for cls, name, handler in _account_handlers()
        if not hasattr(handler.fn, "needs") and name not in UNGUARDED and f"{cls.__name__}.{name}" not in UNGUARDED
    ]
    # the sign-up, sign-in, password-reset and invitation pages act for someone not yet signed in to an account
    public = {"OnboardingState.create_account", "SignInState.sign_in", "ForgottenPasswordState.ask"}
    public |= {"NewPasswordState.choose", "InvitationState.join"}
    assert sorted(set(unguarded) - public) == []
    needs = {
        f"{cls.__name__}.{name}": handler.fn.needs
        for cls, name, handler in _account_handlers()
        if hasattr(handler.fn, "needs")
    }
    assert needs["CaseState.record_payment"] == MANAGE and needs["OutboxState.go_live"] == OWNER
    assert needs["TeamState.invite"] == OWNER and needs["AccountDataState.erase"] == OWNER


def _member(owner_user_id: int, email: str, role: str) -> int:
    """A member of the owner's account, through an invitation and its acceptance (the stores)."""
    with rx.session() as session:
        account_id = session.get(User, owner_user_id).account_id
        link, error = team.invite(session, account_id=account_id, email=email, role=role, now=clock.now())
        assert error == ""
        user_id, error = team.accept(
            session,
            token=link.rsplit("/", 1)[1],
            contact_name="Alex Martin",
            password_hash=hash_password(PASSWORD),
            now=clock.now(),
        )
        assert error == ""
    return user_id


def test_an_invitation_is_used_once_expires_after_7_days_and_refuses_an_address_already_known(new_browser):
    owner, _, _ = _owner_with_case(new_browser, "titulaire@equipe.fr")
    owner_id = sub(owner, AuthState)._user_id
    page = sub(signed_in(owner_id), TeamState)
    TeamState.load.fn(page)
    run_handler(TeamState.invite, page, {"email": "pas une adresse", "role": "gestion"})
    assert "email" in page.errors and page.link == ""
    run_handler(TeamState.invite, page, {"email": "alex@equipe.fr", "role": "patron"})
    assert page.errors == {"role": "Choisissez un accès : lecture ou gestion."}
    run_handler(TeamState.invite, page, {"email": "alex@equipe.fr", "role": "lecture"})
    assert page.errors == {} and "/invitation/" in page.link
    assert [(p.email, p.role) for p in page.invites] == [("alex@equipe.fr", "Lecture")]
    token = page.link.rsplit("/", 1)[1]
    with rx.session() as session:
        assert session.exec(select(TeamInvite.token_hash)).one() != token  # only its hash is kept

    joining = sub(new_browser(), InvitationState)
    joining.router.page.params["token"] = token
    InvitationState.load.fn(joining)
    assert (joining.status, joining.invited_email) == ("valid", "alex@equipe.fr")
    run_handler(InvitationState.join, joining, {"contact_name": "<script>x</script>", "password": "court"})
    assert set(joining.errors) == {"contact_name", "password", "consent"}
    run_handler(InvitationState.join, joining, {"contact_name": "Alex Martin", "password": PASSWORD, "consent": "on"})
    assert joining.signed_in and joining.read_only
    again = sub(new_browser(), InvitationState)
    again.router.page.params["token"] = token
    InvitationState.load.fn(again)
    assert (again.status, again.error) == ("invalid", team.USED_INVITE)

    run_handler(TeamState.invite, page, {"email": "alex@equipe.fr", "role": "gestion"})
    assert page.errors == {"email": team.ALREADY_MEMBER}
    _owner_with_case(new_browser, "autre@ailleurs.fr", siren="552100554")
    run_handler(TeamState.invite, page, {"email": "autre@ailleurs.fr", "role": "gestion"})
    assert page.errors == {"email": team.HAS_ACCOUNT}

    run_handler(TeamState.invite, page, {"email": "tard@equipe.fr", "role": "gestion"})
    late = page.link.rsplit("/", 1)[1]
    with rx.session() as session:
        found = team.check(session, token=late, now=clock.now() + timedelta(days=7, minutes=1))
    assert found.error == team.EXPIRED_INVITE.format(days=7)

    members = {m.email: m for m in page.members}
    run_handler(TeamState.remove_member, page, members["titulaire@equipe.fr"].user_id)  # never the owner
    run_handler(TeamState.remove_member, page, members["alex@equipe.fr"].user_id)
    assert [m.email for m in page.members] == ["titulaire@equipe.fr"]


def test_a_reader_sees_the_case_but_changes_nothing_and_a_manager_works_it_but_not_the_account(new_browser):
    owner, _, _ = _owner_with_case(new_browser, "titulaire2@equipe.fr")
    owner_id = sub(owner, AuthState)._user_id
    reader = signed_in(_member(owner_id, "lecteur@equipe.fr", READ))
    manager = signed_in(_member(owner_id, "gestion@equipe.fr", MANAGE))
    with rx.session() as session:
        case = store.cases(session, account_id=sub(owner, AuthState)._account_id)[0]

    def case_page(root):
        page = sub(root, CaseState)
        page.router.page.params["case_id"] = str(case.id)
        CaseState.load.fn(page)
        return page

    reading = case_page(reader)
    assert reading.found and reading.view.debtor and reading.read_only
    CaseState.add_note.fn(reading, {"note": "note du lecteur"})
    assert reading.role_refusal == REFUSALS[MANAGE]
    working = case_page(manager)
    CaseState.add_note.fn(working, {"note": "note de la gestion"})
    assert working.role_refusal == "" and working.errors == {}
    with rx.session() as session:
        notes = session.exec(select(CaseEvent.text).where(CaseEvent.case_id == case.id, CaseEvent.kind == "note"))
        assert list(notes) == ["note de la gestion"]

    messages = sub(manager, OutboxState)
    OutboxState.load.fn(messages)
    OutboxState.go_live.fn(messages, {"confirm_live": "on"})
    assert messages.role_refusal == REFUSALS[OWNER] and not messages.live
    team_page = sub(manager, TeamState)
    TeamState.load.fn(team_page)
    run_handler(TeamState.invite, team_page, {"email": "x@equipe.fr", "role": "lecture"})
    assert team_page.role_refusal == REFUSALS[OWNER] and team_page.invites == []


@pytest.mark.parametrize("role", [READ, MANAGE])
def test_the_tampering_sweep_as_a_member_of_the_account(new_browser, role):
    """Every handler, called by a member of the victim's own account with its real ids and forms: a reader changes
    nothing at all, a manager nothing through the owner's handlers."""
    owner, _, _ = _owner_with_case(new_browser, f"victime-{role}@equipe.fr")
    auth = sub(owner, AuthState)
    member_id = _member(auth._user_id, f"membre-{role}@equipe.fr", role)
    with rx.session() as session:
        case = store.cases(session, account_id=auth._account_id)[0]
        actions = store.case_actions(session, case=case)
        event_id = session.exec(select(CaseEvent.id).where(CaseEvent.case_id == case.id)).first()
        debtor = store.case_debtor(session, case=case)
    victim = {
        "account_id": auth._account_id,
        "case_id": case.id,
        "action_id": actions[0].id,
        "event_id": event_id or 0,
        "debtor_id": debtor.id,
        "debtor_token": case.debtor_token,
        "email": f"victime-{role}@equipe.fr",
    }
    before = _snapshot(auth._account_id, except_user=member_id)
    failures = []
    for cls, name, handler in _account_handlers():
        if name == "sign_out" or (role == MANAGE and getattr(handler.fn, "needs", "") != OWNER):
            continue
        params = list(inspect.signature(handler.fn).parameters)[1:]
        for value in _forged_values(victim):
            state = sub(signed_in(member_id), cls)
            state.router.page.params["case_id"] = str(case.id)  # the case pages act on the case of their route
            try:
                if "load" in cls.event_handlers:
                    run_handler(cls.event_handlers["load"], state)
                run_handler(handler, state, *[value] * len(params))
            except Exception as error:  # a server error is a failure too
                failures.append(f"{cls.__name__}.{name}({value!r}): {type(error).__name__}: {error}")
    assert not failures, "\n".join(failures[:30])
    after = _snapshot(auth._account_id, except_user=member_id)
    assert json.loads(after) == json.loads(before)
