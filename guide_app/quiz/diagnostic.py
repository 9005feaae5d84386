"""The maturity diagnostic's bank (content/diagnostic.yaml): axes, levels, questions with per-axis points.

Points never leave the server. Loading checks what scoring relies on: answers ordered from least to most
mature (no axis loses points from one answer to the next), levels that partition 0–100, known axes.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from guide_app.core.content import CONTENT_DIR, Slug, Text

AxisId = Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")]
UNKNOWN = "je-ne-sais-pas"  # the answer id of « Je ne sais pas », worth no point
UNKNOWN_TEXT = "Je ne sais pas"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Axis(Strict):
    id: AxisId
    label: Text
    action: Text
    chapter: Slug
    simulator: Slug


class Level(Strict):
    id: Slug
    label: Text
    min: int = Field(ge=0, le=100)
    summary: Text


class Answer(Strict):
    id: Slug
    text: Text
    points: dict[AxisId, int]

    @model_validator(mode="after")
    def _not_the_unknown_id(self) -> Answer:
        if self.id == UNKNOWN:
            raise ValueError(f"answer id {UNKNOWN!r} is reserved")
        if any(value < 0 for value in self.points.values()):
            raise ValueError(f"answer {self.id}: negative points")
        return self


class DiagnosticQuestion(Strict):
    id: Slug
    prompt: Text
    unknown: bool  # offer « Je ne sais pas » when not knowing is an honest answer
    answers: tuple[Answer, ...] = Field(min_length=2, max_length=5)

    def answer_ids(self) -> list[str]:
        return [a.id for a in self.answers] + ([UNKNOWN] if self.unknown else [])

    def points_of(self, answer_id: str) -> dict[str, int]:
        return next((a.points for a in self.answers if a.id == answer_id), {})

    def axes(self) -> set[str]:
        return {axis for answer in self.answers for axis in answer.points}

    @model_validator(mode="after")
    def _answers_grow_in_maturity(self) -> DiagnosticQuestion:
        if len({a.id for a in self.answers}) != len(self.answers):
            raise ValueError(f"question {self.id}: duplicate answer id")
        for lower, higher in zip(self.answers, self.answers[1:], strict=False):
            for axis in self.axes():
                if higher.points.get(axis, 0) < lower.points.get(axis, 0):
                    raise ValueError(f"question {self.id}: {higher.id} gives less {axis} than {lower.id}")
        return self


class DiagnosticBank(Strict):
    axes: tuple[Axis, ...] = Field(min_length=3)
    levels: tuple[Level, ...] = Field(min_length=2)
    advanced_from: int = Field(ge=1, le=100)
    questions: tuple[DiagnosticQuestion, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> DiagnosticBank:
        axis_ids = [a.id for a in self.axes]
        if len(set(axis_ids)) != len(axis_ids):
            raise ValueError("duplicate axis id")
        if len({q.id for q in self.questions}) != len(self.questions):
            raise ValueError("duplicate question id")
        used = set().union(*(q.axes() for q in self.questions))
        if used - set(axis_ids):
            raise ValueError(f"unknown axes {sorted(used - set(axis_ids))}")
        if set(axis_ids) - used:
            raise ValueError(f"axes without a question {sorted(set(axis_ids) - used)}")
        mins = [level.min for level in self.levels]
        if mins[0] != 0 or mins != sorted(set(mins)):
            raise ValueError("levels must start at 0 and rise strictly")
        return self

    def question(self, question_id: str) -> DiagnosticQuestion | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def axis(self, axis_id: str) -> Axis:
        return next(a for a in self.axes if a.id == axis_id)


@cache
def diagnostic_bank() -> DiagnosticBank:
    raw = yaml.safe_load((CONTENT_DIR / "diagnostic.yaml").read_text(encoding="utf-8"))
    return DiagnosticBank.model_validate(raw)
