"""The room's figures for the presentation screen (GROUP BY, never one row per participant) and the rows of
the CSV export (every participant, with a lead only for those who opted in)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func
from sqlmodel import Session, col, select

from guide_app.models import AttemptAnswer, Lead, QuizAttempt, WorkshopParticipant
from guide_app.workshop.aggregates import AnswerCount


@dataclass(frozen=True)
class RoomRows:
    joined: int
    finished: int
    answers: tuple[AnswerCount, ...]
    levels: tuple[tuple[str, int], ...]


def room_rows(session: Session, *, workshop_id: int) -> RoomRows:
    finished_flag = col(QuizAttempt.finished_at).is_not(None)
    joined, finished = session.exec(
        select(func.count(col(WorkshopParticipant.id)), func.count(col(QuizAttempt.finished_at)))
        .join(QuizAttempt, col(QuizAttempt.id) == col(WorkshopParticipant.attempt_id))
        .where(WorkshopParticipant.workshop_id == workshop_id)
    ).one()
    answers = session.exec(
        select(AttemptAnswer.question_id, AttemptAnswer.answer_id, finished_flag, func.count())
        .join(WorkshopParticipant, col(WorkshopParticipant.attempt_id) == col(AttemptAnswer.attempt_id))
        .join(QuizAttempt, col(QuizAttempt.id) == col(AttemptAnswer.attempt_id))
        .where(WorkshopParticipant.workshop_id == workshop_id)
        .group_by(AttemptAnswer.question_id, AttemptAnswer.answer_id, finished_flag)
        .order_by(AttemptAnswer.question_id, AttemptAnswer.answer_id, finished_flag)
    ).all()
    levels = session.exec(
        select(QuizAttempt.level_id, func.count())
        .join(WorkshopParticipant, col(WorkshopParticipant.attempt_id) == col(QuizAttempt.id))
        .where(WorkshopParticipant.workshop_id == workshop_id, finished_flag)
        .group_by(QuizAttempt.level_id)
        .order_by(QuizAttempt.level_id)
    ).all()
    return RoomRows(
        joined=joined,
        finished=finished,
        answers=tuple((q, a, bool(f), n) for q, a, f, n in answers),
        levels=tuple((level or "", n) for level, n in levels),
    )


def everyone(session: Session, *, axis_ids: Sequence[str]) -> tuple[int, dict[str, int]]:
    """(how many, average score per axis, rounded half up) of every diagnostic finished in the app, alone or in a
    workshop, anonymous: one aggregate query over the stored axis scores, never a row per person."""
    scores = col(QuizAttempt.axis_scores)
    finished = (col(QuizAttempt.finished_at).is_not(None), scores.is_not(None))
    values = [scores[axis_id].as_float() for axis_id in axis_ids]
    row = session.exec(  # counted: the rows that hold scores (an attempt stored with none has no axis)
        select(func.count(values[0]), *[func.avg(value) for value in values]).where(*finished)
    ).one()
    count, averages = int(row[0]), row[1:]
    return count, {
        axis_id: int(Decimal(str(value)).quantize(Decimal(1), ROUND_HALF_UP))
        for axis_id, value in zip(axis_ids, averages, strict=True)
        if value is not None
    }


@dataclass(frozen=True)
class SeatRecord:
    seat: WorkshopParticipant
    attempt: QuizAttempt
    answers: dict[str, str]
    lead: Lead | None


def seats_for_export(session: Session, *, workshop_id: int) -> list[SeatRecord]:
    """Every participant with their answers and, only if they opted in, their lead (three queries)."""
    pairs = session.exec(
        select(WorkshopParticipant, QuizAttempt)
        .join(QuizAttempt, col(QuizAttempt.id) == col(WorkshopParticipant.attempt_id))
        .where(WorkshopParticipant.workshop_id == workshop_id)
        .order_by(col(WorkshopParticipant.number))
    ).all()
    attempt_ids = [attempt.id for _, attempt in pairs]
    answers: dict[int, dict[str, str]] = {}
    for row in session.exec(select(AttemptAnswer).where(col(AttemptAnswer.attempt_id).in_(attempt_ids))).all():
        answers.setdefault(row.attempt_id, {})[row.question_id] = row.answer_id
    leads = {
        lead.participant_id: lead
        for lead in session.exec(select(Lead).where(Lead.workshop_id == workshop_id)).all()
        if lead.participant_id is not None
    }
    return [
        SeatRecord(seat=seat, attempt=attempt, answers=answers.get(attempt.id or 0, {}), lead=leads.get(seat.id))
        for seat, attempt in pairs
    ]
