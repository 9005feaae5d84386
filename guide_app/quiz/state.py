"""One chapter quiz at a time: the browser only learns the right answer after answering."""

from __future__ import annotations

import reflex as rx

from guide_app.core.content import keep_numbers_whole
from guide_app.quiz import store as crud
from guide_app.quiz.bank import Question, Quiz, quizzes
from guide_app.quiz.scoring import UnknownChoice, check_answer, has_passed
from guide_app.quiz.visitor_state import VisitorState


class QuizState(VisitorState):
    slug: str = ""
    title: str = ""
    index: int = 0
    total: int = 0
    pass_mark: int = 0
    prompt: str = ""
    choices: list[dict[str, str]] = []
    picked_id: str = ""
    correct_id: str = ""
    explanation: str = ""
    answered: bool = False
    right: bool = False
    score: int = 0
    finished: bool = False
    passed: bool = False
    error: str = ""

    def _quiz(self) -> Quiz | None:
        return quizzes().get(self.slug)

    def _show(self, question: Question) -> None:
        self.prompt = keep_numbers_whole(question.prompt)
        self.choices = [{"id": c.id, "text": keep_numbers_whole(c.text)} for c in question.choices]
        self.picked_id = self.correct_id = self.explanation = self.error = ""
        self.answered = self.right = False

    @rx.event
    def start(self, slug: str) -> None:
        """on_load: resumes the quiz in progress (reconnects re-run it), or starts this chapter's."""
        if not isinstance(slug, str) or slug not in quizzes():
            return
        if slug != self.slug:
            self.slug = slug
            self._restart()

    @rx.event
    def restart(self) -> None:
        self._restart()

    def _restart(self) -> None:
        quiz = self._quiz()
        if quiz is None:
            return
        self.title = quiz.title
        self.total = len(quiz.questions)
        self.pass_mark = quiz.pass_mark
        self.index = self.score = 0
        self.finished = self.passed = False
        self._show(quiz.questions[0])

    @rx.event
    def answer(self, choice_id: str) -> None:
        quiz = self._quiz()
        if quiz is None or self.finished or self.answered:
            return
        try:
            verdict = check_answer(quiz.questions[self.index], choice_id)
        except UnknownChoice:
            self.error = "Cette réponse ne fait pas partie des choix proposés."
            return
        self.picked_id = choice_id
        self.correct_id = verdict.correct_choice_id
        self.explanation = keep_numbers_whole(verdict.explanation)
        self.right = verdict.right
        self.answered = True
        self.error = ""
        self.score += int(verdict.right)

    @rx.event
    def next_question(self) -> None:
        quiz = self._quiz()
        if quiz is None or not self.answered or self.finished:
            return
        if self.index + 1 < self.total:
            self.index += 1
            self._show(quiz.questions[self.index])
            return
        self.finished = True
        self.passed = has_passed(quiz, self.score)
        with rx.session() as session:
            crud.record_quiz(
                session,
                visitor_token=self._token(),
                chapter_slug=self.slug,
                score=self.score,
                question_count=self.total,
                passed=self.passed,
            )
        if self.passed and self.slug not in self.passed_slugs:
            self.passed_slugs = [*self.passed_slugs, self.slug]
