"""An owner downloads a copy of the account's data and erases the account: every row of theirs goes, no row of
another account moves, credentials never leave the server."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import reflex as rx
from sqlmodel import SQLModel, select

from guide_app.accounts.data_state import AccountDataState
from guide_app.cases import lifecycle as cases
from guide_app.core import clock, routes
from guide_app.models import Account, CollectionCase, QuizAttempt, User, UserSession
from guide_app.recourse.state import RecourseState
from guide_app.reminders import sending
from tests.integration.owners import PASSWORD, TODAY, call, sub, two_accounts

UNLINKED = {"quizattempt", "lead"}  # outlive the account, unlinked


def _rows_of(account_id: int) -> dict[str, set[int]]:
    """Ids of every row reachable from the account through foreign keys (worked out from the schema alone)."""
    tables = SQLModel.metadata.tables
    found: dict[str, set[int]] = {"account": {account_id}}
    with rx.session() as session:
        connection = session.connection()
        grew = True
        while grew:
            grew = False
            for table in tables.values():
                if table.name in UNLINKED:
                    continue
                for fk in table.foreign_keys:
                    parents = found.get(fk.column.table.name)
                    if not parents:
                        continue
                    ids = set(connection.execute(select(table.c.id).where(fk.parent.in_(parents))).scalars())
                    if not ids <= found.get(table.name, set()):
                        found[table.name] = found.get(table.name, set()) | ids
                        grew = True
    return found


def _everything() -> dict[str, dict[int, str]]:
    with rx.session() as session:
        connection = session.connection()
        snapshot = {}
        for table in SQLModel.metadata.tables.values():
            rows = connection.execute(select(table))
            snapshot[table.name] = {row.id: json.dumps(dict(row._mapping), default=str) for row in rows}
        return snapshot


def _busy_owner() -> tuple[rx.State, int, int]:
    """Owner A with a case that has a payment, a promise, e-mails in the outbox and a professional on it; and B."""
    (root, account_id, case), (_, other_id, _) = two_accounts()
    with rx.session() as session:
        row = session.get(CollectionCase, case.id)
        cases.record_payment(session, case=row, amount=Decimal(100), paid_on=TODAY, method="virement", today=TODAY)
        cases.record_promise(session, case=row, amount=Decimal(500), promised_for=TODAY, source="owner")
        session.commit()
    sending.run_due(clock.now() + timedelta(days=40))  # test mode: the outbox
    recourse = sub(root, RecourseState)
    recourse.router.page.params["case_id"] = str(case.id)
    RecourseState.load.fn(recourse)
    RecourseState.escalate.fn(recourse, {"pro_1": recourse.view.pros[0].id})
    return root, account_id, other_id


def _download(page: AccountDataState) -> dict[str, Any]:
    spec = AccountDataState.download.fn(page)
    url = str(spec.args[0][1]._var_value)
    assert url.startswith("data:application/json;base64,")
    return json.loads(base64.b64decode(url.split(",", 1)[1]))


def test_the_copy_holds_every_row_of_the_account_and_no_credential():
    root, account_id, _ = _busy_owner()
    page = sub(root, AccountDataState)
    copy = _download(page)
    mine = _rows_of(account_id)
    assert len([name for name, ids in mine.items() if ids]) >= 12  # a real account, not a near-empty one
    for name, ids in mine.items():
        assert {row["id"] for row in copy["tables"].get(name, [])} == ids, name
    text = json.dumps(copy)
    with rx.session() as session:
        user = session.exec(select(User).where(User.account_id == account_id)).one()
        sessions = session.exec(select(UserSession.token_hash).where(UserSession.user_id == user.id)).all()
        secrets = [user.password_hash, *sessions]
    assert len(secrets) >= 2
    assert all(secret and secret not in text for secret in secrets)
    assert "password_hash" not in text and "token_hash" not in text
    assert "Menuiserie Secrète" not in text and "Client Confidentiel" not in text  # nothing of B
    assert copy["tables"]["account"][0]["company_name"] == "Atelier Durand"


def test_erasing_deletes_every_row_of_the_account_and_nothing_else():
    root, account_id, other_id = _busy_owner()
    mine, before = _rows_of(account_id), _everything()
    theirs_before = _rows_of(other_id)
    page = sub(root, AccountDataState)

    spec = call(AccountDataState.erase, page, {"erase_password": PASSWORD, "erase_confirm": "supprimer "})

    assert routes.ACCOUNT_ERASED in str(spec)
    assert page.session_token == "" and not page.signed_in
    after = _everything()
    for name, rows in before.items():
        gone = set(rows) - set(after[name])
        assert gone == mine.get(name, set()), name  # exactly the account's rows went
        assert all(after[name][i] == rows[i] for i in after[name] if name not in UNLINKED), name  # the rest is intact
    assert _rows_of(other_id) == theirs_before
    with rx.session() as session:
        assert session.get(Account, account_id) is None
        assert not session.exec(select(QuizAttempt).where(QuizAttempt.account_id == account_id)).all()


def test_erasing_needs_the_password_and_the_word_and_changes_nothing_otherwise():
    root, _, _ = _busy_owner()
    page = sub(root, AccountDataState)
    before = _everything()
    for form in (
        {"erase_password": "pas le bon mot de passe", "erase_confirm": "SUPPRIMER"},
        {"erase_password": PASSWORD, "erase_confirm": "oui"},
        {"erase_password": PASSWORD},
        {"erase_password": ["<script>alert(1)</script>"], "erase_confirm": None},
        {},
    ):
        assert call(AccountDataState.erase, page, form) is None
        assert page.erase_errors and all(page.erase_errors.values())
        assert set(page.erase_errors) <= {"erase_password", "erase_confirm"}
    assert _everything() == before
    assert page.signed_in


def test_a_signed_out_visitor_is_sent_to_sign_in(new_browser):
    page = sub(new_browser(), AccountDataState)
    for spec in (
        AccountDataState.download.fn(page),
        call(AccountDataState.erase, page, {"erase_confirm": "SUPPRIMER"}),
    ):
        assert routes.SIGN_IN in str(spec)
