"""Reading and writing rows; every function acts for one visitor token and touches only its rows."""

from __future__ import annotations

import re
import secrets
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from guide_app.core import clock
from guide_app.core.owner import owned
from guide_app.models import AttemptAnswer, ChapterProgress, QuizAttempt

# Tokens are made by new_visitor_token(); anything else from a browser is ignored.
VISITOR_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def is_visitor_token(value: object) -> bool:
    return isinstance(value, str) and VISITOR_TOKEN.fullmatch(value) is not None


def _row(session: Session, *, visitor_token: str, chapter_slug: str) -> ChapterProgress:
    row = session.exec(
        select(ChapterProgress).where(
            ChapterProgress.visitor_token == visitor_token,
            ChapterProgress.chapter_slug == chapter_slug,
        )
    ).first()
    return row or ChapterProgress(visitor_token=visitor_token, chapter_slug=chapter_slug)


def mark_read(session: Session, *, visitor_token: str, chapter_slug: str) -> None:
    row = _row(session, visitor_token=visitor_token, chapter_slug=chapter_slug)
    if row.read_at is None:
        row.read_at = clock.now()
        session.add(row)
        session.commit()


def record_quiz(
    session: Session, *, visitor_token: str, chapter_slug: str, score: int, question_count: int, passed: bool
) -> None:
    """Keeps the best score; a pass is never taken back by a worse later attempt."""
    row = _row(session, visitor_token=visitor_token, chapter_slug=chapter_slug)
    row.best_score = max(score, row.best_score or 0)
    row.question_count = question_count
    if passed and row.passed_at is None:
        row.passed_at = clock.now()
    session.add(row)
    session.commit()


def progress(session: Session, *, visitor_token: str) -> list[ChapterProgress]:
    return list(session.exec(select(ChapterProgress).where(ChapterProgress.visitor_token == visitor_token)).all())


# --- Diagnostic attempts ---------------------------------------------------------------------------


def latest_attempt(session: Session, *, visitor_token: str, finished: bool | None = None) -> QuizAttempt | None:
    query = select(QuizAttempt).where(QuizAttempt.visitor_token == visitor_token)
    if finished is not True:  # a workshop's unfinished attempt ("atelier") is resumed in its room, not here
        query = query.where(QuizAttempt.quiz == "diagnostic")
    if finished is not None:
        query = query.where(
            col(QuizAttempt.finished_at).is_not(None) if finished else col(QuizAttempt.finished_at).is_(None)
        )
    return session.exec(query.order_by(col(QuizAttempt.id).desc())).first()


def finished_attempts(session: Session, *, visitor_token: str, limit: int = 2) -> list[QuizAttempt]:
    """The visitor's last finished attempts, newest first."""
    query = (
        select(QuizAttempt)
        .where(QuizAttempt.visitor_token == visitor_token, col(QuizAttempt.finished_at).is_not(None))
        .order_by(col(QuizAttempt.id).desc())
        .limit(limit)
    )
    return list(session.exec(query).all())


def start_attempt(session: Session, *, visitor_token: str) -> QuizAttempt:
    """Resumes the unfinished attempt if there is one: two tabs never start two."""
    attempt = latest_attempt(session, visitor_token=visitor_token, finished=False)
    if attempt is None:
        attempt = QuizAttempt(visitor_token=visitor_token, started_at=clock.now())
        session.add(attempt)
        session.commit()
        session.refresh(attempt)
    return attempt


def own_open_attempt(session: Session, *, attempt_id: int, visitor_token: str) -> QuizAttempt | None:
    attempt = owned(session, QuizAttempt, attempt_id, owner=visitor_token, by="visitor_token")
    return attempt if attempt is not None and attempt.finished_at is None else None


def answers_of(session: Session, *, attempt_id: int) -> dict[str, str]:
    rows = session.exec(select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt_id)).all()
    return {row.question_id: row.answer_id for row in rows}


def save_answer(session: Session, *, attempt: QuizAttempt, question_id: str, answer_id: str, position: int) -> None:
    """Insert or replace the answer to one question (the caller validated both ids against the bank)."""
    assert attempt.id is not None
    now = clock.now()
    row = session.exec(
        select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt.id, AttemptAnswer.question_id == question_id)
    ).first()
    if row is None:
        row = AttemptAnswer(attempt_id=attempt.id, question_id=question_id, answer_id=answer_id, answered_at=now)
    else:
        row.answer_id, row.answered_at = answer_id, now
    attempt.position = position
    session.add_all([row, attempt])
    try:
        session.commit()
    except IntegrityError:  # another tab inserted the same question first: keep the latest answer
        session.rollback()
        save_answer(session, attempt=attempt, question_id=question_id, answer_id=answer_id, position=position)


def move_to(session: Session, *, attempt: QuizAttempt, position: int) -> None:
    attempt.position = position
    session.add(attempt)
    session.commit()


def finish_attempt(
    session: Session,
    *,
    attempt: QuizAttempt,
    overall: int,
    level_id: str,
    axis_scores: dict[str, int],
    profile: dict[str, Any] | None,
) -> str:
    """Stores the result and returns the new share id."""
    attempt.finished_at = clock.now()
    attempt.overall, attempt.level_id, attempt.axis_scores = overall, level_id, axis_scores
    attempt.profile = profile
    attempt.share_id = secrets.token_urlsafe(16)
    session.add(attempt)
    session.commit()
    return attempt.share_id


def shared_attempt(session: Session, *, share_id: object) -> QuizAttempt | None:
    if not isinstance(share_id, str) or not re.fullmatch(r"[A-Za-z0-9_-]{16,32}", share_id):
        return None
    return session.exec(select(QuizAttempt).where(QuizAttempt.share_id == share_id)).first()
