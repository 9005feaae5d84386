"""Live mode: the advisor's screen pushes the room's question to every phone in it.

One push per advance, to the phones' recorded client tokens (app.modify_state; with Redis, PUSH_AT_ONCE phones at
a time): the cost is one small update per phone when the advisor moves on, nothing in between. The database stays
the truth: a phone that missed a push (locked screen, network drop) rebuilds its screen from it when it reconnects.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

import reflex as rx

from guide_app.core import clock
from guide_app.models import Workshop
from guide_app.workshop import game_store, store
from guide_app.workshop.game_view import phone_room
from guide_app.workshop.phone_state import ParticipantState

logger = logging.getLogger(__name__)


_apps: list[rx.App] = []


def set_app(app: rx.App) -> None:
    """Handed over by the app module at start-up (it imports every state, so this module cannot import it)."""
    _apps[:] = [app]


def _app() -> rx.App:
    if not _apps:
        raise RuntimeError("no app registered: the app module calls live.set_app(app) at start-up")
    return _apps[0]


async def is_connected(client_token: str) -> bool:
    """Whether a browser tab with this client token is connected (on any worker, with Redis)."""
    namespace = _app().event_namespace
    if namespace is None or not client_token:
        return False
    manager = getattr(namespace, "_token_manager", None)
    if manager is not None:
        return bool(await manager.is_token_connected(client_token))
    return client_token in namespace.token_to_sid


_pushing: dict[int, bool] = {}  # workshop id → another push was asked for while one runs


async def push_room(workshop_id: int) -> int:
    """Sends the room's current state to each connected phone in it; returns how many phones it reached.
    One push per room at a time: asking again while it runs makes it run once more at the end, with the
    database's newest state (a double click, or the advisor going faster than the push)."""
    if workshop_id in _pushing:
        _pushing[workshop_id] = True
        return 0
    _pushing[workshop_id] = False
    reached = 0
    try:
        while True:
            reached += await _push_once(workshop_id)
            if not _pushing[workshop_id]:
                return reached
            _pushing[workshop_id] = False
    finally:
        del _pushing[workshop_id]


def _reseat(phone: ParticipantState, workshop: Workshop, client_token: str) -> None:
    """Rebuilds a phone's screen from the seat that recorded this tab's client token (its own events restore the
    rest: the browser hydrates again, see core.resync)."""
    with rx.session() as session:
        seat = store.seat_of_client(session, workshop_id=workshop.id or 0, client_token=client_token)
        if seat is not None:
            phone._seat(session, seat, workshop)


PUSH_AT_ONCE = 32  # phones updated at once with Redis


async def _push_once(workshop_id: int) -> int:
    with rx.session() as session:
        workshop = session.get(Workshop, workshop_id)
        tokens = store.client_tokens(session, workshop_id=workshop_id) if workshop is not None else []
        game_room = (
            phone_room(game_store.questions_of(workshop), game_store.snapshot(session, workshop=workshop))
            if workshop is not None and game_store.is_game(workshop)
            else None
        )
    if workshop is None:
        return 0
    app = _app()
    # In memory a phone's update is a few CPU steps: one after another is fastest. With Redis each one waits on
    # round trips: several at once.
    gate = asyncio.Semaphore(PUSH_AT_ONCE if getattr(app.state_manager, "redis", None) is not None else 1)

    async def push_one(token: str) -> bool:
        async with gate:
            if not await is_connected(token):
                return False  # it will rebuild its screen from the database when it reconnects
            try:
                async with app.modify_state(rx.BaseStateToken(ident=token, cls=ParticipantState)) as root:
                    phone = await root.get_state(ParticipantState)
                    if not phone._workshop_id:  # its server-side state was lost (Redis restarted): the seat says
                        _reseat(phone, workshop, token)
                    if phone._workshop_id != workshop_id or phone.view == "done":
                        return False  # the tab moved to another room or page since
                    if game_room is not None:
                        phone._apply_game(game_room)
                        return True
                    phone._apply_room(
                        status=workshop.status,
                        live_index=workshop.live_index,
                        live_revealed=workshop.live_revealed,
                        finished=workshop.status != "open",
                    )
                    return True
            except Exception:  # one phone's trouble must not stop the room
                logger.warning("live push to one phone failed", exc_info=True)
                return False

    return sum(await asyncio.gather(*(push_one(token) for token in tokens)))


# --- The game's countdown ----------------------------------------------------------------------------

_timers: dict[int, asyncio.Task[None]] = {}  # workshop id → the countdown this worker watches


def arm_timer(workshop_id: int) -> None:
    """Watches the room's open question: when its countdown reaches 0, the question closes and every phone is told.
    One timer per room on this worker (a new opening, reset or resume replaces it). If the worker stops, nothing is
    lost: answers check the deadline themselves and the screens show a run-out countdown as closed."""
    previous = _timers.pop(workshop_id, None)
    if previous is not None and not previous.done():
        previous.cancel()
    with rx.session() as session:
        workshop = session.get(Workshop, workshop_id)
        deadline = game_store.deadline_of(workshop) if workshop is not None else None
        round_ = workshop.game_round if workshop is not None else 0
    if deadline is None or workshop is None or workshop.game_phase != "question":
        return
    _timers[workshop_id] = asyncio.get_running_loop().create_task(_countdown(workshop_id, round_, deadline))


async def _countdown(workshop_id: int, round_: int, deadline: datetime) -> None:
    wait = (deadline - clock.now() + timedelta(milliseconds=50)).total_seconds()
    await asyncio.sleep(max(0.0, wait))
    try:
        with rx.session() as session:
            closed = game_store.close_if_due(session, workshop_id=workshop_id, round_=round_)
        if closed:
            await push_room(workshop_id)
    except Exception:  # a timer must never take the worker down; the screens still show the question closed
        logger.warning("closing a game question at its deadline failed", exc_info=True)
    finally:
        if _timers.get(workshop_id) is asyncio.current_task():
            del _timers[workshop_id]
