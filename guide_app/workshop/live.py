"""Live mode: the advisor's screen pushes the room's question to every phone in it.

One push per advance, to the phones' recorded client tokens (app.modify_state): the cost is one small update
per phone when the advisor moves on, nothing in between. The database stays the truth: a phone that missed
a push (locked screen, network drop) rebuilds its screen from it when it reconnects.
"""

from __future__ import annotations

import logging

import reflex as rx

from guide_app.models import Workshop
from guide_app.workshop import store
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


async def _push_once(workshop_id: int) -> int:
    with rx.session() as session:
        workshop = session.get(Workshop, workshop_id)
        tokens = store.client_tokens(session, workshop_id=workshop_id) if workshop is not None else []
    if workshop is None:
        return 0
    app = _app()
    reached = 0
    for token in tokens:
        if not await is_connected(token):
            continue  # it will rebuild its screen from the database when it reconnects
        try:
            async with app.modify_state(rx.BaseStateToken(ident=token, cls=ParticipantState)) as root:
                phone = await root.get_state(ParticipantState)
                if not phone._workshop_id:  # its server-side state was lost (Redis restarted): the seat says
                    _reseat(phone, workshop, token)
                if phone._workshop_id != workshop_id or phone.view == "done":
                    continue  # the tab moved to another room or page since
                phone._apply_room(
                    status=workshop.status,
                    live_index=workshop.live_index,
                    live_revealed=workshop.live_revealed,
                    finished=workshop.status != "open",
                )
                reached += 1
        except Exception:  # one phone's trouble must not stop the room
            logger.warning("live push to one phone failed", exc_info=True)
    return reached
