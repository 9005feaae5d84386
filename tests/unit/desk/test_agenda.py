"""The calendar feed's text: RFC 5545 that calendar apps read back, all-day events with stable UIDs."""

from __future__ import annotations

from datetime import UTC, date, datetime

from icalendar import Calendar

from guide_app.desk.agenda import AgendaEvent, build_calendar

NOW = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)


def test_events_come_back_as_all_day_events_with_their_uid_title_and_link() -> None:
    events = [
        AgendaEvent(
            "action-7",
            date(2026, 12, 10),
            "Appel de relance · Boulangerie Martin",
            "Reste dû : 1 800,00 €.",
            "https://x/compte/dossiers/3",
        ),
        AgendaEvent(
            "promise-2", date(2026, 12, 20), "Promesse de paiement · Garage", "A promis.", "https://x/compte/dossiers/4"
        ),
    ]
    calendar = Calendar.from_ical(
        build_calendar("Recouvrement · Atelier Durand", events, host="guide.example", now=NOW)
    )
    assert str(calendar["x-wr-calname"]) == "Recouvrement · Atelier Durand"
    found = [
        (str(e["uid"]), e.decoded("dtstart"), e.decoded("dtend"), str(e["summary"])) for e in calendar.walk("VEVENT")
    ]
    assert found == [
        ("action-7@guide.example", date(2026, 12, 10), date(2026, 12, 11), "Appel de relance · Boulangerie Martin"),
        ("promise-2@guide.example", date(2026, 12, 20), date(2026, 12, 21), "Promesse de paiement · Garage"),
    ]
    first = calendar.walk("VEVENT")[0]
    assert str(first["description"]) == "Reste dû : 1 800,00 €." and str(first["url"]) == "https://x/compte/dossiers/3"


def test_an_empty_agenda_is_still_a_calendar() -> None:
    text = build_calendar("Recouvrement · Vide", [], host="guide.example", now=NOW)
    assert text.startswith(b"BEGIN:VCALENDAR") and b"VEVENT" not in text
    assert Calendar.from_ical(text).walk("VEVENT") == []
