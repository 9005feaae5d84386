"""Workshops and their participants in the database. Advisor functions take the advisor they act for and
never return another advisor's rows; participant functions take the phone's token and touch only its rows.

Answers are inserted once and never updated: the room's figures are GROUP BY queries over them."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from guide_app.core import clock
from guide_app.models import AttemptAnswer, QuizAttempt, Workshop, WorkshopParticipant
from guide_app.quiz import store as crud
from guide_app.quiz.diagnostic import DiagnosticBank
from guide_app.quiz.scoring import score_diagnostic
from guide_app.workshop.codes import CodesExhausted, is_join_code, new_join_code

ADVISOR_ROLES = ("advisor", "admin")
MODES = ("self_paced", "live")
CONTENTS = ("diagnostic", "jeu")  # what a room runs: the maturity diagnostic, or a chapter-quiz game
GAME = "jeu"  # Workshop.content of a chapter-quiz game (the diagnostic's is "diagnostic")
WORKSHOP_QUIZ = "atelier"  # QuizAttempt.quiz of a participant's attempt: the solo diagnostic never resumes it


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_participant_token(value: object) -> bool:
    return crud.is_visitor_token(value)


def new_participant_token() -> str:
    return secrets.token_urlsafe(32)


# --- Advisors and their workshops ------------------------------------------------------------------


@dataclass(frozen=True)
class GameSettings:
    chapters: str  # the chapter slugs, comma-separated (game.parse_chapters)
    mixed: bool
    seconds: int


def create_workshop(
    session: Session, *, advisor_id: int, title: str, held_on: date, mode: str, game: GameSettings | None = None
) -> Workshop:
    """A new open room with a code no other open room uses (the partial unique index settles a race). With game
    settings, a chapter-quiz game (driven step by step, like the live mode)."""
    for _ in range(5):
        taken = set(session.exec(select(Workshop.code).where(Workshop.status == "open")).all())
        workshop = Workshop(
            advisor_id=advisor_id,
            title=title,
            held_on=held_on,
            mode="live" if game else mode,
            code=new_join_code(taken),
            created_at=clock.now(),
        )
        if game is not None:
            workshop.content = GAME
            workshop.game_chapters, workshop.game_mixed, workshop.game_seconds = game.chapters, game.mixed, game.seconds
        session.add(workshop)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            continue
        session.refresh(workshop)
        return workshop
    raise CodesExhausted("five collisions in a row")


@dataclass(frozen=True)
class WorkshopLine:
    workshop: Workshop
    joined: int


def workshops_of(session: Session, *, advisor_id: int) -> list[WorkshopLine]:
    joined = func.count(col(WorkshopParticipant.id))
    rows = session.exec(
        select(Workshop, joined)
        .join(WorkshopParticipant, col(WorkshopParticipant.workshop_id) == col(Workshop.id), isouter=True)
        .where(Workshop.advisor_id == advisor_id)
        .group_by(col(Workshop.id))
        .order_by(col(Workshop.held_on).desc(), col(Workshop.id).desc())
    ).all()
    return [WorkshopLine(workshop=w, joined=n) for w, n in rows]


def open_workshop_by_code(session: Session, *, code: str) -> Workshop | None:
    if not is_join_code(code):
        return None
    return session.exec(select(Workshop).where(Workshop.code == code, Workshop.status == "open")).first()


def set_live(session: Session, *, workshop: Workshop, index: int, revealed: bool) -> None:
    workshop.live_index, workshop.live_revealed = index, revealed
    session.add(workshop)
    session.commit()


def finish_room(session: Session, *, workshop_id: int, bank: DiagnosticBank) -> int:
    """Scores every unfinished participant on what they answered (live results, closing). One query for the
    answers, one transaction for the results. Returns how many were finished."""
    attempts = session.exec(
        select(QuizAttempt)
        .join(WorkshopParticipant, col(WorkshopParticipant.attempt_id) == col(QuizAttempt.id))
        .where(WorkshopParticipant.workshop_id == workshop_id, col(QuizAttempt.finished_at).is_(None))
    ).all()
    if not attempts:
        return 0
    answers: dict[int, dict[str, str]] = {}
    for row in session.exec(
        select(AttemptAnswer).where(col(AttemptAnswer.attempt_id).in_([a.id for a in attempts]))
    ).all():
        answers.setdefault(row.attempt_id, {})[row.question_id] = row.answer_id
    now = clock.now()
    for attempt in attempts:
        assert attempt.id is not None
        _set_result(attempt, bank, answers.get(attempt.id, {}), now)
        session.add(attempt)
    session.commit()
    return len(attempts)


def close_workshop(session: Session, *, workshop: Workshop, bank: DiagnosticBank) -> None:
    """Everyone gets a result from what they answered (a game keeps its scores: it gives no diagnostic); the code is
    free again for a new room."""
    assert workshop.id is not None
    if workshop.content != GAME:
        finish_room(session, workshop_id=workshop.id, bank=bank)
    else:
        workshop.game_phase, workshop.game_deadline = "podium", None
    workshop.status = "closed"
    workshop.closed_at = clock.now()
    session.add(workshop)
    session.commit()


# --- Participants ----------------------------------------------------------------------------------


def participant(session: Session, *, workshop_id: int, token: object) -> WorkshopParticipant | None:
    if not is_participant_token(token):
        return None
    assert isinstance(token, str)
    return session.exec(
        select(WorkshopParticipant).where(
            WorkshopParticipant.workshop_id == workshop_id, WorkshopParticipant.token_hash == digest(token)
        )
    ).first()


def latest_participation(session: Session, *, code: str, token: object) -> WorkshopParticipant | None:
    """This phone's most recent participation in a room with this code, open or closed."""
    if not is_participant_token(token) or not is_join_code(code):
        return None
    assert isinstance(token, str)
    return session.exec(
        select(WorkshopParticipant)
        .join(Workshop, col(Workshop.id) == col(WorkshopParticipant.workshop_id))
        .where(Workshop.code == code, WorkshopParticipant.token_hash == digest(token))
        .order_by(col(WorkshopParticipant.id).desc())
    ).first()


