"""A participant's phone: join a room by its code, answer one question per screen, find the place again.

The phone keeps a random participant token (rx.LocalStorage); the database keeps its hash, the seat and the
answers. Every (re)connect runs `load`, which rebuilds the screen from the database. In live mode the advisor's
screen pushes the room's question to the phone (see live.py); each answer is checked against the database.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from guide_app.core import routes, throttle
from guide_app.core.clock import now as clock_now
from guide_app.core.forms import Form
from guide_app.models import QuizAttempt, Workshop, WorkshopParticipant
from guide_app.quiz import store as crud
from guide_app.quiz.diagnostic import UNKNOWN, UNKNOWN_TEXT, diagnostic_bank
from guide_app.quiz.visitor_state import VisitorState
from guide_app.workshop import game_store, store
from guide_app.workshop.codes import normalize_code, spaced
from guide_app.workshop.game import POINTS_RULE
from guide_app.workshop.game_view import (
    BoardLine,
    GameQuestionView,
    PhoneRoom,
    clock_key,
    left_ms,
    phone_room,
    rank_line,
)
from guide_app.workshop.pseudonyms import parse_pseudonym

TOTAL = len(diagnostic_bank().questions)
ROOM = routes.workshop_room("[room_code]")


class JoinCodeState(VisitorState):
    """/atelier: type the code shown on the screen."""

    error: str = ""

    @rx.event
    def load(self) -> None:
        self.error = ""

    @rx.event
    def go(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        code = normalize_code(Form(form_data).raw("code"))
        if code is None:
            self.error = "Le code compte 6 chiffres, de 2 à 9 (ni 0 ni 1) : recopiez-le depuis l'écran."
            return None
        guesses = (throttle.WRONG_CODES, self.router.session.client_ip)
        refused = throttle.refusal(guesses)
        if refused is not None:
            self.error = refused
            return None
        with rx.session() as session:
            found = store.open_workshop_by_code(session, code=code) is not None
        if not found:
            throttle.failed(guesses)
            self.error = "Aucun atelier ouvert avec ce code. Vérifiez les chiffres affichés à l'écran."
            return None
        self.error = ""
        return rx.redirect(routes.workshop_room(code))


class ParticipantState(VisitorState):
    """/atelier/<code>: the room on a phone."""

    participant_token: str = rx.LocalStorage("", name="gdr_atelier")
    view: str = "loading"  # loading | missing | join | question | wait | done | game | removed
    title: str = ""
    code: str = ""
    live: bool = False
    phase: str = ""  # live mode: lobby | question | reveal | results
    seat_label: str = ""
    index: int = 0
    total: int = TOTAL
    question_id: str = ""
    prompt: str = ""
    options: list[dict[str, str]] = []
    selected: str = ""
    error: str = ""
    join_error: str = ""
    # A chapter-quiz game (view "game"): the room's step, the question, the phone's own answer and place.
    game: bool = False
    points_rule: str = POINTS_RULE
    g_phase: str = ""  # lobby | question | closed | reveal | board | podium
    g_total: int = 0
    g_question: GameQuestionView = GameQuestionView()
    g_seconds: int = 0
    g_left_ms: int = 0  # time left when the countdown (re)started on this phone
    g_clock: str = ""  # changes when the countdown starts again
    g_paused: bool = False
    g_chosen: str = ""  # this phone's answer to the current question (its letter)
    g_result: str = ""  # at the reveal: right | wrong | none
    g_points: int = 0  # earned on the current question
    g_place: str = ""  # « 2e sur 12 · 1 450 points »
    g_top: list[BoardLine] = []

    _workshop_id: int = 0
    _attempt_id: int = 0
    _participant_id: int = 0
    _answers: dict[str, str] = {}
    _game_answers: dict[int, game_store.OwnAnswer] = {}
    _push_due: bool = False  # this phone's answer closed the question: its push is allowed once

    # --- building the screen from server-held data ---------------------------------------------------

    def _show_question(self, position: int) -> None:
        question = diagnostic_bank().questions[position]
        self.view = "question"
        self.index = position
        self.question_id = question.id
        self.prompt = question.prompt
        self.options = [{"id": a.id, "text": a.text} for a in question.answers]
        if question.unknown:
            self.options.append({"id": UNKNOWN, "text": UNKNOWN_TEXT})
        self.selected = self._answers.get(question.id, "")

    def _apply_room(self, *, status: str, live_index: int, live_revealed: bool, finished: bool) -> None:
        """Where the phone should be, from the room's state and the participant's own answers."""
        self.error = ""
        if finished or status != "open":
            self.view, self.phase = "done", "results"
            return
        if self.live:
            if live_index < 0:
                self.view, self.phase = "wait", "lobby"
            elif live_index >= TOTAL:
                self.view, self.phase = "done", "results"
            else:
                self._show_question(live_index)
                self.phase = "reveal" if live_revealed else "question"
            return
        questions = diagnostic_bank().questions
        position = next((i for i, q in enumerate(questions) if q.id not in self._answers), TOTAL)
        if position < TOTAL:
            self._show_question(position)
        else:
            self.view = "done"

    def _seat(self, session: Session, seat: WorkshopParticipant, workshop: Workshop) -> None:
        assert workshop.id is not None
        self._workshop_id, self._attempt_id, self._participant_id = workshop.id, seat.attempt_id, seat.id or 0
        self.title, self.code, self.live = workshop.title, spaced(workshop.code), workshop.mode == "live"
        self.seat_label = seat.pseudonym or f"Participant {seat.number}"
        store.remember_client(session, seat=seat, client_token=self.router.session.client_token)
        self.game = game_store.is_game(workshop)
        if self.game:
            self._game_answers = game_store.answers_of(session, participant_id=self._participant_id)
            self.g_clock = ""
            self._show_game_of(session, workshop)
            return
        self._answers = crud.answers_of(session, attempt_id=seat.attempt_id)
        attempt = session.get(QuizAttempt, seat.attempt_id)
        finished = attempt is not None and attempt.finished_at is not None
        if not finished and workshop.mode != "live" and len(self._answers) >= TOTAL:
            store.finish_participant(session, attempt_id=seat.attempt_id, bank=diagnostic_bank())
            finished = True
        self._apply_room(
            status=workshop.status,
            live_index=workshop.live_index,
            live_revealed=workshop.live_revealed,
            finished=finished,
        )

    def _apply_game(self, room: PhoneRoom) -> None:
        """The game on this phone, from the room's view (the same one for every phone of a push) and its own
        answers. The right answer, the distribution and the explanation arrive only with the reveal."""
        now = room.now
        self.error = ""
        if self._participant_id in now.removed:
            self.view = "removed"
            return
        self.view, self.g_phase, self.g_total = "game", now.phase, now.total
        self.g_seconds, self.g_paused = now.seconds, now.phase == "question" and now.deadline is None
        if room.question != self.g_question:  # a push that does not change the question does not resend it
            self.g_question = room.question
        key = clock_key(now)
        if key != self.g_clock or self.g_paused:  # a push that changes nothing else keeps the running countdown
            self.g_clock, self.g_left_ms = key, left_ms(now, clock_now())
        own = self._game_answers.get(now.index)
        if own is not None and own.round_ != now.round_:
            own = None  # the question was reset since: that answer was erased
        letters = {o.id: o.letter for o in room.question.options}
        self.g_chosen = letters.get(own.choice_id, "") if own else ""
        revealed = now.phase in ("reveal", "board", "podium")
        self.g_result = ("right" if own.correct else "wrong") if own and revealed else ("none" if revealed else "")
        self.g_points = own.points if own and revealed else 0
        ranked = room.ranks.get(self._participant_id)
        self.g_place = rank_line(ranked.rank, len(now.ranking), ranked.points) if ranked else ""
        if room.top != self.g_top:
            self.g_top = room.top
        if now.finished:
            self.g_phase = "podium"

    def _show_game_of(self, session: Session, workshop: Workshop) -> None:
        now = game_store.snapshot(session, workshop=workshop)
        self._apply_game(phone_room(game_store.questions_of(workshop), now))

    def _room_code(self) -> str | None:
        return normalize_code(routes.path_param(ROOM, self.router.url.path, "room_code"))

    # --- events ------------------------------------------------------------------------------------

    @rx.event
    def load(self) -> None:
        """on_load, also after every reconnect: the database says where this phone is."""
        self._load()

    def _load(self) -> None:
        self.error = self.join_error = ""
        self._workshop_id = self._attempt_id = 0
        code = self._room_code()
        guesses = (throttle.WRONG_CODES, self.router.session.client_ip)
        if code is None or throttle.refusal(guesses) is not None:
            self.view = "missing"
            return
        with rx.session() as session:
            workshop = store.open_workshop_by_code(session, code=code)
            seat = (
                store.participant(session, workshop_id=workshop.id, token=self.participant_token) if workshop else None
            )
            if seat is None and workshop is None:
                seat = store.latest_participation(session, code=code, token=self.participant_token)
                workshop = session.get(Workshop, seat.workshop_id) if seat is not None else None
            if workshop is None:
                throttle.failed(guesses)
                self.view = "missing"
                return
            if seat is None:
                self.title, self.code, self.live = workshop.title, spaced(workshop.code), workshop.mode == "live"
                self.game = game_store.is_game(workshop)
                self.view = "join"
                return
            self._seat(session, seat, workshop)

    @rx.event
    def join(self, form_data: dict[str, Any]) -> None:
        if self.view != "join":
            return
        form = Form(form_data)
        pseudonym = form.field("pseudonym", parse_pseudonym)
        if pseudonym is None:
            self.join_error = form.errors["pseudonym"]
            return
        code = self._room_code()  # the address this event says it comes from: another code is another guess
        guesses = (throttle.WRONG_CODES, self.router.session.client_ip)
        if code is None or throttle.refusal(guesses) is not None:
            self.view = "missing"
            return
        with rx.session() as session:
            workshop = store.open_workshop_by_code(session, code=code)
            if workshop is None:
                throttle.failed(guesses)
                self.view = "missing"
                return
            if not store.is_participant_token(self.participant_token):
                self.participant_token = store.new_participant_token()
            seat = store.join(
                session,
                workshop=workshop,
                token=self.participant_token,
                pseudonym=pseudonym,
                visitor_token=self._token(),
                client_token=self.router.session.client_token,
            )
            self.join_error = ""
            self._seat(session, seat, workshop)

    @rx.event
    def answer(self, question_id: str, answer_id: str) -> rx.event.EventSpec | None:
        """Written once, as given: a second answer to the same question is ignored."""
        if self.view != "question" or not self._attempt_id or question_id != self.question_id:
            return None  # a stale tap, a double tap, or a forged question: nothing to store
        question = diagnostic_bank().questions[self.index]
        if not isinstance(answer_id, str) or answer_id not in question.answer_ids():
            self.error = "Cette réponse ne fait pas partie des choix proposés."
            return None
        if question.id in self._answers:
            return None
        with rx.session() as session:
            outcome = store.record_answer(
                session,
                workshop_id=self._workshop_id,
                attempt_id=self._attempt_id,
                question_id=question.id,
                answer_id=answer_id,
                index=self.index,
            )
            if outcome == "closed":  # the room closed, or (live) moved on: show where it is now
                workshop = session.get(Workshop, self._workshop_id)
                if workshop is None or workshop.status != "open":
                    self._load()
                    return None
                self._apply_room(
                    status=workshop.status,
                    live_index=workshop.live_index,
                    live_revealed=workshop.live_revealed,
                    finished=False,
                )
                self.error = "Trop tard : cette question est close."
                return None
            if outcome == "stored":
                self._answers = {**self._answers, question.id: answer_id}
            else:  # answered meanwhile in another tab: the first answer stays
                self._answers = crud.answers_of(session, attempt_id=self._attempt_id)
            if self.live:
                self.selected = self._answers.get(question.id, "")
                self.error = ""
                return None
            if len(self._answers) >= TOTAL:
                store.finish_participant(session, attempt_id=self._attempt_id, bank=diagnostic_bank())
                self.view = "done"
                return rx.redirect(routes.DIAGNOSTIC_RESULT)
        self._apply_room(status="open", live_index=-1, live_revealed=False, finished=False)
        return None

    # --- the game ----------------------------------------------------------------------------------

    @rx.event
    def game_answer(self, index: int, choice_id: str) -> rx.event.EventType[()] | None:
        """One answer per question, written with its points; a late, paused, forged or removed one is refused in
        French and stores nothing. The answer that completes the room closes the question for everyone."""
        if self.view != "game" or not self._participant_id or self.g_phase != "question":
            return None
        if not isinstance(index, int) or isinstance(index, bool) or index != self.g_question.number - 1:
            self.error = "Cette question n'est plus celle de la salle."
            return None
        if not isinstance(choice_id, str) or choice_id not in {o.id for o in self.g_question.options}:
            self.error = "Cette réponse ne fait pas partie des choix proposés."
            return None
        if self.g_chosen:
            return None  # answered already: the first answer stays
        with rx.session() as session:
            workshop = session.get(Workshop, self._workshop_id)
            seat = session.get(WorkshopParticipant, self._participant_id)
            if workshop is None or seat is None:
                self._load()
                return None
            stored = game_store.record_answer(session, workshop=workshop, seat=seat, index=index, choice_id=choice_id)
            if stored.outcome == "stored":
                self._game_answers = {
                    **self._game_answers,
                    index: game_store.OwnAnswer(index, workshop.game_round, choice_id, stored.correct, stored.points),
                }
                self.g_chosen = next(o.letter for o in self.g_question.options if o.id == choice_id)
                self.error = ""
                if game_store.close_if_all_answered(
                    session, workshop_id=workshop.id or 0, index=index, round_=workshop.game_round
                ):
                    self._push_due = True  # every phone, this one too, is told by the push
                    return ParticipantState.push_closed
                return None
            if stored.outcome == "duplicate":
                self._game_answers = game_store.answers_of(session, participant_id=self._participant_id)
            self._show_game_of(session, workshop)
            if stored.outcome == "paused":
                self.error = "Partie en pause : votre réponse n'est pas enregistrée. Répondez à la reprise."
            elif stored.outcome == "closed":
                self.error = "Trop tard : cette question est close."
        return None

    @rx.event(background=True)
    async def push_closed(self) -> None:
        """The question this phone's answer closed goes to every phone (once, only after that answer)."""
        async with self:
            workshop_id = self._workshop_id if self._push_due else 0
            self._push_due = False
        if workshop_id:
            from guide_app.workshop import live  # live imports this module

            await live.push_room(workshop_id)
