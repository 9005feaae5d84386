"""Checking chapter-quiz answers and scoring the maturity diagnostic: pure functions over the banks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from guide_app.quiz.bank import Question, Quiz
from guide_app.quiz.diagnostic import DiagnosticBank, Level


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


# --- Maturity diagnostic -------------------------------------------------------------------------


@dataclass(frozen=True)
class DiagnosticScore:
    overall: int  # 0–100: the mean of the axis scores
    axes: dict[str, int]  # axis id → 0–100
    level_id: str
    advanced: bool  # the guide's verdict: « déjà avancé » rather than « plutôt novice »


def _half_up(value: Fraction) -> int:
    return int(value + Fraction(1, 2))


def axis_maxima(bank: DiagnosticBank) -> dict[str, int]:
    maxima = dict.fromkeys((axis.id for axis in bank.axes), 0)
    for question in bank.questions:
        for axis in question.axes():
            maxima[axis] += max(answer.points.get(axis, 0) for answer in question.answers)
    return maxima


def level_for(bank: DiagnosticBank, overall: int) -> Level:
    return [level for level in bank.levels if level.min <= overall][-1]


def score_diagnostic(bank: DiagnosticBank, answers: Mapping[str, str]) -> DiagnosticScore:
    """Unanswered questions and « je ne sais pas » earn nothing; unknown ids are ignored."""
    earned = dict.fromkeys((axis.id for axis in bank.axes), 0)
    for question in bank.questions:
        for axis, points in question.points_of(answers.get(question.id, "")).items():
            earned[axis] += points
    maxima = axis_maxima(bank)
    ratios = {axis: Fraction(earned[axis], maxima[axis]) for axis in earned}
    overall = _half_up(100 * sum(ratios.values(), Fraction(0)) / len(ratios))
    return DiagnosticScore(
        overall=overall,
        axes={axis: _half_up(100 * ratio) for axis, ratio in ratios.items()},
        level_id=level_for(bank, overall).id,
        advanced=overall >= bank.advanced_from,
    )


def weakest_axes(bank: DiagnosticBank, axes: Mapping[str, int], count: int = 3) -> list[str]:
    """The lowest-scoring axes; ties keep the bank's order (the order of the guide)."""
    order = [axis.id for axis in bank.axes]
    return sorted((a for a in order if a in axes), key=lambda a: (axes[a], order.index(a)))[:count]