def join(
    session: Session, *, workshop: Workshop, token: str, pseudonym: str, visitor_token: str, client_token: str
) -> WorkshopParticipant:
    """The phone's seat in the room (the same one again if it already joined): a number, an attempt."""
    assert workshop.id is not None
    for _ in range(10):
        existing = participant(session, workshop_id=workshop.id, token=token)
        if existing is not None:
            return existing
        number = (
            session.exec(
                select(func.max(WorkshopParticipant.number)).where(WorkshopParticipant.workshop_id == workshop.id)
            ).one()
            or 0
        ) + 1
        attempt = QuizAttempt(visitor_token=visitor_token, quiz=WORKSHOP_QUIZ, started_at=clock.now())
        session.add(attempt)
        session.flush()
        assert attempt.id is not None
        seat = WorkshopParticipant(
            workshop_id=workshop.id,
            token_hash=digest(token),
            number=number,
            pseudonym=pseudonym,
            attempt_id=attempt.id,
            joined_at=clock.now(),
            client_token=client_token or None,
        )
        session.add(seat)
        try:
            session.commit()
        except IntegrityError:  # two phones took the same number at once: try the next one
            session.rollback()
            continue
        session.refresh(seat)
        return seat
    raise RuntimeError("could not seat the participant")


def remember_client(session: Session, *, seat: WorkshopParticipant, client_token: str) -> None:
    """Where live updates reach this phone now (a reload keeps it; a new tab changes it)."""
    if client_token and seat.client_token != client_token and len(client_token) <= 64:
        seat.client_token = client_token
        session.add(seat)
        session.commit()


def seat_of_client(session: Session, *, workshop_id: int, client_token: str) -> WorkshopParticipant | None:
    """The seat whose phone last showed the room in the browser tab of this client token."""
    if not client_token or len(client_token) > 64:
        return None
    return session.exec(
        select(WorkshopParticipant).where(
            WorkshopParticipant.workshop_id == workshop_id, WorkshopParticipant.client_token == client_token
        )
    ).first()


def client_tokens(session: Session, *, workshop_id: int) -> list[str]:
    return [
        token
        for token in session.exec(
            select(WorkshopParticipant.client_token).where(
                WorkshopParticipant.workshop_id == workshop_id, col(WorkshopParticipant.client_token).is_not(None)
            )
        ).all()
        if token
    ]


def record_answer(
    session: Session, *, workshop_id: int, attempt_id: int, question_id: str, answer_id: str, index: int
) -> str:
    """Inserts the answer once, in one statement that also checks the room accepts it (open; in live mode,
    this question open): "stored", "duplicate" (answered already: the first answer stays) or "closed".
    The ids were checked against the bank by the caller."""
    room = Workshop.__table__  # type: ignore[attr-defined]
    table = AttemptAnswer.__table__  # type: ignore[attr-defined]
    accepted = sa.select(
        sa.literal(attempt_id, sa.Integer),
        sa.literal(question_id, sa.String),
        sa.literal(answer_id, sa.String),
        sa.literal(clock.now(), table.c.answered_at.type),
    ).where(
        room.c.id == workshop_id,
        room.c.status == "open",
        sa.or_(room.c.mode != "live", sa.and_(room.c.live_index == index, room.c.live_revealed == sa.false())),
    )
    statement = (
        sa.insert(table)
        .from_select(["attempt_id", "question_id", "answer_id", "answered_at"], accepted)
        .returning(table.c.id)  # rowcount of INSERT … SELECT is not reliable on every driver (psycopg)
    )
    try:
        stored = session.execute(statement).first() is not None
        session.commit()
    except IntegrityError:
        session.rollback()
        return "duplicate"
    return "stored" if stored else "closed"


def _set_result(attempt: QuizAttempt, bank: DiagnosticBank, answers: dict[str, str], now: datetime) -> None:
    score = score_diagnostic(bank, answers)
    attempt.finished_at = now
    attempt.overall, attempt.level_id, attempt.axis_scores = score.overall, score.level_id, score.axes
    attempt.share_id = secrets.token_urlsafe(16)


def finish_participant(session: Session, *, attempt_id: int, bank: DiagnosticBank) -> None:
    attempt = session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.finished_at is not None:
        return
    _set_result(attempt, bank, crud.answers_of(session, attempt_id=attempt_id), clock.now())
    session.add(attempt)
    session.commit()


def seat_of_attempt(session: Session, *, attempt_id: int) -> WorkshopParticipant | None:
    return session.exec(select(WorkshopParticipant).where(WorkshopParticipant.attempt_id == attempt_id)).first()


def workshops_by_id(session: Session, ids: Sequence[int]) -> dict[int, Workshop]:
    if not ids:
        return {}
    return {w.id: w for w in session.exec(select(Workshop).where(col(Workshop.id).in_(list(ids)))).all() if w.id}
