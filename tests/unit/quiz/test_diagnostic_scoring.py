"""The maturity diagnostic's bank and scoring: bounds, monotony, reachability, levels."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from guide_app.core import routes
from guide_app.core.content import chapter_by_slug
from guide_app.quiz.diagnostic import UNKNOWN, DiagnosticBank, DiagnosticQuestion, diagnostic_bank
from guide_app.quiz.scoring import level_for, score_diagnostic, weakest_axes

BANK = diagnostic_bank()
SEED_QUESTIONS = ("procedure-relance", "gestion-retards", "cout-recouvrement", "apres-echec")


def answer_sets():
    return st.fixed_dictionaries({q.id: st.sampled_from(q.answer_ids()) for q in BANK.questions})


def test_bank_covers_the_eight_axes_and_the_guides_four_questions():
    assert len(BANK.axes) == 8
    assert 10 <= len(BANK.questions) <= 14
    for question_id in SEED_QUESTIONS:
        assert BANK.question(question_id) is not None
    for axis in BANK.axes:
        assert chapter_by_slug(axis.chapter) is not None, axis.chapter
        assert routes.simulator(axis.simulator) in routes.all_routes([])
        assert axis.simulator in routes.SIMULATOR_TITLES


def test_golden_extremes():
    best = score_diagnostic(BANK, {q.id: q.answers[-1].id for q in BANK.questions})
    worst = score_diagnostic(BANK, {q.id: q.answers[0].id for q in BANK.questions})
    assert (best.overall, best.level_id, best.advanced) == (100, "data", True)
    assert (worst.overall, worst.level_id, worst.advanced) == (0, "debutant", False)
    assert set(best.axes.values()) == {100} and set(worst.axes.values()) == {0}


def test_not_knowing_earns_nothing_and_forged_ids_are_ignored():
    unknown = {q.id: UNKNOWN for q in BANK.questions if q.unknown}
    assert score_diagnostic(BANK, unknown).overall == 0
    assert score_diagnostic(BANK, {"nope": "x", BANK.questions[0].id: "<script>"}).overall == 0


@given(answer_sets())
def test_scores_stay_within_0_and_100(answers):
    score = score_diagnostic(BANK, answers)
    assert 0 <= score.overall <= 100
    assert all(0 <= value <= 100 for value in score.axes.values())
    assert score.level_id == level_for(BANK, score.overall).id


@given(answer_sets(), st.data())
def test_improving_one_answer_never_lowers_any_axis(answers, data):
    question = data.draw(st.sampled_from(BANK.questions))
    current = answers[question.id]
    position = -1 if current == UNKNOWN else [a.id for a in question.answers].index(current)
    better = data.draw(st.sampled_from([a.id for a in question.answers][position + 1 :] or [current]))
    before = score_diagnostic(BANK, answers)
    after = score_diagnostic(BANK, {**answers, question.id: better})
    assert all(after.axes[axis] >= before.axes[axis] for axis in before.axes)
    assert after.overall >= before.overall


def test_every_answer_is_reachable_and_changes_the_score():
    baseline = {q.id: q.answers[0].id for q in BANK.questions}
    for question in BANK.questions:
        for answer in question.answers[1:]:
            assert score_diagnostic(BANK, {**baseline, question.id: answer.id}) != score_diagnostic(BANK, baseline)


def test_levels_partition_0_to_100():
    seen = [level_for(BANK, score).id for score in range(101)]
    assert seen[0] == BANK.levels[0].id and seen[100] == BANK.levels[-1].id
    assert [lv.id for lv in BANK.levels] == list(dict.fromkeys(seen))  # each level once, in order, no gap


def test_weakest_axes_are_the_three_lowest_in_the_guides_order_on_ties():
    axes = {axis.id: 50 for axis in BANK.axes}
    axes["legal"], axes["kpis"] = 10, 20
    assert weakest_axes(BANK, axes) == ["legal", "kpis", BANK.axes[0].id]


def test_an_answer_that_lowers_an_axis_is_refused():
    with pytest.raises(ValidationError, match="gives less"):
        DiagnosticQuestion.model_validate(
            {
                "id": "q",
                "prompt": "?",
                "unknown": False,
                "answers": [{"id": "a", "text": "A", "points": {"x": 2}}, {"id": "b", "text": "B", "points": {"x": 1}}],
            }
        )


def test_levels_with_a_gap_at_zero_are_refused():
    raw = BANK.model_dump()
    raw["levels"][0]["min"] = 5
    with pytest.raises(ValidationError, match="start at 0"):
        DiagnosticBank.model_validate(raw)
