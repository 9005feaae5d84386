"""The presentation screen of a workshop: code and QR code, who joined, answers, the room's radar and levels.

While the screen is open, one background task re-reads the room's grouped figures twice a second (three
GROUP BY queries, off the event loop) and updates the screen only when they changed: its cost depends on
the number of questions and answers given, not on how many phones are open.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import reflex as rx
import segno
from redis.exceptions import ConnectionError as RedisUnreachable

from guide_app.core import clock, resync, routes
from guide_app.core.clock import today
from guide_app.core.content import chapter_by_slug
from guide_app.core.format import day
from guide_app.core.owner import owned, route_id
from guide_app.models import Workshop
from guide_app.quiz.diagnostic import diagnostic_bank
from guide_app.workshop import game as rules
from guide_app.workshop import game_store, live, room_store, store
from guide_app.workshop.advisor_state import MODE_LABELS, AdvisorGate
from guide_app.workshop.aggregates import RoomSummary
from guide_app.workshop.codes import spaced
from guide_app.workshop.export import game_csv, workshop_csv
from guide_app.workshop.game_store import GameNow
from guide_app.workshop.game_view import BoardLine, GameQuestionView, board, clock_key, left_ms, question_view
from guide_app.workshop.room_view import (
    RESULTS_STEP,
    TOTAL,
    AxisCompare,
    LevelBar,
    Priority,
    QuestionPanel,
    compare_axes,
    export_rows,
    panel,
    room_radar,
    step_of,
    summarize_rows,
)

POLL_SECONDS = 0.5
WATCH_MAX_SECONDS = 8 * 3600  # a screen left open overnight stops polling


class ScreenState(AdvisorGate):
    found: bool = False
    title: str = ""
    held_on: str = ""
    mode_label: str = ""
    live: bool = False
    is_open: bool = True
    code: str = ""
    join_url: str = ""
    join_page: str = ""
    qr: str = ""  # an SVG data URI
    step: int = -1
    total: int = TOTAL
    joined: int = 0
    finished: int = 0
    questions: list[QuestionPanel] = []
    current: QuestionPanel = QuestionPanel()
    has_results: bool = False
    radar: str = ""  # SVG (quiz/radar.py)
    levels: list[LevelBar] = []
    priorities: list[Priority] = []
    compare: list[AxisCompare] = []  # the room beside every diagnostic taken in the app
    everyone_count: int = 0
    summary_href: str = ""
    screen_href: str = ""
    remote_href: str = ""
    # A chapter-quiz game: the room's step, the question, the countdown, the board; the remote shows the same.
    game: bool = False
    points_rule: str = rules.POINTS_RULE
    g_chapters: str = ""
    g_phase: str = ""
    g_phase_label: str = ""
    g_seen: str = ""  # "phase:index:round": each move names the step its button was shown for
    g_next_label: str = ""
    g_total: int = 0
    g_question: GameQuestionView = GameQuestionView()
    g_seconds: int = rules.SECONDS_DEFAULT
    g_left_ms: int = 0
    g_clock: str = ""
    g_paused: bool = False
    g_answered: int = 0
    g_players: int = 0
    g_board: list[BoardLine] = []
    g_people: list[dict[str, str]] = []  # id, name, state (« dans la salle » | « retiré »)
    g_error: str = ""
    g_notice: str = ""

    _workshop_id: int = 0
    _shown: int = 0  # how many times the game was shown: a poll's reading older than the last showing is dropped
    _watch: int = 0
    _rows: Any = None
    _everyone: dict[str, int] = {}  # read on load and when someone in the room finishes: it moves slowly

    # --- filling the screen ------------------------------------------------------------------------

    def _show_workshop(self, workshop: Workshop) -> None:
        assert workshop.id is not None
        self._workshop_id = workshop.id
        self.found = True
        self.title, self.held_on = workshop.title, day(workshop.held_on)
        self.mode_label, self.live = MODE_LABELS.get(workshop.mode, ""), workshop.mode == "live"
        self.is_open = workshop.status == "open"
        self.code = spaced(workshop.code) if self.is_open else ""
        self.join_page = self._origin() + routes.WORKSHOP_JOIN
        self.join_url = self._origin() + routes.workshop_room(workshop.code)
        self.qr = segno.make(self.join_url, error="m").svg_data_uri(scale=10, border=2) if self.is_open else ""
        self.step = step_of(workshop)
        self.summary_href = routes.advisor_workshop_summary(workshop.id)
        self.screen_href = routes.advisor_workshop(workshop.id)
        self.remote_href = routes.advisor_workshop_remote(workshop.id)
        self.game = game_store.is_game(workshop)
        if self.game:
            self.mode_label = "Jeu-quiz des chapitres"
            self.g_chapters = ", ".join(rules.chapter_title(slug) for slug in rules.split(workshop.game_chapters))

    def _show_game(self, workshop: Workshop, now: GameNow, people: list[game_store.Player]) -> None:
        self._shown += 1
        self.is_open = not now.finished
        self.g_phase, self.g_phase_label = now.phase, rules.PHASE_LABELS.get(now.phase, "")
        self.g_seen = f"{now.phase}:{now.index}:{now.round_}"
        self.g_next_label = "" if now.finished else rules.next_label(now.phase, now.index, now.total)
        self.g_total, self.g_seconds = now.total, now.seconds
        self.g_paused = now.phase == "question" and now.deadline is None
        questions = game_store.questions_of(workshop)
        current = questions[now.index] if 0 <= now.index < len(questions) else None
        question = question_view(current, now) if current is not None else GameQuestionView()
        key = clock_key(now)
        if key != self.g_clock or self.g_paused:
            self.g_clock, self.g_left_ms = key, left_ms(now, clock.now())
        self.g_answered, self.g_players = now.answered, now.players
        self.joined = len(people)
        lines = board(now)
        listed = [
            {"id": str(p.participant_id), "name": p.name, "state": "retiré" if p.removed else "dans la salle"}
            for p in people
        ]
        # Set only what changed: a room of a thousand phones polls twice a second, the screen gets the difference.
        if question != self.g_question:
            self.g_question = question
        if lines != self.g_board:
            self.g_board = lines
        if listed != self.g_people:
            self.g_people = listed

    def _show_summary(self, summary: RoomSummary, radar: str | None) -> None:
        bank = diagnostic_bank()
        self.joined, self.finished = summary.joined, summary.finished
        self.questions = [panel(q) for q in summary.questions]
        index = self.step // 2
        self.current = panel(summary.questions[index]) if self.live and 0 <= index < TOTAL else QuestionPanel()
        self.has_results = bool(summary.axis_averages)
        if radar is not None:
            self.radar = radar
        self.levels = [
            LevelBar(level.label, level.count, round(100 * level.count / summary.finished) if summary.finished else 0)
            for level in summary.levels
        ]
        self.compare = compare_axes(summary.axis_averages, self._everyone)
        self.priorities = []
        for axis_id in summary.weakest:
            axis = bank.axis(axis_id)
            chapter = chapter_by_slug(axis.chapter)
            self.priorities.append(
                Priority(
                    label=axis.label,
                    score=summary.axis_averages.get(axis_id, 0),
                    action=axis.action,
                    chapter_title=chapter.title if chapter else "",
                    chapter_href=routes.chapter(axis.chapter),
                )
            )

    def _refresh(self) -> None:
        """Synchronous refresh (on load and after the advisor's own actions)."""
        if self.game:
            with rx.session() as session:
                workshop = session.get(Workshop, self._workshop_id)
                if workshop is not None:
                    self._show_game(workshop, *_read_game_in(session, workshop))
            return
        with rx.session() as session:
            rows = room_store.room_rows(session, workshop_id=self._workshop_id)
        self._rows = rows
        summary = summarize_rows(rows)
        self._show_summary(summary, room_radar(summary) if summary.axis_averages else None)

    def _route_workshop_id(self) -> str:
        path = self.router.url.path
        for pattern in (
            routes.advisor_workshop("[workshop_id]"),
            routes.advisor_workshop_summary("[workshop_id]"),
            routes.advisor_workshop_remote("[workshop_id]"),
        ):
            if found := routes.path_param(pattern, path, "workshop_id"):
                return found
        return ""

    def _own(self, session: Any) -> Workshop | None:
        return owned(session, Workshop, self._workshop_id, owner=self._user_id, by="advisor_id")

    # --- events ------------------------------------------------------------------------------------

    def _open(self) -> tuple[bool, rx.event.EventSpec | None]:
        """The advisor's room of the route on screen: (shown, the sign-in redirect when not allowed)."""
        self.found, self._workshop_id = False, 0
        redirect = self._gate()
        if redirect is not None or self.access != "ok":
            return False, redirect
        with rx.session() as session:
            workshop_id = route_id(self._route_workshop_id())
            workshop = owned(session, Workshop, workshop_id, owner=self._user_id, by="advisor_id")
            if workshop is None:
                return False, None
            self._show_workshop(workshop)
        self.everyone_count, self._everyone = _read_everyone()
        self._refresh()
        return True, None

    @rx.event
    def load(self) -> rx.event.EventType[()] | None:
        shown, redirect = self._open()
        return ScreenState.watch if shown else redirect

    @rx.event
    def load_summary(self) -> rx.event.EventSpec | None:
        """The printable summary: the same figures, read once (no polling)."""
        return self._open()[1]

    @rx.event(background=True)
    async def watch(self) -> AsyncIterator[rx.event.EventSpec]:
        """Polls the room's figures while this screen is open (bounded; a reload starts a new one)."""
        async with self:
            if not self._workshop_id:
                return
            self._watch += 1
            generation, workshop_id = self._watch, self._workshop_id
            client_token, path = self.router.session.client_token, self.router.url.path
            last = self._rows
            playing = self.game
        deadline = time.monotonic() + WATCH_MAX_SECONDS
        if playing:
            async for event in self._watch_game(generation, workshop_id, client_token, path, deadline):
                yield event
            return
        while time.monotonic() < deadline:
            await asyncio.sleep(POLL_SECONDS)
            try:
                if not await live.is_connected(client_token):
                    return
                rows = await asyncio.to_thread(_read_rows, workshop_id)
                summary, radar, everyone = None, None, None
                if rows != last:
                    summary = summarize_rows(rows)
                    if summary.axis_averages and (
                        last is None or rows.finished != last.finished or rows.levels != last.levels
                    ):
                        radar = room_radar(summary)
                        everyone = await asyncio.to_thread(_read_everyone)
                async with self:
                    gone = await resync.lost(self)  # its server-side state was lost (Redis restarted)
                    if (
                        gone
                        or self._watch != generation
                        or self._workshop_id != workshop_id
                        or self.router.url.path != path
                    ):
                        break  # lost, a newer watcher, another workshop, or the advisor left this page
                    if summary is not None:
                        self._rows = last = rows
                        if everyone is not None:
                            self.everyone_count, self._everyone = everyone
                        self._show_summary(summary, radar)
            except RedisUnreachable:  # Redis restarting: the next poll finds it back, or finds the state lost
                continue
        else:
            return
        if gone:
            yield resync.ask_browser()  # its on_load starts a new watcher

    async def _watch_game(
        self, generation: int, workshop_id: int, client_token: str, path: str, deadline: float
    ) -> AsyncIterator[rx.event.EventSpec]:
        """The game's screen follows the room (moved from the remote, answers coming in) twice a second: one small
        query, and the whole room re-read only when more than its answer count changed. A reading taken before
        this screen's own move is dropped (the move showed newer). A question whose countdown ran out without its
        timer (a restarted worker) is closed here and pushed to the phones."""
        gone, last = False, None
        while time.monotonic() < deadline:
            await asyncio.sleep(POLL_SECONDS)
            try:
                if not await live.is_connected(client_token):
                    return
                async with self:
                    shown = self._shown
                read = await asyncio.to_thread(_read_game, workshop_id, last)
                if read is None:
                    return
                last, full, overdue = read
                if overdue:
                    await live.push_room(workshop_id)
                async with self:
                    gone = await resync.lost(self)
                    moved_on = self._watch != generation or self._workshop_id != workshop_id
                    if gone or moved_on or self.router.url.path != path:
                        break
                    if self._shown != shown:
                        last = None  # a move of this screen happened meanwhile: read again next time
                    elif full is not None:
                        self._show_game(*full)
                    elif isinstance(last[-1], int) and last[-1] != self.g_answered:
                        self.g_answered = last[-1]
            except RedisUnreachable:
                continue
        if gone:
            yield resync.ask_browser()

    # --- the game's moves (the screen and the remote) -----------------------------------------------

    def _game_room(self, session: Any) -> Workshop | None:
        """The advisor's own open game on this page, else None (with the reason on screen)."""
        self.g_error = self.g_notice = ""
        if not self._allowed():
            return None
        workshop = self._own(session)
        if not game_store.is_game(workshop) or workshop is None or workshop.status != "open":
            self.g_error = "Cette partie n'est plus ouverte."
            return None
        return workshop

    def _seen(self, seen: object) -> tuple[str, int, int] | None:
        if not isinstance(seen, str) or len(seen) > 40 or seen.count(":") != 2:
            return None
        phase, index, round_ = seen.split(":")
        try:
            return (phase, int(index), int(round_))
        except ValueError:
            return None

    def _moved(self, session: Any, workshop: Workshop, moved: bool) -> rx.event.EventType[()] | None:
        if not moved:
            self.g_error = "L'écran a changé entre-temps : voici où en est la salle."
        self._show_game(workshop, *_read_game_in(session, workshop))
        return ScreenState.push_game if moved else None

    def _game_move(self, seen: object, move: Any) -> rx.event.EventType[()] | None:
        with rx.session() as session:
            workshop = self._game_room(session)
            if workshop is None:
                return None
            return self._moved(session, workshop, move(session, workshop=workshop, seen=self._seen(seen)))

    @rx.event
    def game_next(self, seen: str) -> rx.event.EventType[()] | None:
        """« Next »: open the question, close it, reveal it, show the board… the podium (`seen` is the step the
        button was shown for: a second click, or a click on the other device, moves the room once)."""
        return self._game_move(seen, game_store.advance)

    @rx.event
    def game_pause(self, seen: str) -> rx.event.EventType[()] | None:
        return self._game_move(seen, game_store.pause)

    @rx.event
    def game_resume(self, seen: str) -> rx.event.EventType[()] | None:
        return self._game_move(seen, game_store.resume)

    @rx.event
    def game_reset(self, seen: str) -> rx.event.EventType[()] | None:
        """The question again: its answers erased, its countdown from the start."""
        return self._game_move(seen, game_store.reset_question)

    @rx.event
    def game_seconds(self, value: str) -> None:
        """The countdown of the next questions, 10 to 60 seconds."""
        seconds, refusal = rules.parse_seconds(value)
        with rx.session() as session:
            workshop = self._game_room(session)
            if workshop is None:
                return
            if seconds is None:
                self.g_error = refusal
                return
            game_store.set_seconds(session, workshop=workshop, seconds=seconds)
            self._show_game(workshop, *_read_game_in(session, workshop))
        self.g_notice = f"Durée des prochaines questions : {seconds} secondes."

    @rx.event
    def game_remove(self, participant_id: str) -> rx.event.EventType[()] | None:
        """Takes a phone out of the room: it is told so, politely, and can no longer answer."""
        with rx.session() as session:
            workshop = self._game_room(session)
            if workshop is None:
                return None
            seat_id = route_id(participant_id) if isinstance(participant_id, str) else 0
            seat = game_store.remove(session, workshop_id=workshop.id or 0, participant_id=seat_id) if seat_id else None
            if seat is None:
                self.g_error = "Ce participant n'est pas dans cette partie."
                return None
            self._show_game(workshop, *_read_game_in(session, workshop))
            self.g_notice = f"{seat.pseudonym or f'Participant {seat.number}'} a quitté la partie."
        return ScreenState.push_game

    @rx.event
    def game_end(self) -> rx.event.EventType[()] | None:
        """The end: the podium on every screen, the room closed (its code is free again; the results stay)."""
        with rx.session() as session:
            workshop = self._game_room(session)
            if workshop is None:
                return None
            store.close_workshop(session, workshop=workshop, bank=diagnostic_bank())
            self._show_workshop(workshop)
            self._show_game(workshop, *_read_game_in(session, workshop))
        return ScreenState.push_game

    @rx.event(background=True)
    async def push_game(self) -> None:
        """Tells every phone where the game is and watches its countdown (re-checks the advisor's right)."""
        async with self:
            with rx.session() as session:
                workshop_id = self._workshop_id if self._allowed() and self._own(session) is not None else 0
        if workshop_id:
            live.arm_timer(workshop_id)
            await live.push_room(workshop_id)

    def _live_guard(self, session: Any, step: object) -> Workshop | None:
        if not self._allowed() or not isinstance(step, int) or isinstance(step, bool):
            return None
        workshop = self._own(session)
        if workshop is None or workshop.mode != "live" or workshop.status != "open" or step_of(workshop) != step:
            return None  # another advisor's room, or a double click: the room already moved on
        return workshop

    @rx.event
    def advance(self, step: int) -> rx.event.EventType[()] | None:
        """Live mode, one step at a time: first question → its answers → next question … → the room's results.
        `step` is the step the advisor saw: a second click on the same button does nothing."""
        with rx.session() as session:
            workshop = self._live_guard(session, step)
            if workshop is None or step >= RESULTS_STEP:
                return None
            new = step + 1 if step >= 0 else 0
            if new >= RESULTS_STEP:
                store.finish_room(session, workshop_id=self._workshop_id, bank=diagnostic_bank())
                store.set_live(session, workshop=workshop, index=TOTAL, revealed=False)
            else:
                store.set_live(session, workshop=workshop, index=new // 2, revealed=new % 2 == 1)
            self.step = step_of(workshop)
        self._refresh()
        return ScreenState.push

    @rx.event(background=True)
    async def push(self) -> None:
        """Sends the room's question to the phones (a public endpoint too: it re-checks the advisor's right)."""
        async with self:
            with rx.session() as session:
                workshop_id = self._workshop_id if self._allowed() and self._own(session) is not None else 0
        if workshop_id:
            await live.push_room(workshop_id)

    @rx.event
    def close(self) -> rx.event.EventType[()] | None:
        if not self._allowed():
            return None
        with rx.session() as session:
            workshop = self._own(session)
            if workshop is None or workshop.status != "open":
                return None
            store.close_workshop(session, workshop=workshop, bank=diagnostic_bank())
            self._show_workshop(workshop)
        self._refresh()
        return ScreenState.push

    @rx.event
    def reuse(self) -> rx.event.EventSpec | None:
        """A new, empty session of this room (same title and mode, today, a new code); this one is closed if it was
        still open (everyone gets a result) and keeps its results."""
        if not self._allowed():
            return None
        with rx.session() as session:
            workshop = self._own(session)
            if workshop is None:
                return None
            if workshop.status == "open":
                store.close_workshop(session, workshop=workshop, bank=diagnostic_bank())
            settings = (
                store.GameSettings(workshop.game_chapters, workshop.game_mixed, workshop.game_seconds)
                if game_store.is_game(workshop)
                else None
            )
            fresh = store.create_workshop(
                session,
                advisor_id=self._user_id,
                title=workshop.title,
                held_on=today(),
                mode=workshop.mode,
                game=settings,
            )
        return rx.redirect(routes.advisor_workshop(fresh.id or 0))

    @rx.event
    def export_csv(self) -> rx.event.EventSpec | None:
        if not self._allowed():
            return None
        with rx.session() as session:
            workshop = self._own(session)
            if workshop is None:
                return None
            name = f"atelier-{workshop.held_on.isoformat()}-{workshop.id}.csv"
            if game_store.is_game(workshop):
                text = game_csv(
                    [q.question for q in game_store.questions_of(workshop)],
                    [
                        (p.participant_id, p.name, p.removed)
                        for p in game_store.players_of(session, workshop_id=workshop.id or 0)
                    ],
                    game_store.answers_for_export(session, workshop_id=workshop.id or 0),
                    rules.ranking(game_store.scores(session, workshop_id=workshop.id or 0)),
                )
                return rx.download(data=text, filename=name, mime_type="text/csv")
            records = room_store.seats_for_export(session, workshop_id=self._workshop_id)
        text = workshop_csv(diagnostic_bank(), export_rows(records))
        return rx.download(data=text, filename=name, mime_type="text/csv")


def _read_rows(workshop_id: int) -> room_store.RoomRows:
    with rx.session() as session:
        return room_store.room_rows(session, workshop_id=workshop_id)


def _read_everyone() -> tuple[int, dict[str, int]]:
    with rx.session() as session:
        return room_store.everyone(session, axis_ids=[axis.id for axis in diagnostic_bank().axes])


def _read_game_in(session: Any, workshop: Workshop) -> tuple[GameNow, list[game_store.Player]]:
    return (
        game_store.snapshot(session, workshop=workshop),
        game_store.players_of(session, workshop_id=workshop.id or 0),
    )


def _read_game(
    workshop_id: int, last: tuple[Any, ...] | None
) -> tuple[tuple[Any, ...], tuple[Workshop, GameNow, list[game_store.Player]] | None, bool] | None:
    """One poll of a game: (its signature, the whole room when more than the answer count changed, whether a run-out
    question was closed here); None when the room is gone."""
    with rx.session() as session:
        signature = game_store.signature(session, workshop_id=workshop_id)
        if signature is None:
            return None
        phase, round_, deadline = signature[1], signature[3], signature[4]
        deadline = clock.as_utc(deadline) if deadline is not None else None
        overdue = phase == "question" and deadline is not None and deadline <= clock.now()
        if overdue and game_store.close_if_due(session, workshop_id=workshop_id, round_=round_):
            signature = game_store.signature(session, workshop_id=workshop_id)
            assert signature is not None
        else:
            overdue = False
        if last is not None and signature[:-1] == last[:-1]:
            return signature, None, False  # at most new answers: the count is in the signature
        workshop = session.get(Workshop, workshop_id)
        assert workshop is not None
        return signature, (workshop, *_read_game_in(session, workshop)), overdue
