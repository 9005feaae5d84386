"""Chapter quizzes from content/quiz/*.yaml. The correct flags never leave the server."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from guide_app.core.content import CONTENT_DIR, Slug, Text

ChoiceId = Annotated[str, StringConstraints(pattern=r"^[a-z]$")]

# Share of right answers, in percent, needed to earn the chapter's ✓.
PASS_PERCENT = 60


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(Strict):
    id: ChoiceId
    text: Text
    correct: bool = False


class Question(Strict):
    id: Slug
    prompt: Text
    choices: tuple[Choice, ...] = Field(min_length=2, max_length=5)
    explanation: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=240)]

    @model_validator(mode="after")
    def _one_correct_answer(self) -> Question:
        if sum(choice.correct for choice in self.choices) != 1:
            raise ValueError(f"question {self.id}: exactly one choice must be correct")
        if len({choice.id for choice in self.choices}) != len(self.choices):
            raise ValueError(f"question {self.id}: duplicate choice id")
        return self

    @property
    def correct_choice(self) -> Choice:
        return next(choice for choice in self.choices if choice.correct)


class Quiz(Strict):
    chapter: Slug
    title: Text
    questions: tuple[Question, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_question_ids(self) -> Quiz:
        if len({q.id for q in self.questions}) != len(self.questions):
            raise ValueError(f"quiz {self.chapter}: duplicate question id")
        return self

    @property
    def pass_mark(self) -> int:
        """Right answers needed to pass (rounded up)."""
        return -(-len(self.questions) * PASS_PERCENT // 100)


def load_quiz(path: Path) -> Quiz:
    return Quiz.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@cache
def quizzes() -> dict[str, Quiz]:
    """Quizzes by chapter slug."""
    loaded = [load_quiz(path) for path in sorted((CONTENT_DIR / "quiz").glob("*.yaml"))]
    by_chapter = {quiz.chapter: quiz for quiz in loaded}
    if len(by_chapter) != len(loaded):
        raise ValueError("two quizzes for the same chapter")
    return by_chapter
