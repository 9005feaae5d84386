import pytest

from guide_app.quiz.bank import quizzes
from guide_app.quiz.scoring import UnknownChoice, check_answer, has_passed

QUIZ = next(iter(quizzes().values()))
QUESTION = QUIZ.questions[0]


def test_right_answer():
    correct = QUESTION.correct_choice.id
    verdict = check_answer(QUESTION, correct)
    assert verdict.right and verdict.correct_choice_id == correct
    assert verdict.explanation == QUESTION.explanation


def test_wrong_answer_reveals_the_right_one():
    wrong = next(c.id for c in QUESTION.choices if not c.correct)
    verdict = check_answer(QUESTION, wrong)
    assert not verdict.right and verdict.correct_choice_id == QUESTION.correct_choice.id


@pytest.mark.parametrize("forged", ["z", "", "A", None, 1, {"id": "a"}, ["a"], "<script>alert(1)</script>"])
def test_forged_answers_are_rejected(forged):
    with pytest.raises(UnknownChoice):
        check_answer(QUESTION, forged)


def test_pass_needs_the_pass_mark():
    assert has_passed(QUIZ, QUIZ.pass_mark)
    assert not has_passed(QUIZ, QUIZ.pass_mark - 1)
