"""A workshop's game in the database: the advisor's moves, the phones' answers, and one snapshot of the room that
the screen, the remote and every phone are built from.

Every move is one conditional UPDATE on the room's row that names the step the advisor saw (phase, question,
round): two clicks at once (the remote and the laptop) move the room once. Answers are inserted once, by one
INSERT … SELECT that also checks that the question is open, its countdown running, the phone still in the room.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from guide_app.core import clock
from guide_app.models import GameAnswer, Workshop, WorkshopParticipant
from guide_app.workshop import game
from guide_app.workshop.export import display_name
from guide_app.workshop.store import GAME

Seen = tuple[str, int, int]  # (phase, question index, round) as the advisor's screen showed it


def is_game(workshop: Workshop | None) -> bool:
    return workshop is not None and workshop.content == GAME


def questions_of(workshop: Workshop) -> tuple[game.GameQuestion, ...]:
    return game.game_questions(workshop.game_chapters, mixed=workshop.game_mixed, seed=workshop.id or 0)


def deadline_of(workshop: Workshop) -> datetime | None:
    return clock.as_utc(workshop.game_deadline) if workshop.game_deadline is not None else None


def seen_of(workshop: Workshop) -> Seen:
    """Where the room is, as screens show it (a countdown that ran out shows "closed")."""
    phase = game.effective_phase(workshop.game_phase, deadline_of(workshop), clock.now())
    return (phase, workshop.game_index, workshop.game_round)


def _move(session: Session, workshop: Workshop, seen: object, **values: object) -> bool:
    """One conditional UPDATE: the room moves only if it is still where the advisor saw it, open, and its row has
    not changed since it was read (the row's own phase, question and round)."""
    if seen != seen_of(workshop):
        return False
    room = Workshop.__table__  # type: ignore[attr-defined]
    result = session.execute(
        sa.update(room)
        .where(
            room.c.id == workshop.id,
            room.c.status == "open",
            room.c.game_phase == workshop.game_phase,
            room.c.game_index == workshop.game_index,
            room.c.game_round == workshop.game_round,
        )
        .values(**values)
    )
    session.commit()
    session.refresh(workshop)
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _open_values(workshop: Workshop, index: int, now: datetime) -> dict[str, object]:
    return {
        "game_phase": "question",
        "game_index": index,
        "game_round": workshop.game_round + 1,
        "game_deadline": now + timedelta(seconds=workshop.game_seconds),
        "game_left_ms": 0,
    }


def advance(session: Session, *, workshop: Workshop, seen: object) -> bool:
    """The advisor's « next »: open the first question, close it, reveal it, show the board, the next question…
    the podium. False if the room was not where the advisor saw it (a double click, another device)."""
    phase, index, _ = seen_of(workshop)
    step = game.next_step(phase, index, len(questions_of(workshop)))
    if step is None:
        return False
    new_phase, new_index = step
    if new_phase == "question":
        return _move(session, workshop, seen, **_open_values(workshop, new_index, clock.now()))
    return _move(session, workshop, seen, game_phase=new_phase, game_index=new_index, game_deadline=None)


def _close(session: Session, workshop_id: int, *conditions: sa.ColumnElement[bool]) -> bool:
    """Closes the room's open question if it is still the one the caller meant (one conditional UPDATE)."""
    room = Workshop.__table__  # type: ignore[attr-defined]
    result = session.execute(
        sa.update(room)
        .where(room.c.id == workshop_id, room.c.game_phase == "question", *conditions)
        .values(game_phase="closed", game_deadline=None)
    )
    session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def close_if_due(session: Session, *, workshop_id: int, round_: int) -> bool:
    """The countdown of this opening reached 0: the question closes (the timer's job; answers were already refused
    by their own check of the deadline)."""
    room = Workshop.__table__  # type: ignore[attr-defined]
    return _close(session, workshop_id, room.c.game_round == round_, room.c.game_deadline <= clock.now())


def close_if_all_answered(session: Session, *, workshop_id: int, index: int, round_: int) -> bool:
    """Everyone in the room (not removed) answered this opening: it closes without waiting for the countdown (one
    UPDATE whose condition counts both)."""
    room = Workshop.__table__  # type: ignore[attr-defined]
    seats = WorkshopParticipant.__table__  # type: ignore[attr-defined]
    answers = GameAnswer.__table__  # type: ignore[attr-defined]
    players = (
        sa.select(sa.func.count())
        .select_from(seats)
        .where(seats.c.workshop_id == workshop_id, seats.c.removed_at.is_(None))
        .scalar_subquery()
    )
    answered = (
        sa.select(sa.func.count())
        .select_from(answers.join(seats, seats.c.id == answers.c.participant_id))
        .where(answers.c.workshop_id == workshop_id, answers.c.question_index == index, seats.c.removed_at.is_(None))
        .scalar_subquery()
    )
    return _close(
        session, workshop_id, room.c.game_index == index, room.c.game_round == round_, answered >= players, players > 0
    )


def pause(session: Session, *, workshop: Workshop, seen: object) -> bool:
    deadline = deadline_of(workshop)
    now = clock.now()
    if seen_of(workshop)[0] != "question" or deadline is None:
        return False
    left = int((deadline - now).total_seconds() * 1000)
    return _move(session, workshop, seen, game_deadline=None, game_left_ms=left)


def resume(session: Session, *, workshop: Workshop, seen: object) -> bool:
    if workshop.game_phase != "question" or workshop.game_deadline is not None:
        return False
    deadline = clock.now() + timedelta(milliseconds=max(workshop.game_left_ms, 1000))
    return _move(session, workshop, seen, game_deadline=deadline, game_left_ms=0)


def reset_question(session: Session, *, workshop: Workshop, seen: object) -> bool:
    """The current question again: its answers erased, its countdown from the start (a new round)."""
    if seen_of(workshop)[0] not in ("question", "closed", "reveal") or workshop.game_index < 0:
        return False
    index = workshop.game_index
    if not _move(session, workshop, seen, **_open_values(workshop, index, clock.now())):
        return False
    session.execute(
        sa.delete(GameAnswer.__table__).where(  # type: ignore[attr-defined]
            GameAnswer.__table__.c.workshop_id == workshop.id,  # type: ignore[attr-defined]
            GameAnswer.__table__.c.question_index == index,  # type: ignore[attr-defined]
        )
    )
    session.commit()
    return True


def set_seconds(session: Session, *, workshop: Workshop, seconds: int) -> None:
    """The countdown of the next openings (the one running keeps its time)."""
    workshop.game_seconds = seconds
    session.add(workshop)
    session.commit()


def remove(session: Session, *, workshop_id: int, participant_id: int) -> WorkshopParticipant | None:
    """Takes a phone out of the room (only a seat of this room); its answers stay, out of the ranking."""
    seat = session.get(WorkshopParticipant, participant_id)
    if seat is None or seat.workshop_id != workshop_id or seat.removed_at is not None:
        return None
    seat.removed_at = clock.now()
    session.add(seat)
    session.commit()
    return seat


# --- Answers ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stored:
    outcome: str  # stored | duplicate | closed | paused | removed
    correct: bool = False
    points: int = 0


def record_answer(
    session: Session, *, workshop: Workshop, seat: WorkshopParticipant, index: int, choice_id: str
) -> Stored:
    """Writes the phone's answer to the open question once, with its points (the rule in game.points). The
    question and choice were checked against the game by the caller, the room and seat just read by it; the INSERT
    checks the room again (a move in between refuses the answer)."""
    assert workshop.id is not None and seat.id is not None
    now = clock.now()
    deadline = deadline_of(workshop)
    if seat.removed_at is not None:
        return Stored("removed")
    if workshop.game_phase == "question" and workshop.game_index == index and deadline is None:
        return Stored("paused")
    if (
        workshop.status != "open"
        or game.effective_phase(workshop.game_phase, deadline, now) != "question"
        or workshop.game_index != index
        or deadline is None
    ):
        return Stored("closed")
    question = questions_of(workshop)[index].question
    correct = choice_id == question.correct_choice.id
    left_ms = int((deadline - now).total_seconds() * 1000)
    earned = game.points(correct=correct, left_ms=left_ms, total_ms=workshop.game_seconds * 1000)
    room = Workshop.__table__  # type: ignore[attr-defined]
    seats = WorkshopParticipant.__table__  # type: ignore[attr-defined]
    table = GameAnswer.__table__  # type: ignore[attr-defined]
    accepted = sa.select(
        sa.literal(workshop.id, sa.Integer),
        sa.literal(seat.id, sa.Integer),
        sa.literal(index, sa.Integer),
        sa.literal(workshop.game_round, sa.Integer),
        sa.literal(question.id, sa.String),
        sa.literal(choice_id, sa.String),
        sa.literal(correct, sa.Boolean),
        sa.literal(earned, sa.Integer),
        sa.literal(left_ms, sa.Integer),
        sa.literal(now, table.c.answered_at.type),
    ).where(
        sa.exists().where(
            room.c.id == workshop.id,
            room.c.status == "open",
            room.c.game_phase == "question",
            room.c.game_index == index,
            room.c.game_round == workshop.game_round,
            room.c.game_deadline > sa.literal(now, room.c.game_deadline.type),
        ),
        sa.exists().where(seats.c.id == seat.id, seats.c.removed_at.is_(None)),
    )
    statement = (
        sa.insert(table)
        .from_select(
            [
                "workshop_id",
                "participant_id",
                "question_index",
                "game_round",
                "question_id",
                "choice_id",
                "correct",
                "points",
                "left_ms",
                "answered_at",
            ],
            accepted,
        )
        .returning(table.c.id)
    )
    try:
        stored = session.execute(statement).first() is not None
        session.commit()
    except IntegrityError:
        session.rollback()
        return Stored("duplicate")
    return Stored("stored", correct, earned) if stored else Stored("closed")


@dataclass(frozen=True)
class OwnAnswer:
    index: int
    round_: int
    choice_id: str
    correct: bool
    points: int


def answers_of(session: Session, *, participant_id: int) -> dict[int, OwnAnswer]:
    return {
        row.question_index: OwnAnswer(row.question_index, row.game_round, row.choice_id, row.correct, row.points)
        for row in session.exec(select(GameAnswer).where(GameAnswer.participant_id == participant_id)).all()
    }


# --- The room's snapshot -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GameNow:
    """Everything a screen, the remote or a phone shows of the game, read once per change."""

    phase: str  # effective: a question whose countdown ran out is "closed"
    index: int
    round_: int
    total: int
    seconds: int
    deadline: datetime | None
    left_ms: int  # while paused
    players: int  # in the room, not removed
    answered: int  # answers to the current question
    distribution: dict[str, int]  # choice id → answers (the current question)
    ranking: tuple[game.Ranked, ...]  # over the questions revealed so far: a hidden answer scores nothing yet
    removed: frozenset[int]  # participant ids the advisor removed
    finished: bool  # the room is closed


def scores(session: Session, *, workshop_id: int, through: int | None = None) -> list[game.Score]:
    """Every phone still in the room with its points (0 before its first right answer), counting the questions up to
    `through` (the last one revealed: a question still hidden adds nothing yet); one grouped query."""
    right = sa.case((col(GameAnswer.correct), 1), else_=0)
    speed = sa.case((col(GameAnswer.correct), col(GameAnswer.left_ms)), else_=0)
    joined_on = col(GameAnswer.participant_id) == col(WorkshopParticipant.id)
    if through is not None:
        joined_on = sa.and_(joined_on, col(GameAnswer.question_index) <= through)
    rows = session.exec(
        select(
            WorkshopParticipant.id,
            WorkshopParticipant.number,
            WorkshopParticipant.pseudonym,
            func.coalesce(func.sum(GameAnswer.points), 0),
            func.coalesce(func.sum(right), 0),
            func.coalesce(func.sum(speed), 0),
        )
        .join(GameAnswer, joined_on, isouter=True)
        .where(WorkshopParticipant.workshop_id == workshop_id, col(WorkshopParticipant.removed_at).is_(None))
        .group_by(col(WorkshopParticipant.id), col(WorkshopParticipant.number), col(WorkshopParticipant.pseudonym))
    ).all()
    return [
        game.Score(pid or 0, display_name(number, pseudonym), int(total), int(right_n), int(left))
        for pid, number, pseudonym, total, right_n, left in rows
    ]


def snapshot(session: Session, *, workshop: Workshop) -> GameNow:
    assert workshop.id is not None
    deadline = deadline_of(workshop)
    phase = game.effective_phase(workshop.game_phase, deadline, clock.now())
    index = workshop.game_index
    distribution: dict[str, int] = {}
    answered = 0
    if index >= 0 and phase in ("question", "closed", "reveal", "board"):
        for choice_id, count in session.exec(
            select(GameAnswer.choice_id, func.count())
            .join(WorkshopParticipant, col(WorkshopParticipant.id) == col(GameAnswer.participant_id))
            .where(
                GameAnswer.workshop_id == workshop.id,
                GameAnswer.question_index == index,
                col(WorkshopParticipant.removed_at).is_(None),
            )
            .group_by(GameAnswer.choice_id)
        ).all():
            distribution[choice_id] = count
            answered += count
    revealed = index if phase in ("reveal", "board", "podium") or workshop.status != "open" else index - 1
    score_rows = scores(session, workshop_id=workshop.id, through=revealed)  # every phone still in the room
    return GameNow(
        phase=phase,
        index=index,
        round_=workshop.game_round,
        total=len(questions_of(workshop)),
        seconds=workshop.game_seconds,
        deadline=deadline if phase == "question" else None,
        left_ms=workshop.game_left_ms,
        players=len(score_rows),
        answered=answered,
        distribution=distribution,
        ranking=tuple(game.ranking(score_rows)),
        removed=frozenset(
            session.exec(
                select(WorkshopParticipant.id).where(
                    WorkshopParticipant.workshop_id == workshop.id, col(WorkshopParticipant.removed_at).is_not(None)
                )
            ).all()
        ),
        finished=workshop.status != "open",
    )


def signature(session: Session, *, workshop_id: int) -> tuple[Any, ...] | None:
    """What a screen's poll compares (one query): the room's step and timing, who is in, and the answers to the
    current question, last. The same signature: nothing to re-read."""
    room = Workshop.__table__  # type: ignore[attr-defined]
    seats = WorkshopParticipant.__table__  # type: ignore[attr-defined]
    answers = GameAnswer.__table__  # type: ignore[attr-defined]
    in_room = sa.select(sa.func.count()).select_from(seats).where(seats.c.workshop_id == room.c.id)
    removed = in_room.where(seats.c.removed_at.is_not(None))
    answered = (
        sa.select(sa.func.count())
        .select_from(answers.join(seats, seats.c.id == answers.c.participant_id))
        .where(
            answers.c.workshop_id == room.c.id,
            answers.c.question_index == room.c.game_index,
            seats.c.removed_at.is_(None),
        )
    )
    row = session.execute(
        sa.select(
            room.c.status,
            room.c.game_phase,
            room.c.game_index,
            room.c.game_round,
            room.c.game_deadline,
            room.c.game_left_ms,
            room.c.game_seconds,
            in_room.scalar_subquery(),
            removed.scalar_subquery(),
            answered.scalar_subquery(),
        ).where(room.c.id == workshop_id)
    ).first()
    return None if row is None else tuple(row)


@dataclass(frozen=True)
class Player:
    participant_id: int
    name: str
    removed: bool


def players_of(session: Session, *, workshop_id: int) -> list[Player]:
    return [
        Player(seat.id or 0, display_name(seat.number, seat.pseudonym), seat.removed_at is not None)
        for seat in session.exec(
            select(WorkshopParticipant)
            .where(WorkshopParticipant.workshop_id == workshop_id)
            .order_by(col(WorkshopParticipant.number))
        ).all()
    ]


def answers_for_export(session: Session, *, workshop_id: int) -> dict[int, dict[int, tuple[str, bool, int]]]:
    """participant id → question index → (choice id, right, points), in one query."""
    found: dict[int, dict[int, tuple[str, bool, int]]] = {}
    for row in session.exec(select(GameAnswer).where(GameAnswer.workshop_id == workshop_id)).all():
        found.setdefault(row.participant_id, {})[row.question_index] = (row.choice_id, row.correct, row.points)
    return found
