"""A browser tab over the real websocket protocol (python-socketio), for the benchmarks and the fault tests that
need hundreds of phones: it connects with the hydrate event in the CONNECT packet as the frontend does, sends
events, records every update and waits for one by content."""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

import reflex as rx
import socketio
from sqlalchemy import func
from sqlmodel import Session, col, select

from guide_app.models import AttemptAnswer, WorkshopParticipant
from guide_app.quiz.diagnostic import diagnostic_bank
from guide_app.workshop.phone_state import ParticipantState
from tests.e2e.app_server import ROOT

STATE = rx.State.get_full_name()
PHONE_STATE = ParticipantState.get_full_name()
WAIT_S = 30.0  # the longest any awaited update may take before it counts as lost


def frontend() -> dict[str, Any]:
    """What the built frontend sends along its hydrate: the state schema and the initial states' hashes."""
    context = (ROOT / ".web" / "utils" / "context.jsx").read_text()
    return {
        "schema": re.search(r'stateSchema = "(\w+)"', context).group(1),  # type: ignore[union-attr]
        "hashes": json.loads(re.search(r"initialStateHashes = (\[.*?\])", context).group(1)),  # type: ignore[union-attr]
    }


class Client:
    """One browser tab: a socket, the updates it received (time, delta), and awaiting an update by content.
    `storage`: its browser storage (fully qualified var → value), sent with each hydrate; `token`: its client
    token (a reconnecting tab keeps it)."""

    def __init__(
        self,
        url: str,
        path: str,
        query: dict[str, str],
        storage: dict[str, str],
        frontend: dict[str, Any],
        token: str | None = None,
    ):
        self.url, self.path, self.query = url, path, query
        self.storage, self.frontend = storage, frontend
        self.token = token or str(uuid.uuid4())
        self.sio = socketio.AsyncClient(reconnection=False)
        self.updates: list[tuple[float, dict[str, Any]]] = []
        self.asked: list[str] = []  # names of the events the server asked the tab to run
        self.arrived = asyncio.Event()
        self.sio.on("event", self._on_update, namespace="/_event")

    async def _on_update(self, data: dict[str, Any]) -> None:
        self.asked.extend(str(event.get("name")) for event in data.get("events") or [])
        self.updates.append((time.monotonic(), data.get("delta") or {}))
        self.arrived.set()

    def router_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"pathname": self.path, "asPath": self.path}
        if self.query:
            data["query"] = self.query
        return data

    def hydrate(self, first: bool = True) -> dict[str, Any]:
        """The hydrate event with the tab's storage (the first one also sends the initial states' hashes)."""
        payload: dict[str, Any] = {"hashes": self.frontend["hashes"]} if first else {}
        if self.storage:
            payload["vars"] = self.storage
        return {"name": f"{STATE}.hydrate_and_load", "payload": payload, "router_data": self.router_data()}

    async def connect(self) -> None:
        boot = self.hydrate()
        await self.sio.connect(
            f"{self.url}?token={self.token}",
            transports=["websocket"],
            socketio_path="/_event",
            namespaces=["/_event"],
            auth={"event": boot, "state_schema": self.frontend["schema"]},
            wait_timeout=WAIT_S,
        )

    async def reconnect(self) -> None:
        """The tab's socket dropped: a new one, same client token and storage (as the frontend reconnects)."""
        self.sio = socketio.AsyncClient(reconnection=False)
        self.sio.on("event", self._on_update, namespace="/_event")
        await self.connect()

    async def emit(self, handler: str, payload: dict[str, Any]) -> None:
        await self.send({"name": handler, "payload": payload, "router_data": self.router_data()})

    async def send(self, event: dict[str, Any]) -> None:
        await self.sio.emit("event", event, namespace="/_event")

    async def until(
        self, start: int, matches: Callable[[dict[str, Any]], bool], timeout: float = WAIT_S
    ) -> float | None:
        """Time of the first update from index `start` on that `matches`, or None after `timeout`."""
        deadline = time.monotonic() + timeout
        seen = start
        while True:
            for at, delta in self.updates[seen:]:
                if matches(delta):
                    return at
            seen = len(self.updates)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            self.arrived.clear()
            if len(self.updates) > seen:
                continue
            try:
                await asyncio.wait_for(self.arrived.wait(), remaining)
            except TimeoutError:
                return None


def answers_in_room(session: Session, workshop_id: int) -> int:
    """How many answers the room's participants have in the database (what was not lost)."""
    return session.exec(
        select(func.count(col(AttemptAnswer.id)))
        .join(WorkshopParticipant, col(WorkshopParticipant.attempt_id) == col(AttemptAnswer.attempt_id))
        .where(WorkshopParticipant.workshop_id == workshop_id)
    ).one()


# --- A participant's phone in a workshop room --------------------------------------------------------------------


def seat_view(delta: dict[str, Any]) -> dict[str, Any]:
    """What an update changed of the room's phone screen (ParticipantState)."""
    return delta.get(PHONE_STATE) or {}


async def take_seat(phone: Client, pseudonym: str) -> str:
    """The connected phone joins from its join screen and keeps its seat token in its storage, as the browser's
    LocalStorage does. "" when seated, else what went wrong."""
    if await phone.until(0, lambda d: seat_view(d).get("view_rx_state_") == "join") is None:
        return "no join screen"
    mark = len(phone.updates)
    await phone.emit(f"{PHONE_STATE}.join", {"form_data": {"pseudonym": pseudonym}})
    if await phone.until(mark, lambda d: bool(seat_view(d).get("participant_token_rx_state_"))) is None:
        return "not seated"
    seat = next(v for _, d in phone.updates[mark:] if (v := seat_view(d).get("participant_token_rx_state_")))
    phone.storage = {f"{PHONE_STATE}.participant_token_rx_state_": seat}
    return ""


async def answer_question(phone: Client, index: int, position: int = 0) -> bool:
    """The phone answers question `index` with its option `position`; whether the next question came."""
    question = diagnostic_bank().questions[index]
    mark = len(phone.updates)
    choice = question.answers[position % len(question.answers)].id
    await phone.emit(f"{PHONE_STATE}.answer", {"question_id": question.id, "answer_id": choice})
    return await phone.until(mark, lambda d: seat_view(d).get("index_rx_state_") == index + 1) is not None
