"""GET /compte/agenda.ics?cle=…: the calendar feed a phone's calendar app reads on its own, with no session: the key
is the access (accounts/calendar_keys.py), wrong keys are counted per network address (core/throttle.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

from reflex.config import get_config
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from guide_app.accounts import calendar_keys
from guide_app.cases import store
from guide_app.core import clock, db, routes, throttle
from guide_app.core.settings import settings
from guide_app.desk.agenda import agenda_events, build_calendar

UNKNOWN = "Lien d'agenda inconnu ou révoqué : créez-en un nouveau dans les paramètres de votre compte."


def client_address(request: Request) -> str:
    """The visitor's address, read from X-Forwarded-For only through the configured chain of trusted proxies (as
    Reflex does for the websocket)."""
    address = request.client.host if request.client else ""
    hops = get_config().trusted_proxy_hops
    if hops:
        forwarded = [ip.strip() for ip in request.headers.get("x-forwarded-for", "").split(",") if ip.strip()]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    return address


def feed(key: object) -> bytes | None:
    """The calendar of the account whose user holds this key; None for any other key."""
    with Session(db.engine()) as session:
        user = calendar_keys.user_of_key(session, key)
        if user is None or not user.account_id:
            return None
        account = store.account(session, account_id=user.account_id)
        assert account is not None
        events = agenda_events(session, account_id=account.id or 0, today=clock.today(), base_url=settings.public_url)
        return build_calendar(
            f"Recouvrement · {account.company_name}",
            events,
            host=urlsplit(settings.public_url).hostname or "localhost",
            now=clock.now(),
        )


async def agenda_feed(request: Request) -> Response:
    guesses = (throttle.WRONG_CALENDAR_KEYS, client_address(request))
    if (refused := throttle.refusal(guesses)) is not None:
        return PlainTextResponse(refused, status_code=429)
    body = await run_in_threadpool(feed, request.query_params.get("cle"))
    if body is None:
        throttle.failed(guesses)
        return PlainTextResponse(UNKNOWN, status_code=404)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, no-store", "Content-Disposition": 'inline; filename="agenda.ics"'},
    )


FEED_ROUTES = [Route(routes.ACCOUNT_CALENDAR, agenda_feed, methods=["GET"])]
