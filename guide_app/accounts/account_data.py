"""An owner's rights over the account's data (RGPD art. 15, 17 and 20): a copy of every row, and erasure.

Which rows are the account's is read from the tables themselves, so a new table cannot be forgotten:
- a table with an `account_id` column holds the account's rows (debtors, cases, invoices, actions, …);
- a table with a `user_id` column holds its users' rows (consents, sign-ins, …);
- a scenario's steps follow their scenario.
Two kinds of rows outlive the account, unlinked from it: the diagnostics taken in the browser before signing up
(anonymous, still shown to that browser) and an advisor's lead that became this account (the advisor's record).
Credentials (password and token hashes) are never part of the copy; nor are the tokens of the debtors' pages as
columns (the links stay readable inside the messages that carried them).
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from guide_app.core import clock
from guide_app.models import Account, Scenario, ScenarioStep, User

UNLINKED = ("quizattempt", "lead")  # kept, with account_id set to NULL
BY_PARENT = {ScenarioStep.__tablename__: ("scenario_id", Scenario)}  # no account_id of their own


def _is_secret(column: str) -> bool:
    return column.endswith("_hash") or column.endswith("token")


def _scopes(account_id: int) -> list[tuple[sa.Table, Any]]:
    """(table, WHERE clause) for every table holding rows of the account, children before parents."""
    users = select(User.id).where(User.account_id == account_id)
    scoped = []
    for table in reversed(SQLModel.metadata.sorted_tables):
        if table.name in BY_PARENT:
            column, parent = BY_PARENT[table.name]
            owned = select(parent.id).where(parent.account_id == account_id)  # type: ignore[attr-defined]
            scoped.append((table, table.c[column].in_(owned)))
        elif "account_id" in table.c:
            scoped.append((table, table.c.account_id == account_id))
        elif "user_id" in table.c:
            scoped.append((table, table.c.user_id.in_(users)))
    scoped.append((Account.__table__, Account.__table__.c.id == account_id))  # type: ignore[attr-defined]
    return scoped


def _plain(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value


def export_account(session: Session, *, account_id: int) -> str:
    """Every row of the account, table by table, as indented JSON (dates in ISO 8601, money in cents)."""
    tables: dict[str, list[dict[str, object]]] = {}
    for table, where in reversed(_scopes(account_id)):  # parents first: easier to read
        columns = [column for column in table.c if not _is_secret(column.name)]
        rows = session.connection().execute(sa.select(*columns).where(where).order_by(*table.primary_key)).all()
        if rows:
            tables[table.name] = [{key: _plain(value) for key, value in row._mapping.items()} for row in rows]
    return json.dumps(
        {
            "export": "Guide Digital du Recouvrement — données du compte",
            "exporte_le": clock.now().replace(microsecond=0).isoformat(),
            "montants": "en centimes d'euro",
            "tables": tables,
        },
        ensure_ascii=False,
        indent=2,
    )


def erase_account(session: Session, *, account_id: int) -> None:
    """Deletes the account and everything it owns in one transaction; unlinks what outlives it."""
    connection = session.connection()
    for name in UNLINKED:
        table = SQLModel.metadata.tables[name]
        connection.execute(sa.update(table).where(table.c.account_id == account_id).values(account_id=None))
    for table, where in _scopes(account_id):
        if table.name not in UNLINKED:
            connection.execute(sa.delete(table).where(where))
    session.commit()
