"""The diagnostic flow: one question per screen, each answer written to the database as it is given."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from guide_app.core import routes
from guide_app.models import QuizAttempt
from guide_app.quiz import store as crud
from guide_app.quiz.diagnostic import UNKNOWN, UNKNOWN_TEXT, diagnostic_bank
from guide_app.quiz.profile import parse_profile
from guide_app.quiz.scoring import score_diagnostic
from guide_app.quiz.visitor_state import VisitorState


class DiagnosticState(VisitorState):
    # loading | intro | question | profile. The intro until `load` says otherwise: the page a new visitor gets is
    # prerendered with it (core/first_paint.py), not a spinner it then replaces.
    view: str = "intro"
    has_result: bool = False
    index: int = 0
    total: int = len(diagnostic_bank().questions)
    question_id: str = ""
    prompt: str = ""
    options: list[dict[str, str]] = []
    selected: str = ""
    error: str = ""
    profile_errors: dict[str, str] = {}

    _attempt_id: int = 0

    def _open_attempt(self, session: Session) -> QuizAttempt | None:
        return crud.own_open_attempt(session, attempt_id=self._attempt_id, visitor_token=self._token())

    def _show(self, position: int, answers: dict[str, str]) -> None:
        questions = diagnostic_bank().questions
        self.error = ""
        if position >= len(questions):
            self.view = "profile"
            self.index = len(questions)
            return
        question = questions[max(position, 0)]
        self.view = "question"
        self.index = max(position, 0)
        self.question_id = question.id
        self.prompt = question.prompt
        self.options = [{"id": a.id, "text": a.text} for a in question.answers]
        if question.unknown:
            self.options.append({"id": UNKNOWN, "text": UNKNOWN_TEXT})
        self.selected = answers.get(question.id, "")

    def _resume(self, session: Session, attempt: QuizAttempt) -> None:
        assert attempt.id is not None
        self._attempt_id = attempt.id
        self._show(attempt.position, crud.answers_of(session, attempt_id=attempt.id))

    @rx.event
    def load(self) -> None:
        """on_load (also after every reconnect): the database says where the visitor is."""
        self._load()

    def _load(self) -> None:
        token = self._token()
        self.profile_errors = {}
        with rx.session() as session:
            attempt = crud.latest_attempt(session, visitor_token=token, finished=False)
            if attempt is not None:
                self._resume(session, attempt)
                return
            self.has_result = crud.latest_attempt(session, visitor_token=token, finished=True) is not None
        self._attempt_id = 0
        self.view = "intro"

    @rx.event
    def start(self) -> None:
        with rx.session() as session:
            self._resume(session, crud.start_attempt(session, visitor_token=self._token()))

    @rx.event
    def answer(self, question_id: str, answer_id: str) -> None:
        questions = diagnostic_bank().questions
        if self.view != "question" or question_id != self.question_id:
            return  # a stale tap (double tap, other tab) or a forged question: nothing to store
        question = questions[self.index]
        if not isinstance(answer_id, str) or answer_id not in question.answer_ids():
            self.error = "Cette réponse ne fait pas partie des choix proposés."
            return
        with rx.session() as session:
            attempt = self._open_attempt(session)
            if attempt is None:
                self._load()
                return
            crud.save_answer(
                session, attempt=attempt, question_id=question.id, answer_id=answer_id, position=self.index + 1
            )
            self._show(self.index + 1, crud.answers_of(session, attempt_id=self._attempt_id))

    @rx.event
    def back(self) -> None:
        if self.view not in ("question", "profile") or self.index == 0:
            return
        with rx.session() as session:
            attempt = self._open_attempt(session)
            if attempt is None:
                self._load()
                return
            crud.move_to(session, attempt=attempt, position=self.index - 1)
            self._show(self.index - 1, crud.answers_of(session, attempt_id=self._attempt_id))

    @rx.event
    def save_profile(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        if self.view != "profile":
            return None
        profile, errors = parse_profile(form_data)
        self.profile_errors = errors
        if profile is None:
            return None
        return self._finish(None if profile.is_empty() else profile.to_json())

    @rx.event
    def skip_profile(self) -> rx.event.EventSpec | None:
        if self.view != "profile":
            return None
        self.profile_errors = {}
        return self._finish(None)

    def _finish(self, profile: dict[str, Any] | None) -> rx.event.EventSpec | None:
        bank = diagnostic_bank()
        with rx.session() as session:
            attempt = self._open_attempt(session)
            if attempt is None:
                self._load()
                return None
            answers = crud.answers_of(session, attempt_id=self._attempt_id)
            missing = [i for i, q in enumerate(bank.questions) if q.id not in answers]
            if missing:  # answered in another tab up to here, or forged: go back to the first gap
                self._show(missing[0], answers)
                return None
            score = score_diagnostic(bank, answers)
            crud.finish_attempt(
                session,
                attempt=attempt,
                overall=score.overall,
                level_id=score.level_id,
                axis_scores=score.axes,
                profile=profile,
            )
        self._attempt_id = 0
        self.view = "loading"
        return rx.redirect(routes.DIAGNOSTIC_RESULT)
