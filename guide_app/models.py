"""All database tables (SQLModel), registered with Reflex so that `reflex db` migrates them."""

from __future__ import annotations

from datetime import datetime

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
