"""What the presentation screen shows, from a few rows the database grouped (never one row per participant).

Inputs are the GROUP BY results: answers counted per (question, answer, participant finished or not), the
number of participants joined and finished, finished participants counted per level. The room's average radar
is the mean of the finished participants' axis ratios, computed exactly from the counts: for each axis,
Σ count × points ÷ (finished × axis maximum), the same scoring as each participant's own result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from guide_app.quiz.diagnostic import UNKNOWN, UNKNOWN_TEXT, DiagnosticBank
from guide_app.quiz.scoring import axis_maxima, weakest_axes

AnswerCount = tuple[str, str, bool, int]  # question id, answer id, participant finished, count


@dataclass(frozen=True)
class OptionStats:
    answer_id: str
    text: str
    count: int
    percent: int  # of the answers to this question, 0–100


@dataclass(frozen=True)
class QuestionStats:
    question_id: str
    number: int  # 1-based, in the bank's order
    prompt: str
    answered: int
    options: tuple[OptionStats, ...]


@dataclass(frozen=True)
class LevelCount:
    level_id: str
    label: str
    count: int


@dataclass(frozen=True)
class RoomSummary:
    joined: int
    finished: int
    questions: tuple[QuestionStats, ...]
    axis_averages: dict[str, int]  # empty until a participant has finished
    levels: tuple[LevelCount, ...]
    weakest: tuple[str, ...]  # axis ids, weakest first (empty until a participant has finished)


def _half_up(value: Fraction) -> int:
    return int(value + Fraction(1, 2))


def _percent(part: int, whole: int) -> int:
    return _half_up(Fraction(100 * part, whole)) if whole else 0


def question_stats(bank: DiagnosticBank, counts: dict[tuple[str, str], int]) -> tuple[QuestionStats, ...]:
    """Every question with every option, in the bank's order, zeros included (a bar chart keeps its shape)."""
    stats = []
    for number, question in enumerate(bank.questions, start=1):
        choices = [(a.id, a.text) for a in question.answers] + ([(UNKNOWN, UNKNOWN_TEXT)] if question.unknown else [])
        answered = sum(counts.get((question.id, answer_id), 0) for answer_id, _ in choices)
        stats.append(
            QuestionStats(
                question_id=question.id,
                number=number,
                prompt=question.prompt,
                answered=answered,
                options=tuple(
                    OptionStats(
                        answer_id=answer_id,
                        text=text,
                        count=counts.get((question.id, answer_id), 0),
                        percent=_percent(counts.get((question.id, answer_id), 0), answered),
                    )
                    for answer_id, text in choices
                ),
            )
        )
    return tuple(stats)


def average_axes(bank: DiagnosticBank, finished_counts: dict[tuple[str, str], int], finished: int) -> dict[str, int]:
    """Mean axis score (0–100) of the finished participants, from their answers counted per question and answer."""
    if finished <= 0:
        return {}
    earned = dict.fromkeys((axis.id for axis in bank.axes), 0)
    for question in bank.questions:
        for answer in question.answers:
            count = finished_counts.get((question.id, answer.id), 0)
            for axis, points in answer.points.items():
                earned[axis] += count * points
    maxima = axis_maxima(bank)
    return {axis: _half_up(Fraction(100 * earned[axis], finished * maxima[axis])) for axis in earned}


def summarize(
    bank: DiagnosticBank,
    *,
    joined: int,
    finished: int,
    answer_counts: Iterable[AnswerCount],
    level_counts: Iterable[tuple[str, int]],
) -> RoomSummary:
    known = {question.id: set(question.answer_ids()) for question in bank.questions}
    everyone: dict[tuple[str, str], int] = {}
    done: dict[tuple[str, str], int] = {}
    for question_id, answer_id, is_finished, count in answer_counts:
        if answer_id not in known.get(question_id, set()) or count <= 0:
            continue  # a question or answer the bank no longer has: not counted rather than crashing
        key = (question_id, answer_id)
        everyone[key] = everyone.get(key, 0) + count
        if is_finished:
            done[key] = done.get(key, 0) + count
    by_level = dict(level_counts)
    averages = average_axes(bank, done, finished)
    return RoomSummary(
        joined=joined,
        finished=finished,
        questions=question_stats(bank, everyone),
        axis_averages=averages,
        levels=tuple(LevelCount(level.id, level.label, by_level.get(level.id, 0)) for level in bank.levels),
        weakest=tuple(weakest_axes(bank, averages)) if averages else (),
    )
