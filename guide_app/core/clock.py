"""The day in France: every date the app plans, compares or shows ("today", due dates) is a French calendar day,
whatever the server's own time zone (a server on UTC would still be on yesterday between 00:00 and 02:00 in Paris).
Every module reads the time here, so tests can fix it in one place."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

FRANCE = ZoneInfo("Europe/Paris")


def local_day(now: datetime) -> date:
    """The calendar day in France at `now` (an aware datetime)."""
    if now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    return now.astimezone(FRANCE).date()


def as_utc(stored: datetime) -> datetime:
    """An instant read back from the database, aware: SQLite gives it back without its UTC zone."""
    return stored if stored.utcoffset() is not None else stored.replace(tzinfo=UTC)


def day_of(stored: datetime) -> date:
    """The French day of an instant read back from the database."""
    return local_day(as_utc(stored))


_frozen: list[datetime] = []  # empty: the system clock


def now() -> datetime:
    """The current instant (aware, UTC). The app's only reader of the system clock."""
    return _frozen[0] if _frozen else datetime.now(UTC)


def freeze(at: datetime | None) -> None:
    """Fixes the instant `now()` answers (the tests' `frozen_clock` fixture); None gives the system clock back."""
    if at is not None and at.utcoffset() is None:
        raise ValueError("at must be an aware datetime")
    _frozen[:] = [] if at is None else [at]


def today() -> date:
    """Today in France."""
    return local_day(now())
