"""Reading and writing progress rows; every function acts for one visitor token."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlmodel import Session, select

from guide_app.models import ChapterProgress

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
        row.read_at = datetime.now(UTC)
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
        row.passed_at = datetime.now(UTC)
    session.add(row)
    session.commit()


def progress(session: Session, *, visitor_token: str) -> list[ChapterProgress]:
    return list(session.exec(select(ChapterProgress).where(ChapterProgress.visitor_token == visitor_token)).all())
