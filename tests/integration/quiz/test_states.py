"""Visitor progress and chapter quizzes, through the real state classes and a real SQLite database."""

from __future__ import annotations

from guide_app.core.content import chapters, keep_numbers_whole
from guide_app.quiz import store as crud
from guide_app.quiz.bank import quizzes
from guide_app.quiz.state import QuizState
from guide_app.quiz.visitor_state import VisitorState
from tests.integration.owners import sub

FIRST = chapters()[0]
QUIZ = quizzes()[FIRST.slug]


def _play(quiz_state: QuizState, picks: list[str]) -> None:
    for pick in picks:
        QuizState.answer.fn(quiz_state, pick)
        QuizState.next_question.fn(quiz_state)


def test_first_visit_gets_a_durable_token_and_empty_progress(new_browser):
    visitor = sub(new_browser(), VisitorState)
    VisitorState.load_progress.fn(visitor)
    assert crud.is_visitor_token(visitor.visitor_token)
    assert visitor.read_slugs == [] and visitor.passed_slugs == []


def test_a_forged_token_is_replaced(new_browser):
    visitor = sub(new_browser(visitor_token="<script>alert(1)</script>"), VisitorState)
    VisitorState.load_progress.fn(visitor)
    assert crud.is_visitor_token(visitor.visitor_token)


def test_progress_survives_a_new_tab_with_the_same_browser_storage(new_browser):
    first_tab = sub(new_browser(), VisitorState)
    VisitorState.load_progress.fn(first_tab)
    VisitorState.mark_read.fn(first_tab, FIRST.slug)
    VisitorState.mark_read.fn(first_tab, FIRST.slug)  # idempotent

    quiz = sub(new_browser(visitor_token=first_tab.visitor_token), QuizState)
    QuizState.start.fn(quiz, FIRST.slug)
    _play(quiz, [q.correct_choice.id for q in QUIZ.questions])
    assert quiz.finished and quiz.passed and quiz.score == len(QUIZ.questions)

    later = sub(new_browser(visitor_token=first_tab.visitor_token), VisitorState)
    VisitorState.load_progress.fn(later)
    assert later.read_slugs == [FIRST.slug]
    assert later.passed_slugs == [FIRST.slug]

    stranger = sub(new_browser(), VisitorState)
    VisitorState.load_progress.fn(stranger)
    assert stranger.read_slugs == [] and stranger.passed_slugs == []


def test_a_failed_retry_does_not_take_back_a_pass(new_browser):
    root = new_browser()
    quiz = sub(root, QuizState)
    QuizState.start.fn(quiz, FIRST.slug)
    _play(quiz, [q.correct_choice.id for q in QUIZ.questions])
    QuizState.restart.fn(quiz)
    wrong = [next(c.id for c in q.choices if not c.correct) for q in QUIZ.questions]
    _play(quiz, wrong)
    assert quiz.finished and not quiz.passed and quiz.score == 0
    VisitorState.load_progress.fn(sub(root, VisitorState))
    assert sub(root, VisitorState).passed_slugs == [FIRST.slug]


def test_the_answer_is_revealed_only_after_answering(new_browser):
    quiz = sub(new_browser(), QuizState)
    QuizState.start.fn(quiz, FIRST.slug)
    assert quiz.correct_id == "" and quiz.explanation == ""
    assert all(set(choice) == {"id", "text"} for choice in quiz.choices)
    QuizState.answer.fn(quiz, QUIZ.questions[0].choices[0].id)
    assert quiz.correct_id == QUIZ.questions[0].correct_choice.id
    assert quiz.explanation == keep_numbers_whole(QUIZ.questions[0].explanation)


def test_forged_or_repeated_answers_change_nothing(new_browser):
    quiz = sub(new_browser(), QuizState)
    QuizState.start.fn(quiz, FIRST.slug)
    for forged in ("zz", None, 42, {"id": "a"}, "<script>"):
        QuizState.answer.fn(quiz, forged)
        assert not quiz.answered and quiz.error
    right = QUIZ.questions[0].correct_choice.id
    QuizState.answer.fn(quiz, right)
    QuizState.answer.fn(quiz, right)  # a second tap must not score twice
    assert quiz.score == 1 and quiz.error == ""
    QuizState.next_question.fn(quiz)
    QuizState.next_question.fn(quiz)  # cannot skip an unanswered question
    assert quiz.index == 1


def test_unknown_chapters_are_ignored(new_browser):
    root = new_browser()
    quiz = sub(root, QuizState)
    QuizState.start.fn(quiz, "n-existe-pas")
    QuizState.start.fn(quiz, ["liste"])
    assert quiz.slug == "" and quiz.total == 0
    visitor = sub(root, VisitorState)
    VisitorState.mark_read.fn(visitor, "../../etc/passwd")
    VisitorState.load_progress.fn(visitor)
    assert visitor.read_slugs == []


def test_reconnecting_resumes_the_quiz_in_progress(new_browser):
    quiz = sub(new_browser(), QuizState)
    QuizState.start.fn(quiz, FIRST.slug)
    QuizState.answer.fn(quiz, QUIZ.questions[0].correct_choice.id)
    QuizState.next_question.fn(quiz)
    QuizState.start.fn(quiz, FIRST.slug)  # on_load runs again after a reconnect
    assert quiz.index == 1 and quiz.score == 1
