"""A browser whose server-side state was lost while its socket stayed open (Redis restarted or emptied, a state
expired in Redis) gets its state back from itself, and what the user just did is not lost.

Left alone, Reflex rebuilds such a state with its defaults and runs the page's on_load before the event: without
the browser's storage (sign-in, visitor and workshop tokens), so the page loads as a stranger's — a participant
is shown the join screen, an advisor the sign-in page — and the event (an answer, a click) is handled by the
wrong screen. Instead, this middleware:
1. marks every state tree that a hydrate went through (`Hydrated._yes`, a one-field substate);
2. holds an event that reaches a tree without the mark, and asks the browser to hydrate again — with its storage —
   through Reflex's own `_remove_session_storage` (of a key that is never set: removing it changes nothing, and
   the browser then sends `hydrate_and_load` with its storage values);
3. runs the held events once the page's on_load handlers have run again (or right after the hydrate when the page
   has none), in the order they came.
A background task re-entering its state (`async with self`) does not pass through here: it asks `lost(self)` and
yields `ask_browser()` when its tree lost the mark. The browser's socket stays on one worker, so the events held in
this process meet their hydrate here; events of a browser that never comes back are dropped after HELD_TTL_S.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import reflex as rx
from reflex.middleware.middleware import Middleware
from reflex.state import BaseState, OnLoadInternalState, State, StateUpdate
from reflex_base.event import Event
from reflex_base.event.context import EventContext
from reflex_base.utils.format import format_event_handler

if TYPE_CHECKING:
    from reflex.app import App

logger = logging.getLogger(__name__)

RESYNC_KEY = "gdr_resync"  # never stored: removing it only makes the browser hydrate again
HELD_MAX = 20  # events held per browser while it hydrates again (a burst of taps)
HELD_TTL_S = 60.0
ASK_AGAIN_S = 5.0  # a browser that did not hydrate again within this time is asked again at its next event


class Hydrated(rx.State):
    """Present on every state tree that went through a hydrate since it was created."""

    _yes: bool = False


async def lost(state: BaseState) -> bool:
    """Whether this state's tree was rebuilt without a hydrate (for background tasks, inside `async with self`)."""
    return not (await state.get_state(Hydrated))._yes


def ask_browser() -> rx.event.EventSpec:
    """Makes the browser hydrate again with its storage (and run the page's on_load)."""
    return rx.remove_session_storage(RESYNC_KEY)


def _asking() -> StateUpdate:
    """`ask_browser()` as an update sent from outside a handler."""
    return StateUpdate(events=Event.from_event_type(ask_browser()))


@dataclass
class _Held:
    events: list[Event] = field(default_factory=list)
    since: float = field(default_factory=time.monotonic)
    asked: float = 0.0  # when the browser was last asked to hydrate again
    after_load: bool = False  # hydrated again; waiting for the page's on_load handlers


class Resync(Middleware):
    def __init__(self) -> None:
        self._held: dict[str, _Held] = {}
        self._hydrates = frozenset(
            format_event_handler(State.event_handlers[name]) for name in ("hydrate", "hydrate_and_load")
        )
        self._loaded = format_event_handler(OnLoadInternalState.event_handlers["set_is_hydrated"])
        self._internal = self._hydrates | {
            self._loaded,
            format_event_handler(OnLoadInternalState.event_handlers["on_load_internal"]),
        }

    async def preprocess(self, app: App, state: BaseState, event: Event) -> StateUpdate | None:
        ctx = EventContext.get()
        self._expire()
        if event.name in self._hydrates:
            mark = await state.get_state(Hydrated)
            mark._yes = True
            held = self._held.get(ctx.token)
            if held is not None:
                if app.get_load_events(state.router.url.path):
                    held.after_load = True
                else:
                    await _replay(app, ctx, self._held.pop(ctx.token).events)
            return None
        if event.name == self._loaded:
            held = self._held.get(ctx.token)
            if held is not None and held.after_load:
                await _replay(app, ctx, self._held.pop(ctx.token).events)
            return None
        if event.name in self._internal or (await state.get_state(Hydrated))._yes:
            return None
        held = self._held.setdefault(ctx.token, _Held())
        if len(held.events) < HELD_MAX:
            held.events.append(event)
        now = time.monotonic()
        if now - held.asked < ASK_AGAIN_S:
            return StateUpdate()  # asked already: its hydrate is on the way
        held.asked = now
        return _asking()

    def _expire(self) -> None:
        limit = time.monotonic() - HELD_TTL_S
        for token in [token for token, held in self._held.items() if held.since < limit]:
            del self._held[token]


async def _replay(app: App, ctx: EventContext, events: list[Event]) -> None:
    """Runs the held events as the browser's own events: each a chain of its own. Enqueued from here through the
    context, they would be children of the page load's chain, which the browser's next hydrate cancels with all its
    children (Reflex's latest-wins rule for page loads): a second « hydrate again » — the watcher's and the held
    event's — arriving just then would drop the held answer."""
    for event in events:
        own = replace(ctx.fork(router_data=event.router_data), parent_txid=None)
        await app.event_processor.enqueue(ctx.token, event, ev_ctx=own)


# --- Redis restarted: every browser connected to this worker hydrates again -----------------------------------

REDIS_POLL_S = 1.0


async def watch_redis(app: App) -> None:
    """A lifespan task of each worker (Redis state manager only): when Redis's run id changes (it restarted and
    lost everything), re-records where this worker's sockets are (Reflex keeps that in Redis: without it, a push
    from another worker finds no phone) and asks each of their browsers to hydrate again at once, so that a phone
    waiting for the advisor's next question follows it, and an advisor's screen starts polling again."""
    redis = getattr(app.state_manager, "redis", None)
    if redis is None:
        return
    seen = ""
    while True:
        await asyncio.sleep(REDIS_POLL_S)
        try:
            run_id = str((await redis.info("server"))["run_id"])
        except Exception:  # down or restarting: asked again at the next turn
            continue
        if seen and run_id != seen:
            try:
                count = await _after_redis_restart(app)
                logger.warning("Redis restarted: %s browser(s) on this worker asked to hydrate again", count)
            except Exception:
                logger.warning("Redis restarted: the browsers of this worker could not all be told", exc_info=True)
        seen = run_id


async def _after_redis_restart(app: App) -> int:
    namespace = app.event_namespace
    manager = getattr(namespace, "_token_manager", None)
    if namespace is None or manager is None:
        return 0
    mine = [
        (token, record)
        for token, record in list(manager.token_to_socket.items())
        if record.instance_id == manager.instance_id
    ]
    for token, record in mine:
        await manager._store_socket_record(token, record)  # Reflex 0.10.1 internals (pinned)
        await namespace.emit_update(_asking(), token)
    return len(mine)
