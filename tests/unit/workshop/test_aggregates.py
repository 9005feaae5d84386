from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from guide_app.quiz.diagnostic import UNKNOWN, diagnostic_bank
from guide_app.quiz.scoring import axis_maxima, score_diagnostic
from guide_app.workshop.aggregates import summarize

BANK = diagnostic_bank()


def _group(participants: list[tuple[dict[str, str], bool]]):
    """What the database's GROUP BY returns for these participants."""
    counts: dict[tuple[str, str, bool], int] = {}
    for answers, finished in participants:
        for question_id, answer_id in answers.items():
            key = (question_id, answer_id, finished)
            counts[key] = counts.get(key, 0) + 1
    return [(q, a, f, n) for (q, a, f), n in counts.items()]


def _levels(participants):
    levels: dict[str, int] = {}
    for answers, finished in participants:
        if finished:
            level = score_diagnostic(BANK, answers).level_id
            levels[level] = levels.get(level, 0) + 1
    return list(levels.items())


def _summary(participants):
    return summarize(
        BANK,
        joined=len(participants),
        finished=sum(1 for _, finished in participants if finished),
        answer_counts=_group(participants),
        level_counts=_levels(participants),
    )


answer_sets = st.fixed_dictionaries(
    {},
    optional={
        q.id: st.sampled_from([a.id for a in q.answers] + ([UNKNOWN] if q.unknown else [])) for q in BANK.questions
    },
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(answer_sets, st.booleans()), min_size=1, max_size=25))
def test_room_average_is_the_mean_of_the_finished_participants_scores(participants):
    summary = _summary(participants)
    finished = [answers for answers, done in participants if done]
    maxima = axis_maxima(BANK)
    for axis in BANK.axes:
        if not finished:
            assert summary.axis_averages == {}
            continue
        ratios = []
        for answers in finished:
            earned = sum(q.points_of(answers.get(q.id, "")).get(axis.id, 0) for q in BANK.questions)
            ratios.append(Fraction(earned, maxima[axis.id]))
        mean = 100 * sum(ratios, Fraction(0)) / len(ratios)
        assert summary.axis_averages[axis.id] == int(mean + Fraction(1, 2))
    assert sum(level.count for level in summary.levels) == len(finished)
    for question in summary.questions:
        expected = sum(1 for answers, _ in participants if question.question_id in answers)
        assert question.answered == expected
        assert sum(option.count for option in question.options) == expected


def test_distribution_counts_and_percents_per_question():
    q = BANK.questions[0]
    answers = [a.id for a in q.answers]
    participants = [({q.id: answers[0]}, False)] * 3 + [({q.id: answers[1]}, False)]
    summary = _summary(participants)
    first = summary.questions[0]
    assert first.number == 1 and first.prompt == q.prompt and first.answered == 4
    assert [(o.answer_id, o.count, o.percent) for o in first.options[:2]] == [(answers[0], 3, 75), (answers[1], 1, 25)]
    assert all(o.count == 0 and o.percent == 0 for o in summary.questions[1].options)
    assert summary.joined == 4 and summary.finished == 0
    assert summary.axis_averages == {} and summary.weakest == ()


def test_weakest_axes_of_the_room_and_level_labels():
    best = {q.id: q.answers[-1].id for q in BANK.questions}
    worst = {q.id: q.answers[0].id for q in BANK.questions}
    summary = _summary([(best, True), (worst, True)])
    assert set(summary.axis_averages.values()) == {50}
    assert len(summary.weakest) == 3
    assert summary.levels[0].label == BANK.levels[0].label
    assert {level.level_id: level.count for level in summary.levels}[BANK.levels[0].id] == 1


def test_unknown_ids_from_an_older_bank_are_ignored():
    summary = summarize(
        BANK,
        joined=1,
        finished=1,
        answer_counts=[("gone", "x", True, 5), (BANK.questions[0].id, "nope", True, 2)],
        level_counts=[("gone", 1)],
    )
    assert all(q.answered == 0 for q in summary.questions)
    assert set(summary.axis_averages.values()) == {0}
