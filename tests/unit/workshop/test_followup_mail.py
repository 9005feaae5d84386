"""The follow-up e-mail after a workshop, without the database: the advisor's next-session form, the chapters picked
for a result, the text, and the .ics invitation."""

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from guide_app.core.content import chapter_by_slug
from guide_app.core.parse import InputError
from guide_app.quiz.diagnostic import diagnostic_bank
from guide_app.workshop.followup_mail import (
    PLACE,
    PLACE_WITHOUT_DATE,
    WHEN,
    WHEN_FORMAT,
    WHEN_MISSING_GAP,
    WHEN_PAST,
    WHEN_TOO_FAR,
    ChapterPick,
    FollowUp,
    NextSession,
    chapters_for,
    followup_text,
    input_value,
    parse_next_session,
    parse_session_start,
    session_ics,
    session_moment,
)

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
BANK = diagnostic_bank()


# --- The advisor's form ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "utc"),
    [
        ("2027-01-15T14:30", datetime(2027, 1, 15, 13, 30, tzinfo=UTC)),  # winter: Paris is UTC+1
        ("2027-07-01T14:30", datetime(2027, 7, 1, 12, 30, tzinfo=UTC)),  # summer: UTC+2
        ("2027-01-15T14:30:00", datetime(2027, 1, 15, 13, 30, tzinfo=UTC)),  # a browser that sends seconds
        (" 15/01/2027 14:30 ", datetime(2027, 1, 15, 13, 30, tzinfo=UTC)),  # typed by hand
        ("15/01/2027 à 9h05", datetime(2027, 1, 15, 8, 5, tzinfo=UTC)),
    ],
)
def test_a_next_session_is_read_in_paris_time_and_kept_in_utc(typed, utc):
    assert parse_session_start(typed, now=NOW) == utc


def test_an_empty_date_means_no_next_session():
    assert parse_session_start("", now=NOW) is None
    assert parse_session_start("   ", now=NOW) is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("demain", WHEN_FORMAT),
        ("2027-01-15", WHEN_FORMAT),  # no time
        ("2027-01-15T25:00", WHEN_FORMAT),
        ("2027-01-15T10:61", WHEN_FORMAT),
        ("31/02/2027 10:00", WHEN_FORMAT),
        ("2027-01-15T14:30<script>", WHEN_FORMAT),
        ("1" * 5000, WHEN_FORMAT),
        (None, WHEN_FORMAT),
        (20270115, WHEN_FORMAT),
        (["2027-01-15T14:30"], WHEN_FORMAT),
        ("2026-11-18T10:30", WHEN_PAST),  # 09:30 UTC in Paris: already over
        ("2025-01-15T14:30", WHEN_PAST),
        ("2028-11-19T10:00", WHEN_TOO_FAR),
        ("2027-03-28T02:30", WHEN_MISSING_GAP),  # clocks jump from 02:00 to 03:00 that night
    ],
)
def test_a_wrong_next_session_is_refused_in_french(typed, message):
    with pytest.raises(InputError) as refused:
        parse_session_start(typed, now=NOW)
    assert str(refused.value) == message


def test_the_form_gives_the_change_or_one_french_error_per_field():
    change, errors = parse_next_session({WHEN: "2027-01-15T14:30", PLACE: "  CCI de Lyon,   salle 2 "}, now=NOW)
    assert errors == {} and change is not None
    assert (change.starts_at, change.place) == (datetime(2027, 1, 15, 13, 30, tzinfo=UTC), "CCI de Lyon, salle 2")

    change, errors = parse_next_session({WHEN: "", PLACE: ""}, now=NOW)
    assert errors == {} and change is not None and (change.starts_at, change.place) == (None, "")

    change, errors = parse_next_session({WHEN: "", PLACE: "Salle 2"}, now=NOW)
    assert change is None and errors == {WHEN: PLACE_WITHOUT_DATE}

    change, errors = parse_next_session({WHEN: "2027-01-15T14:30", PLACE: "<script>alert(1)</script>"}, now=NOW)
    assert change is None and set(errors) == {PLACE} and "<script" not in errors[PLACE]

    change, errors = parse_next_session({WHEN: "hier", PLACE: "x" * 201}, now=NOW)
    assert change is None and errors[WHEN] == WHEN_FORMAT and "200 caractères" in errors[PLACE]


def test_the_stored_next_session_fills_the_datetime_local_input_in_paris_time():
    assert input_value(None) == ""
    assert input_value(datetime(2027, 1, 15, 13, 30, tzinfo=UTC)) == "2027-01-15T14:30"
    assert input_value(datetime(2027, 7, 1, 12, 30)) == "2027-07-01T14:30"  # naive: UTC, as SQLite gives it back
    stored = parse_session_start("2027-07-01T14:30", now=NOW)
    assert input_value(stored) == "2027-07-01T14:30"
    assert session_moment(datetime(2027, 1, 15, 13, 5, tzinfo=UTC)) == "15/01/2027 à 14h05"


# --- The chapters of one result ---------------------------------------------------------------------


