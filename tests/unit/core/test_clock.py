from datetime import UTC, date, datetime

import pytest

from guide_app.core import clock


def test_the_day_is_the_french_day():
    assert clock.local_day(datetime(2026, 3, 17, 23, 30, tzinfo=UTC)) == date(2026, 3, 18)  # 00:30 in Paris
    assert clock.local_day(datetime(2026, 7, 1, 21, 59, tzinfo=UTC)) == date(2026, 7, 1)  # 23:59 summer time


def test_a_naive_now_is_refused():
    with pytest.raises(ValueError):
        clock.local_day(datetime(2026, 3, 18, 9, 0))


def test_today_is_the_day_in_paris_whatever_the_server_zone(monkeypatch):
    monkeypatch.setattr(clock, "_frozen", [])  # the system clock, even when another tier froze it
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # UTC+14: the server's own calendar is a day ahead
    import time

    time.tzset()
    try:
        assert clock.today() == datetime.now(clock.FRANCE).date()
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_frozen_clock_answers_its_instant_until_released(monkeypatch):
    monkeypatch.setattr(clock, "_frozen", [])  # whatever another tier froze comes back afterwards
    at = datetime(2026, 11, 18, 23, 30, tzinfo=UTC)  # already Thursday in Paris
    clock.freeze(at)
    try:
        assert clock.now() == at and clock.today() == date(2026, 11, 19)
        with pytest.raises(ValueError):
            clock.freeze(datetime(2026, 11, 18, 9, 0))
    finally:
        clock.freeze(None)
    assert clock.now() != at and clock.now().tzinfo is not None
