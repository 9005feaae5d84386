"""Quiz files: 4–5 questions, exactly one correct answer and an explanation each."""

import pytest
from pydantic import ValidationError

from guide_app.quiz.bank import Question, Quiz, quizzes


@pytest.mark.parametrize("quiz", quizzes().values(), ids=lambda q: q.chapter)
def test_quiz_shape(quiz: Quiz):
    assert 4 <= len(quiz.questions) <= 5
    for question in quiz.questions:
        assert sum(c.correct for c in question.choices) == 1
        assert question.explanation
        assert 3 <= len(question.choices) <= 4


def _question(**overrides):
    data = {
        "id": "q",
        "prompt": "Combien ?",
        "choices": [{"id": "a", "text": "Un", "correct": True}, {"id": "b", "text": "Deux"}],
        "explanation": "Parce que.",
    }
    return {**data, **overrides}


def test_two_correct_answers_are_rejected():
    bad = _question(choices=[{"id": "a", "text": "Un", "correct": True}, {"id": "b", "text": "Deux", "correct": True}])
    with pytest.raises(ValidationError, match="exactly one"):
        Question.model_validate(bad)


def test_no_correct_answer_is_rejected():
    with pytest.raises(ValidationError, match="exactly one"):
        Question.model_validate(_question(choices=[{"id": "a", "text": "Un"}, {"id": "b", "text": "Deux"}]))


def test_missing_explanation_is_rejected():
    with pytest.raises(ValidationError):
        Question.model_validate(_question(explanation="  "))


@pytest.mark.parametrize(("count", "mark"), [(1, 1), (3, 2), (4, 3), (5, 3), (10, 6)])
def test_pass_mark_is_sixty_percent_rounded_up(count, mark):
    quiz = Quiz(
        chapter="c", title="T", questions=tuple(Question.model_validate(_question(id=f"q{i}")) for i in range(count))
    )
    assert quiz.pass_mark == mark