def test_three_different_chapters_from_the_weakest_axes_up():
    scores = {axis.id: 90 for axis in BANK.axes}
    scores.update(reminders=5, automation=10, legal=20, credit=30, kpis=40)
    picks = chapters_for(BANK, scores, base_url="https://guide.example/")
    assert [pick.url for pick in picks] == [
        "https://guide.example/chapitres/automatiser-relances",
        "https://guide.example/chapitres/recouvrement-en-ligne",
        "https://guide.example/chapitres/ou-en-etes-vous",
    ]
    chapter = chapter_by_slug("automatiser-relances")
    assert chapter is not None and picks[0].title == chapter.title
    labels = {axis.id: axis.label for axis in BANK.axes}
    # The weak axes each chapter helps with, up to the third chapter: « Risque client » is weaker than « Coûts ».
    assert picks[0].axes == (labels["reminders"], labels["automation"], labels["credit"])
    assert picks[1].axes == (labels["legal"],) and picks[2].axes == (labels["kpis"],)


def test_ties_keep_the_order_of_the_guide_and_no_score_gives_no_chapter():
    picks = chapters_for(BANK, {axis.id: 50 for axis in BANK.axes}, base_url="https://guide.example")
    first_axis = BANK.axes[0]
    assert len(picks) == 3 and picks[0].url.endswith(first_axis.chapter)
    assert len({pick.url for pick in picks}) == 3
    assert chapters_for(BANK, {}, base_url="https://guide.example") == ()


# --- The e-mail and its invitation -----------------------------------------------------------------

PICKS = (
    ChapterPick(
        "Automatisez la gestion de vos relances clients", "https://g.ex/chapitres/a", ("Processus de relance",)
    ),
    ChapterPick("Ce qu'il faut savoir sur le recouvrement en ligne", "https://g.ex/chapitres/b", ("Droits",)),
    ChapterPick("Externalisez le recouvrement", "https://g.ex/chapitres/c", ("Recours", "Litiges")),
)


def mail(**changes: object) -> FollowUp:
    values: dict[str, object] = {
        "workshop_title": "Matinale CCI",
        "held_on": date(2026, 11, 17),
        "contact_name": "Camille Durand",
        "advisor_name": "Claire Martin",
        "result_url": "https://g.ex/diagnostic/resultat/abc123",
        "chapters": PICKS,
        "next_session": NextSession(datetime(2027, 1, 15, 13, 30, tzinfo=UTC), "CCI de Lyon, salle 2"),
        "site_url": "https://g.ex",
    }
    values.update(changes)
    return FollowUp(**values)  # type: ignore[arg-type]


def test_the_email_gives_the_result_three_chapters_and_the_next_session():
    subject, body = followup_text(mail())
    assert subject == "Suite à l'atelier « Matinale CCI » du 17/11/2026"
    assert body.startswith("Bonjour Camille Durand,\n")
    assert "\nhttps://g.ex/diagnostic/resultat/abc123\n" in body
    assert "Trois chapitres à relire" in body
    for pick in PICKS:
        assert f"- {pick.title} (pour : {', '.join(pick.axes)})\n  {pick.url}\n" in body
    assert "Prochaine session : le 15/01/2027 à 14h30, CCI de Lyon, salle 2." in body
    assert "prochaine-session.ics" in body
    assert "parviendra à Claire Martin" in body


def test_without_a_result_nor_a_next_session_it_only_thanks():
    _, body = followup_text(mail(result_url="", chapters=(), next_session=None, advisor_name="", contact_name=""))
    assert body.startswith("Bonjour,\n") and "Merci d'avoir participé à l'atelier « Matinale CCI »" in body
    assert "résultat" not in body and "chapitre" not in body and "Prochaine session" not in body
    assert ".ics" not in body and "parviendra" not in body


def test_a_next_session_without_a_place_names_no_place():
    _, body = followup_text(mail(next_session=NextSession(datetime(2027, 7, 1, 12, 30, tzinfo=UTC), "")))
    assert "Prochaine session : le 01/07/2027 à 14h30.\n" in body


def test_the_invitation_is_one_two_hour_event_in_utc_with_a_stable_uid():
    start = datetime(2027, 1, 15, 13, 30, tzinfo=UTC)
    ics = session_ics(
        workshop_id=7,
        title="Matinale CCI",
        starts_at=start,
        place="CCI de Lyon, salle 2",
        host="guide.example",
        url="https://guide.example",
        now=NOW,
    )
    text = ics.decode()
    assert "METHOD:PUBLISH" in text and "DTSTART:20270115T133000Z" in text and "DTEND:20270115T153000Z" in text
    assert "UID:prochaine-session-7@guide.example" in text
    assert "LOCATION:CCI de Lyon\\, salle 2" in text
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert event.decoded("dtstart") == start and event.decoded("dtend") - start == timedelta(hours=2)
    assert "Matinale CCI" in str(event["summary"])
    again = session_ics(
        workshop_id=7, title="Matinale CCI", starts_at=start, place="", host="guide.example", url="u", now=NOW
    )
    assert "UID:prochaine-session-7@guide.example" in again.decode() and "LOCATION" not in again.decode()
    # A naive instant (as SQLite may give it back) is UTC.
    naive = session_ics(
        workshop_id=7, title="T", starts_at=start.replace(tzinfo=None), place="", host="h", url="u", now=NOW
    )
    assert "DTSTART:20270115T133000Z" in naive.decode()
