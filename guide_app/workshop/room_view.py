"""What the presentation screen shows, as plain dataclasses for its vars, from the room's grouped figures."""

from __future__ import annotations

from dataclasses import dataclass, field

from guide_app.models import Workshop
from guide_app.quiz.diagnostic import diagnostic_bank
from guide_app.quiz.radar import radar
from guide_app.workshop.aggregates import QuestionStats, RoomSummary, summarize
from guide_app.workshop.export import Contact, ParticipantRow
from guide_app.workshop.room_store import RoomRows, SeatRecord

TOTAL = len(diagnostic_bank().questions)
RESULTS_STEP = 2 * TOTAL  # live steps: -1 lobby, 2i question i open, 2i+1 question i revealed, 2n results


@dataclass
class OptionBar:
    text: str
    count: int
    percent: int


@dataclass
class QuestionPanel:
    number: int = 0
    prompt: str = ""
    answered: int = 0
    options: list[OptionBar] = field(default_factory=list)


@dataclass
class LevelBar:
    label: str
    count: int
    percent: int


@dataclass
class Priority:
    label: str
    score: int
    action: str
    chapter_title: str
    chapter_href: str


@dataclass
class AxisCompare:
    label: str
    room: int  # the room's average, 0–100
    everyone: int  # every diagnostic taken in the app
    gap: str  # « +6 », « −4 », « = »: said in words and sign, never by colour alone


def compare_axes(room: dict[str, int], everyone: dict[str, int]) -> list[AxisCompare]:
    """The room's average beside everyone's, axis by axis in the bank's order (axes both sides have)."""
    rows = []
    for axis in diagnostic_bank().axes:
        if axis.id in room and axis.id in everyone:
            diff = room[axis.id] - everyone[axis.id]
            gap = f"+{diff}" if diff > 0 else f"\u2212{-diff}" if diff < 0 else "="
            rows.append(AxisCompare(axis.label, room[axis.id], everyone[axis.id], gap))
    return rows


def panel(stats: QuestionStats) -> QuestionPanel:
    return QuestionPanel(
        number=stats.number,
        prompt=stats.prompt,
        answered=stats.answered,
        options=[OptionBar(o.text, o.count, o.percent) for o in stats.options],
    )


def room_radar(summary: RoomSummary) -> str:
    """The room's average radar (SVG: it is redrawn often while a room answers)."""
    bank = diagnostic_bank()
    return radar([a.label for a in bank.axes], [summary.axis_averages.get(a.id, 0) for a in bank.axes])


def step_of(workshop: Workshop) -> int:
    if workshop.live_index < 0:
        return -1
    if workshop.live_index >= TOTAL:
        return RESULTS_STEP
    return 2 * workshop.live_index + (1 if workshop.live_revealed else 0)


def export_rows(records: list[SeatRecord]) -> list[ParticipantRow]:
    rows = []
    for record in records:
        attempt, lead = record.attempt, record.lead
        finished = attempt.finished_at is not None
        rows.append(
            ParticipantRow(
                number=record.seat.number,
                pseudonym=record.seat.pseudonym,
                answers=record.answers,
                axis_scores=(attempt.axis_scores or {}) if finished else None,
                overall=attempt.overall if finished else None,
                level_id=attempt.level_id if finished else None,
                contact=Contact(
                    name=lead.contact_name,
                    company=lead.company_name,
                    email=lead.email,
                    phone=lead.phone,
                    consent_version=lead.consent_version,
                    consented_at=lead.consented_at,
                )
                if lead is not None
                else None,
            )
        )
    return rows


def summarize_rows(rows: RoomRows) -> RoomSummary:
    return summarize(
        diagnostic_bank(),
        joined=rows.joined,
        finished=rows.finished,
        answer_counts=rows.answers,
        level_counts=rows.levels,
    )
