"""All database tables (SQLModel), registered with Reflex so that `reflex db` migrates them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import reflex as rx
import sqlalchemy as sa
from sqlmodel import Field, SQLModel


@rx.ModelRegistry.register
class ChapterProgress(SQLModel, table=True):
    """What one anonymous visitor (browser) has done with one chapter."""

    __table_args__ = (sa.UniqueConstraint("visitor_token", "chapter_slug"),)

    id: int | None = Field(default=None, primary_key=True)
    visitor_token: str = Field(index=True, max_length=64)
    chapter_slug: str = Field(max_length=64)
    read_at: datetime | None = None
    best_score: int | None = None
    question_count: int | None = None
    passed_at: datetime | None = None


@rx.ModelRegistry.register
class QuizAttempt(SQLModel, table=True):
    """One run of the maturity diagnostic by one visitor. Its answers are AttemptAnswer rows."""

    id: int | None = Field(default=None, primary_key=True)
    visitor_token: str = Field(index=True, max_length=64)
    quiz: str = Field(default="diagnostic", max_length=32)
    position: int = 0  # the question on screen, so that a reload resumes there
    started_at: datetime
    finished_at: datetime | None = None
    # Set at the end: the unguessable id of the read-only share link, and the scores it shows.
    share_id: str | None = Field(default=None, unique=True, max_length=32)
    overall: int | None = None
    level_id: str | None = Field(default=None, max_length=32)
    axis_scores: dict[str, int] | None = Field(default=None, sa_column=sa.Column(sa.JSON))
    profile: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(sa.JSON))


@rx.ModelRegistry.register
class AttemptAnswer(SQLModel, table=True):
    """One answer, written as soon as it is given; one row per question, so two tabs cannot lose each other's."""

    __table_args__ = (sa.UniqueConstraint("attempt_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="quizattempt.id", index=True)
    question_id: str = Field(max_length=64)
    answer_id: str = Field(max_length=64)
    answered_at: datetime
