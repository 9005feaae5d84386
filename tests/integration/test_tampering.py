"""The tampering sweep: every event handler of every state of the app, called with forged ids and values by a
second account, by an anonymous visitor and by the holder of another case's debtor link, must neither change nor
reveal anything of the first account, and must not fail with a server error."""

from __future__ import annotations

import inspect
import json
from typing import Any

import pytest
import reflex as rx
from sqlmodel import SQLModel, select

from guide_app.cases import store
from guide_app.core import clock
from guide_app.desk.state import CaseState
from guide_app.portal.state import DebtorPortalState
from tests.integration.form_specs import _app_states, run_handler
from tests.integration.owners import _sign_up, _through_case, sub

VICTIM_DEBTOR = "Boulangerie Victime SARL"


def _snapshot(account_id: int, *, except_user: int = 0) -> str:
    """Every row that belongs to the account, directly or through its users and scenarios, as JSON; `except_user`: a
    member whose own rows (sign-ins, calendar link) are theirs to change."""
    rows: dict[str, list[str]] = {}
    with rx.session() as session:
        connection = session.connection()

        def take(table: Any, condition: Any) -> list[dict[str, Any]]:
            found = [dict(row._mapping) for row in connection.execute(select(table).where(condition))]
            rows[table.name] = sorted(json.dumps(row, default=str, sort_keys=True) for row in found)
            return found

        tables = SQLModel.metadata.tables
        for table in tables.values():
            if "account_id" in table.columns:
                take(table, table.c.account_id == account_id)
        take(tables["account"], tables["account"].c.id == account_id)
        users = tables["user"]
        user_ids = [row["id"] for row in take(users, (users.c.account_id == account_id) & (users.c.id != except_user))]
        for name in ("consentrecord", "usersession"):
            take(tables[name], tables[name].c.user_id.in_(user_ids))
        scenario_ids = json.loads(json.dumps([json.loads(r)["id"] for r in rows["scenario"]]))
        take(tables["scenariostep"], tables["scenariostep"].c.scenario_id.in_(scenario_ids))
    return json.dumps(rows, sort_keys=True)


def _forged_values(victim: dict[str, Any]) -> list[Any]:
    ids = [victim["case_id"], victim["action_id"], victim["event_id"], victim["account_id"], victim["debtor_id"]]
    form = {
        "case_id": victim["case_id"],
        "action_id": victim["action_id"],
        "email": victim["email"],
        "password": "pas le bon mot de passe",
        "pay_amount": "1",
        "pay_date": "2026-01-01",
        "pay_method": "virement",
        "note": "intrusion",
    }
    return [
        *ids,
        str(victim["case_id"]),
        victim["debtor_token"],
        None,
        -1,
        10**12,
        10**30,
        "<script>alert(1)</script>",
        {"id": victim["case_id"]},
        [victim["case_id"]],
        form,
        True,
    ]


@pytest.fixture
def victim(new_browser, request: pytest.FixtureRequest) -> dict[str, Any]:
    email = f"victime-{abs(hash(request.node.name))}@example.fr"
    root = _sign_up(new_browser, email)
    _through_case(root, name=VICTIM_DEBTOR, number="V-1")
    page = sub(root, CaseState)
    with rx.session() as session:
        case = store.cases(session, account_id=page._account_id)[0]
        actions = store.case_actions(session, case=case)
    page.router.page.params["case_id"] = str(case.id)
    CaseState.load.fn(page)
    CaseState.add_note.fn(page, {"note": "note de la victime"})
    from guide_app.models import CaseEvent

    with rx.session() as session:
        event_id = session.exec(select(CaseEvent.id).where(CaseEvent.case_id == case.id)).first()
        debtor = store.case_debtor(session, case=case)
        debtor.held_at = clock.now()  # held from a digest: only the victim may resume the messages
        session.add(debtor)
        session.commit()
        debtor_id = debtor.id
    return {
        "debtor_id": debtor_id,
        "account_id": page._account_id,
        "case_id": case.id,
        "action_id": actions[0].id,
        "event_id": event_id,
        "debtor_token": case.debtor_token,
        "email": email,
    }


def _debtor_of_another_case(new_browser) -> rx.State:
    """A browser holding a debtor link: the page of a case of another creditor, opened."""
    creditor = _sign_up(new_browser, "autre-creancier@example.fr", siren="552100554")
    _through_case(creditor, name="Client Intrus SARL", number="I-1")
    with rx.session() as session:
        case = store.cases(session, account_id=sub(creditor, CaseState)._account_id)[0]
    root = new_browser()
    portal = sub(root, DebtorPortalState)
    portal.router.page.params["token"] = case.debtor_token
    DebtorPortalState.load.fn(portal)
    assert portal.status == "shown"
    return root


@pytest.mark.parametrize("who", ["second account", "anonymous visitor", "debtor link"])
def test_no_handler_reads_or_changes_another_accounts_data(new_browser, victim, who):
    before = _snapshot(victim["account_id"])
    intruder = {
        "second account": lambda: _sign_up(new_browser, "intrus-sweep@example.fr", siren="552100554"),
        "anonymous visitor": lambda: None,
        "debtor link": lambda: _debtor_of_another_case(new_browser),
    }[who]()
    failures = []
    states = _app_states()
    assert len(states) >= 10
    for cls in states:
        for name, handler in cls.event_handlers.items():
            if name == "setvar":
                continue
            params = list(inspect.signature(handler.fn).parameters)[1:]
            for value in _forged_values(victim):
                root = intruder if intruder is not None else new_browser()
                state = sub(root, cls)
                try:
                    run_handler(handler, state, *[value] * len(params))
                except Exception as error:  # a server error is a failure too
                    failures.append(f"{cls.__name__}.{name}({value!r}): {type(error).__name__}: {error}")
                    continue
                shown = json.dumps(state.dict(), default=str)
                for secret in (VICTIM_DEBTOR, "note de la victime"):
                    if secret in shown:
                        failures.append(f"{cls.__name__}.{name}({value!r}) revealed {secret!r}")
    assert not failures, "\n".join(failures[:30])
    assert _snapshot(victim["account_id"]) == before


def test_backend_only_vars_never_reach_the_browser(new_browser, victim):
    root = _sign_up(new_browser, "delta@example.fr", siren="552100554")
    private = {
        name
        for cls in _app_states()
        for klass in cls.__mro__
        if klass.__module__.startswith("guide_app.")
        for name in getattr(klass, "__annotations__", {})
        if name.startswith("_") and not name.startswith("__")
    }
    assert {"_user_id", "_account_id", "_attempt_id", "_case_id"} <= private
    for cls in _app_states():
        delta = sub(root, cls).get_delta()
        sent = {var.removesuffix("_rx_state_") for changes in delta.values() for var in changes}
        assert not sent & private, f"{cls.__name__} sends {sent & private}"
        assert not any(var.startswith("_") for var in sent)
    everything = json.dumps(root.dict(), default=str)
    assert "$argon2" not in everything and "une phrase de passe solide" not in everything
