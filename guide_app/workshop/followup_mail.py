"""The follow-up e-mail after a workshop, without the database: what it says, its .ics invitation to the next
session, the chapters it points to, and how the advisor's « Prochaine session » form is read.

followup.py finds the leads and sends; followup_state.py saves the next session. Times are kept aware in UTC and
shown in Paris time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event

from guide_app.core import routes
from guide_app.core.clock import FRANCE, as_utc
from guide_app.core.content import chapter_by_slug
from guide_app.core.format import day
from guide_app.core.forms import Form
from guide_app.core.parse import InputError, parse_date, parse_name
from guide_app.quiz.diagnostic import DiagnosticBank
from guide_app.quiz.scoring import weakest_axes

CHAPTERS = 3  # chapters suggested to each participant
SESSION_LENGTH = timedelta(hours=2)  # the invitation's duration
HORIZON = timedelta(days=731)  # a next session is set at most two years ahead
PLACE_MAX = 200  # Workshop.next_session_place
ICS_NAME = "prochaine-session.ics"
WHEN = "session_when"  # the form's fields
PLACE = "session_place"

WHEN_FIELD = "La date de la prochaine session"
WHEN_FORMAT = f"{WHEN_FIELD} doit être une date et une heure, par exemple 15/01/2027 14:30."
WHEN_MISSING_GAP = f"{WHEN_FIELD} tombe dans l'heure sautée au passage à l'heure d'été : choisissez une autre heure."
WHEN_PAST = f"{WHEN_FIELD} est passée : choisissez une date à venir."
WHEN_TOO_FAR = f"{WHEN_FIELD} est trop lointaine : au plus deux ans à l'avance."
PLACE_WITHOUT_DATE = "Indiquez la date et l'heure de la prochaine session, ou videz aussi le lieu pour la retirer."
_WHEN = re.compile(r"^(\S+?)(?:T|\s+(?:à\s+)?)(\d{1,2})[:hH](\d{2})(?::\d{2}(?:\.\d{1,6})?)?$")
_WHEN_MAX_CHARS = 40


def session_moment(starts_at: datetime) -> str:
    """'15/01/2027 à 14h30', in Paris time."""
    local = as_utc(starts_at).astimezone(FRANCE)
    return f"{day(local.date())} à {local:%H}h{local:%M}"


def input_value(stored: datetime | None) -> str:
    """The stored next session as an <input type="datetime-local"> shows it: 'YYYY-MM-DDTHH:MM', Paris time."""
    if stored is None:
        return ""
    return as_utc(stored).astimezone(FRANCE).strftime("%Y-%m-%dT%H:%M")


# --- The advisor's form ----------------------------------------------------------------------------


def parse_session_start(raw: object, *, now: datetime) -> datetime | None:
    """What the datetime-local input sent ('2027-01-15T14:30'; '15/01/2027 14:30' typed by hand), read in Paris
    time, as an aware UTC instant in the future and within HORIZON; None when left empty."""
    if not isinstance(raw, str):
        raise InputError(WHEN_FORMAT)
    text = raw.strip()
    if not text:
        return None
    match = _WHEN.fullmatch(text) if len(text) <= _WHEN_MAX_CHARS else None
    if match is None:
        raise InputError(WHEN_FORMAT)
    try:
        on: date = parse_date(match[1], field=WHEN_FIELD)
    except InputError as error:
        raise InputError(WHEN_FORMAT) from error
    hour, minute = int(match[2]), int(match[3])
    if hour > 23 or minute > 59:
        raise InputError(WHEN_FORMAT)
    wall = datetime.combine(on, time(hour, minute))
    starts_at = wall.replace(tzinfo=FRANCE).astimezone(UTC)
    if starts_at.astimezone(FRANCE).replace(tzinfo=None) != wall:  # 02:30 on the last Sunday of March
        raise InputError(WHEN_MISSING_GAP)
    if starts_at <= now:
        raise InputError(WHEN_PAST)
    if starts_at > now + HORIZON:
        raise InputError(WHEN_TOO_FAR)
    return starts_at


def parse_place(raw: object) -> str:
    return parse_name(raw, field="Le lieu", max_length=PLACE_MAX, required=False)


@dataclass(frozen=True)
class NextSessionChange:
    starts_at: datetime | None  # aware, UTC; None: no next session
    place: str


def parse_next_session(form_data: object, *, now: datetime) -> tuple[NextSessionChange | None, dict[str, str]]:
    """(the change, errors by field). An empty date removes the next session (the place must be empty too)."""
    form = Form(form_data)
    starts_at = form.field(WHEN, lambda raw: parse_session_start(raw, now=now))
    place = form.field(PLACE, parse_place)
    if form.ok(WHEN, PLACE) and starts_at is None and place:
        form.refuse(WHEN, PLACE_WITHOUT_DATE)
    if form.errors:
        return None, form.errors
    return NextSessionChange(starts_at=starts_at, place=place or ""), {}


# --- The e-mail ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChapterPick:
    title: str
    url: str
    axes: tuple[str, ...]  # labels of the weak axes it helps with, weakest first


def chapters_for(bank: DiagnosticBank, scores: Mapping[str, int], *, base_url: str) -> tuple[ChapterPick, ...]:
    """Up to CHAPTERS different chapters for one result: the chapters of its axes from the weakest up (several axes
    share a chapter), each with the weak axes that led to it."""
    picked: dict[str, list[str]] = {}
    for axis_id in weakest_axes(bank, scores, count=len(bank.axes)):
        axis = bank.axis(axis_id)
        if axis.chapter in picked:
            picked[axis.chapter].append(axis.label)
        elif chapter_by_slug(axis.chapter) is not None:
            picked[axis.chapter] = [axis.label]
            if len(picked) == CHAPTERS:
                break
    base = base_url.rstrip("/")
    found = []
    for slug, labels in picked.items():
        chapter = chapter_by_slug(slug)
        assert chapter is not None
        found.append(ChapterPick(title=chapter.title, url=base + routes.chapter(slug), axes=tuple(labels)))
    return tuple(found)


@dataclass(frozen=True)
class NextSession:
    starts_at: datetime  # aware
    place: str


@dataclass(frozen=True)
class FollowUp:
    workshop_title: str
    held_on: date
    contact_name: str
    advisor_name: str  # "" when the workshop's advisor is gone: replies then reach the guide
    result_url: str  # "" without a finished result
    chapters: tuple[ChapterPick, ...]
    next_session: NextSession | None
    site_url: str


def followup_text(mail: FollowUp) -> tuple[str, str]:
    """(subject, body) of the follow-up e-mail, in French."""
    held = day(mail.held_on)
    subject = f"Suite à l'atelier « {mail.workshop_title} » du {held}"
    lines = [f"Bonjour {mail.contact_name}," if mail.contact_name else "Bonjour,", ""]
    lines.append(f"Merci d'avoir participé à l'atelier « {mail.workshop_title} » du {held}.")
    if mail.result_url:
        lines += ["", "Votre résultat au diagnostic, à garder ou à partager :", mail.result_url]
    if mail.chapters:
        count = len(mail.chapters)
        intro = "Trois chapitres" if count == CHAPTERS else ("Un chapitre" if count == 1 else f"{count} chapitres")
        lines += ["", f"{intro} à relire, choisis d'après vos axes les plus faibles :"]
        for pick in mail.chapters:
            lines += [f"- {pick.title} (pour : {', '.join(pick.axes)})", f"  {pick.url}"]
    if mail.next_session is not None:
        where = f", {mail.next_session.place}" if mail.next_session.place else ""
        lines += [
            "",
            f"Prochaine session : le {session_moment(mail.next_session.starts_at)}{where}.",
            f"L'invitation est jointe ({ICS_NAME}) : ouvrez-la pour l'ajouter à votre agenda.",
        ]
    lines.append("")
    if mail.advisor_name:
        lines.append(f"Une question ? Répondez à cet e-mail : votre réponse parviendra à {mail.advisor_name}.")
    lines += [
        "Vous recevez ce message une seule fois, parce que vous avez laissé vos coordonnées après le diagnostic. "
        "Pour les faire effacer, il suffit de le demander en répondant.",
        "",
        "Guide Digital du Recouvrement",
        mail.site_url,
    ]
    return subject[:200], "\n".join(lines) + "\n"


def session_ics(
    *, workshop_id: int, title: str, starts_at: datetime, place: str, host: str, url: str, now: datetime
) -> bytes:
    """The invitation to the next session (iCalendar, METHOD:PUBLISH): one event of SESSION_LENGTH, in UTC, whose
    UID is the workshop's (a calendar that already has it updates it rather than adding a second one)."""
    start = as_utc(starts_at).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//Guide Digital du Recouvrement//atelier//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"prochaine-session-{workshop_id}@{host or 'localhost'}")
    event.add("dtstamp", as_utc(now).astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + SESSION_LENGTH)
    event.add("summary", f"Atelier « {title} » : prochaine session")
    if place:
        event.add("location", place)
    event.add("description", f"Prochaine session de l'atelier « {title} ». Le guide : {url}")
    event.add("url", url)
    calendar.add_component(event)
    text: bytes = calendar.to_ical()
    return text
