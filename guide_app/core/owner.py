"""The one owner guard: a record loaded by an id that came from a browser, for whoever it must belong to (an
account, an advisor, a visitor), or nothing.

Every handler argument arrives unvalidated (a forged "12", True, 10**30, a dict): anything but a database-sized
positive int is refused before any lookup, and a row of someone else is as absent as a missing one."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlmodel import Session

T = TypeVar("T")

MAX_ID = 2**31 - 1  # ids are INTEGER columns: PostgreSQL refuses a larger one with an error, not "not found"
_ROUTE_ID_DIGITS = 12


def record_id(raw: object) -> int | None:
    """An id as a handler may receive it: a positive int the database can hold; None for anything else."""
    if isinstance(raw, bool) or not isinstance(raw, int):
        return None
    return raw if 0 < raw <= MAX_ID else None


def route_id(raw: object) -> int | None:
    """An id from a route ("/conseiller/ateliers/12"): ASCII digits only, bounded."""
    if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= _ROUTE_ID_DIGITS:
        return record_id(int(raw))
    return None


def owned(session: Session, model: type[T], raw_id: object, *, owner: Any, by: str = "account_id") -> T | None:
    """The row of `model` with this id when its `by` column equals `owner`; None for a forged id, a missing row,
    another owner's row, or no owner at all (0, "": nobody signed in)."""
    key = record_id(raw_id)
    if key is None or not owner:
        return None
    row = session.get(model, key)
    return row if row is not None and getattr(row, by) == owner else None
