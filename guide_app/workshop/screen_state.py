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

from guide_app.core import resync, routes
from guide_app.core.clock import today
from guide_app.core.content import chapter_by_slug
from guide_app.core.format import day
from guide_app.core.owner import owned, route_id
from guide_app.models import Workshop
from guide_app.quiz.diagnostic import diagnostic_bank
from guide_app.workshop import live, room_store, store
from guide_app.workshop.advisor_state import MODE_LABELS, AdvisorGate
from guide_app.workshop.aggregates import RoomSummary
from guide_app.workshop.codes import spaced
from guide_app.workshop.export import workshop_csv
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
    radar: dict[str, Any] = {}
    levels: list[LevelBar] = []
    priorities: list[Priority] = []
    compare: list[AxisCompare] = []  # the room beside every diagnostic taken in the app
    everyone_count: int = 0
    summary_href: str = ""
    screen_href: str = ""

    _workshop_id: int = 0
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

    def _show_summary(self, summary: RoomSummary, radar: dict[str, Any] | None) -> None:
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
        with rx.session() as session:
            rows = room_store.room_rows(session, workshop_id=self._workshop_id)
        self._rows = rows
        summary = summarize_rows(rows)
        self._show_summary(summary, room_radar(summary) if summary.axis_averages else None)

    def _route_workshop_id(self) -> str:
        path = self.router.url.path
        for pattern in (routes.advisor_workshop("[workshop_id]"), routes.advisor_workshop_summary("[workshop_id]")):
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
        deadline = time.monotonic() + WATCH_MAX_SECONDS
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
            fresh = store.create_workshop(
                session, advisor_id=self._user_id, title=workshop.title, held_on=today(), mode=workshop.mode
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
            records = room_store.seats_for_export(session, workshop_id=self._workshop_id)
            name = f"atelier-{workshop.held_on.isoformat()}-{workshop.id}.csv"
        text = workshop_csv(diagnostic_bank(), export_rows(records))
        return rx.download(data=text, filename=name, mime_type="text/csv")


def _read_rows(workshop_id: int) -> room_store.RoomRows:
    with rx.session() as session:
        return room_store.room_rows(session, workshop_id=workshop_id)


def _read_everyone() -> tuple[int, dict[str, int]]:
    with rx.session() as session:
        return room_store.everyone(session, axis_ids=[axis.id for axis in diagnostic_bank().axes])
