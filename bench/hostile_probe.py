"""The hostile probe's figures, against the production build on this machine (SQLite, 1 worker, as `make run`).

1. /ping while 40 owners sign in at the same moment (right passwords, 40 accounts): argon2 runs off the event loop,
   so everyone else keeps being served. Prints /ping p50 / p95 / max before and during the rush, and how long the
   40 sign-ins took.
2. Workshop codes guessed from one network address for 65 seconds, as fast as the socket answers: how many were
   checked against the database (the rest were refused by the throttle without a lookup).
3. The largest amounts the forms accept, printed by every export: see tests/integration/test_hostile_probe.py
   (ten invoices of 1 000 000 000,00 € HT, three years late) — this bench only states the bound.

    python bench/hostile_probe.py
"""

from __future__ import annotations

import asyncio
import sys
import time
import urllib.request
from pathlib import Path

from sqlmodel import Session, create_engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.workshop_load import AUTH, ms, setup_env  # noqa: E402
from guide_app.accounts import accounts  # noqa: E402
from guide_app.accounts.pages_state import SignInState  # noqa: E402
from guide_app.accounts.passwords import hash_password  # noqa: E402
from guide_app.core import routes, throttle  # noqa: E402
from guide_app.core.format import money  # noqa: E402
from guide_app.core.parse import MAX_AMOUNT  # noqa: E402
from guide_app.workshop.phone_state import JoinCodeState  # noqa: E402
from tests.e2e.app_server import running_app  # noqa: E402
from tests.e2e.wire import Client  # noqa: E402
from tests.e2e.wire import frontend as _frontend  # noqa: E402

OWNERS = 40
PASSWORD = "une phrase de passe pour le banc"
GUESSING_S = 65.0


async def _pings(url: str, samples: list[float], stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()

    def one() -> float:
        began = time.monotonic()
        with urllib.request.urlopen(f"{url}/ping", timeout=30):
            return time.monotonic() - began

    while not stop.is_set():
        samples.append(await loop.run_in_executor(None, one))
        await asyncio.sleep(0.02)


async def sign_in_rush(url: str, frontend: dict[str, object], emails: list[str]) -> dict[str, str]:
    clients = [Client(url, routes.SIGN_IN, {}, {}, frontend) for _ in emails]
    await asyncio.gather(*(client.connect() for client in clients))
    calm: list[float] = []
    stop = asyncio.Event()
    pinger = asyncio.create_task(_pings(url, calm, stop))
    await asyncio.sleep(3)
    stop.set()
    await pinger
    rush: list[float] = []
    stop = asyncio.Event()
    pinger = asyncio.create_task(_pings(url, rush, stop))
    began = time.monotonic()
    starts = [len(client.updates) for client in clients]
    handler = f"{SignInState.get_full_name()}.sign_in"
    await asyncio.gather(
        *(
            client.emit(handler, {"form_data": {"email": email, "password": PASSWORD}})
            for client, email in zip(clients, emails, strict=True)
        )
    )
    signed = await asyncio.gather(
        *(
            client.until(start, lambda delta: (delta.get(AUTH) or {}).get("signed_in_rx_state_") is True, timeout=60)
            for client, start in zip(clients, starts, strict=True)
        )
    )
    took = time.monotonic() - began
    stop.set()
    await pinger
    for client in clients:
        await client.sio.disconnect()
    return {
        "/ping before (p50 / p95 / max)": ms(calm),
        f"/ping during {OWNERS} sign-ins": ms(rush),
        f"{OWNERS} sign-ins done in": f"{took:.1f} s ({sum(1 for s in signed if s is not None)}/{OWNERS} signed in)",
    }


async def guess_codes(url: str, frontend: dict[str, object]) -> dict[str, str]:
    client = Client(url, routes.WORKSHOP_JOIN, {}, {}, frontend)
    await client.connect()
    handler = f"{JoinCodeState.get_full_name()}.go"
    state = JoinCodeState.get_full_name()
    checked = refused = 0
    began = time.monotonic()
    number = 222222
    while time.monotonic() - began < GUESSING_S:
        start = len(client.updates)
        number += 1
        code = "".join(digit if digit in "23456789" else "2" for digit in str(number))
        await client.emit(handler, {"form_data": {"code": code}})
        await client.until(start, lambda delta: "error_rx_state_" in (delta.get(state) or {}), timeout=10)
        errors = [(delta.get(state) or {}).get("error_rx_state_", "") for _, delta in client.updates[start:]]
        if any(error.startswith("Aucun atelier") for error in errors):
            checked += 1
        elif any(error == throttle.WRONG_CODES.message for error in errors):
            refused += 1
    await client.sio.disconnect()
    minutes = (time.monotonic() - began) / 60
    return {
        "codes guessed from one address": f"{checked + refused} in {GUESSING_S:.0f} s",
        "of which checked (got through)": f"{checked} ({checked / minutes:.0f} a minute)",
        "refused by the throttle": str(refused),
    }


async def main() -> None:
    with setup_env("sqlite") as env, running_app(env) as server:
        engine = create_engine(server.database_url)
        emails = [f"banc{number}@exemple.fr" for number in range(OWNERS)]
        digest = hash_password(PASSWORD)
        with Session(engine) as session:
            for number, email in enumerate(emails):
                accounts.create_account(
                    session,
                    company_name=f"Banc {number}",
                    siren="732829320",
                    contact_name="Banc",
                    email=email,
                    password_hash=digest,
                    visitor_token="",
                )
            session.commit()
        engine.dispose()
        frontend = _frontend()
        rows = await sign_in_rush(server.url, frontend, emails)
        rows |= await guess_codes(server.url, frontend)
        rows["largest amount a form accepts"] = money(MAX_AMOUNT)
        errors = server.new_errors()
    print("\nHostile probe · SQLite, 1 worker · times p50 / p95 / max")
    width = max(len(name) for name in rows) + 2
    for name, value in rows.items():
        print(f"{name:<{width}}{value}")
    print(f"{'server error lines':<{width}}{len(errors)}")


if __name__ == "__main__":
    asyncio.run(main())
