"""The day in France: every date the app plans, compares or shows ("today", due dates) is a French calendar day,
whatever the server's own time zone (a server on UTC would still be on yesterday between 00:00 and 02:00 in Paris)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

FRANCE = ZoneInfo("Europe/Paris")


def local_day(now: datetime) -> date:
    """The calendar day in France at `now` (an aware datetime)."""
    if now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    return now.astimezone(FRANCE).date()


def today() -> date:
    """Today in France."""
    return local_day(datetime.now(UTC))
