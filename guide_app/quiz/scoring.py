"""Checking quiz answers: pure functions over the bank's models."""

from __future__ import annotations

from dataclasses import dataclass

from guide_app.quiz.bank import Question, Quiz


@dataclass(frozen=True)
class Verdict:
    right: bool
    correct_choice_id: str
    explanation: str


class UnknownChoice(ValueError):
    """The answer id is not one of the question's choices (forged or stale)."""


def check_answer(question: Question, choice_id: object) -> Verdict:
    if not isinstance(choice_id, str) or choice_id not in {c.id for c in question.choices}:
        raise UnknownChoice(repr(choice_id)[:40])
    correct = question.correct_choice
    return Verdict(right=choice_id == correct.id, correct_choice_id=correct.id, explanation=question.explanation)


def has_passed(quiz: Quiz, right_answers: int) -> bool:
    return right_answers >= quiz.pass_mark
