"""A room of N phones over the real websocket protocol, against the production build on this machine.

Runs once per deployment — SQLite with 1 worker (the laptop default), then PostgreSQL + Redis with 2 workers (a
private PostgreSQL and Redis started by scripts/services.sh on ports of the bench's own) — and prints the
figures side by side. Each run starts the app (production build, one port), makes an advisor and a workshop in
its database, opens the advisor's presentation screen as a signed-in client, then N simulated phones (python-
socketio AsyncClient, one asyncio task each) join the room by its link and answer every question, pausing a
random "think time" before each answer. In live mode the bench's advisor moves the room on: it opens a question,
closes it when every phone answered (or after a time limit), shows the answers, then the next question.

Prints: the event round trip per phone action (emit → the update that answers it), p50/p95/max; answers
sent vs stored (lost); how fresh the presentation screen was (each answer's acknowledgement → the first
screen update that counts it); in live mode how fast phones followed the advisor; the bench's own event-loop
lag (the client shares the 2 cores with the server). Traffic goes to 127.0.0.1 only; every loop is bounded.

    python bench/workshop_load.py --phones 500 --mode self_paced
    python bench/workshop_load.py --phones 500 --mode live --setups postgres
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, create_engine, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from guide_app.accounts import accounts  # noqa: E402
from guide_app.accounts.state import AuthState  # noqa: E402
from guide_app.admin import create_advisor  # noqa: E402
from guide_app.core import routes  # noqa: E402
from guide_app.models import WorkshopParticipant  # noqa: E402
from guide_app.quiz.diagnostic import diagnostic_bank  # noqa: E402
from guide_app.workshop import store  # noqa: E402
from guide_app.workshop.phone_state import ParticipantState  # noqa: E402
from guide_app.workshop.screen_state import ScreenState  # noqa: E402
from tests.e2e.app_server import running_app  # noqa: E402
from tests.e2e.wire import WAIT_S, Client, answers_in_room, frontend  # noqa: E402

BANK = diagnostic_bank()
# The states' paths on the wire, from the classes themselves (a move of a module renames them).
AUTH = AuthState.get_full_name()
PHONE = ParticipantState.get_full_name()
SCREEN = ScreenState.get_full_name()


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ms(values: list[float]) -> str:
    """p50 / p95 / max in milliseconds."""
    if not values:
        return "n/a"
    return f"{percentile(values, 50) * 1000:.0f} / {percentile(values, 95) * 1000:.0f} / {max(values) * 1000:.0f} ms"


def phone_delta(delta: dict[str, Any]) -> dict[str, Any]:
    return delta.get(PHONE) or {}


class Room:
    def __init__(self, args: argparse.Namespace, url: str, code: str, frontend: dict[str, Any]) -> None:
        self.args, self.url, self.code, self.frontend = args, url, code, frontend
        self.round_trips: dict[str, list[float]] = {"connect": [], "join": [], "answer": []}
        self.sent = 0
        self.acked: list[float] = []  # acknowledgement times of every answer
        self.unanswered = 0
        self.follow: list[float] = []  # live: advisor's emit → a phone shows the new question
        self.question_shown: dict[int, float] = {}  # live: question index → when the advisor opened it
        self.answered_now: dict[int, int] = {}
        self.errors: list[str] = []

    def phone(self) -> Client:
        path = routes.workshop_room(self.code)
        return Client(self.url, path, {"room_code": self.code}, {}, self.frontend)

    async def run_phone(self, number: int, start_at: float) -> None:
        rng = random.Random(number)
        await asyncio.sleep(max(0.0, start_at - time.monotonic()))
        client = self.phone()
        try:
            begin = time.monotonic()
            await client.connect()
            shown = await client.until(0, lambda d: phone_delta(d).get("view_rx_state_") == "join")
            if shown is None:
                self.errors.append(f"phone {number}: no join screen")
                return
            self.round_trips["connect"].append(shown - begin)
            mark, begin = len(client.updates), time.monotonic()
            await client.emit(f"{PHONE}.join", {"form_data": {"pseudonym": f"Bot {number}"}})
            joined = await client.until(mark, lambda d: "seat_label_rx_state_" in phone_delta(d))
            if joined is None:
                self.errors.append(f"phone {number}: join not acknowledged")
                return
            self.round_trips["join"].append(joined - begin)
            if self.args.mode == "live":
                await self.live_answers(client, rng, number)
            else:
                await self.self_paced_answers(client, rng, number)
        except Exception as error:  # one phone's failure is a figure, not a crash
            self.errors.append(f"phone {number}: {error!r}")
        finally:
            await client.sio.disconnect()

    async def answer(self, client: Client, index: int, rng: random.Random, matches: Callable[[dict[str, Any]], bool]):
        question = BANK.questions[index]
        choice = rng.choice(question.answers).id
        mark, begin = len(client.updates), time.monotonic()
        await client.emit(f"{PHONE}.answer", {"question_id": question.id, "answer_id": choice})
        self.sent += 1
        acked = await client.until(mark, lambda d: matches(phone_delta(d)))
        if acked is None:
            self.unanswered += 1
            return
        self.round_trips["answer"].append(acked - begin)
        self.acked.append(acked)
        self.answered_now[index] = self.answered_now.get(index, 0) + 1

    async def self_paced_answers(self, client: Client, rng: random.Random, number: int) -> None:
        for index in range(len(BANK.questions)):
            await asyncio.sleep(rng.uniform(self.args.think_min, self.args.think_max))
            last = index == len(BANK.questions) - 1
            await self.answer(
                client,
                index,
                rng,
                (lambda d: d.get("view_rx_state_") == "done")
                if last
                else (lambda d, i=index: d.get("index_rx_state_") == i + 1),
            )

    async def live_answers(self, client: Client, rng: random.Random, number: int) -> None:
        seen = 0
        for index in range(len(BANK.questions)):
            shown = await client.until(
                seen,
                lambda d, i=index: (
                    phone_delta(d).get("index_rx_state_") == i
                    or (i == 0 and phone_delta(d).get("view_rx_state_") == "question")
                ),
                timeout=self.args.live_window * 3 + 60,
            )
            if shown is None:
                self.errors.append(f"phone {number}: never saw question {index + 1}")
                return
            seen = len(client.updates)
            if index in self.question_shown:
                self.follow.append(shown - self.question_shown[index])
            await asyncio.sleep(rng.uniform(self.args.think_min, self.args.think_max))
            await self.answer(client, index, rng, lambda d: bool(d.get("selected_rx_state_")))
            seen = len(client.updates)


class Screen:
    """The advisor's presentation screen: records, for every update, how many answers it counted."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.counted: list[tuple[float, int]] = []  # (time, answers shown on the screen)
        self.joined: list[tuple[float, int]] = []
        self.step = -1

    def digest(self) -> None:
        for at, delta in self.client.updates[len(self.counted) :]:
            screen = delta.get(SCREEN) or {}
            total = None
            if "questions_rx_state_" in screen:
                total = sum(q["answered"] for q in screen["questions_rx_state_"])
            if "joined_rx_state_" in screen:
                self.joined.append((at, screen["joined_rx_state_"]))
            if "step_rx_state_" in screen:
                self.step = screen["step_rx_state_"]
            self.counted.append((at, total if total is not None else (self.counted[-1][1] if self.counted else 0)))

    def freshness(self, acked: list[float]) -> tuple[list[float], int]:
        """For the k-th acknowledged answer: when the screen first showed ≥ k answers, minus the ack time."""
        self.digest()
        lags, missing = [], 0
        shown = [(at, n) for at, n in self.counted if n]
        for k, at in enumerate(sorted(acked), start=1):
            first = next((t for t, n in shown if n >= k), None)
            if first is None:
                missing += 1
            else:
                lags.append(max(0.0, first - at))
        return lags, missing


def cpu_seconds(group: int) -> float:
    """User + system CPU time of every process in the server's process group (Linux /proc)."""
    total = 0
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


async def lag_probe(samples: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        begin = time.monotonic()
        await asyncio.sleep(0.05)
        samples.append(time.monotonic() - begin - 0.05)


async def drive_live(room: Room, screen: Client, phones: int) -> None:
    """The advisor: open each question, close it when all answered (or after the window), show, move on."""
    step = -1
    for index in range(len(BANK.questions)):
        room.question_shown[index] = time.monotonic()
        await screen.emit(f"{SCREEN}.advance", {"step": step})
        step = 2 * index
        deadline = time.monotonic() + room.args.live_window
        while time.monotonic() < deadline and room.answered_now.get(index, 0) < phones:
            await asyncio.sleep(0.2)
        await screen.emit(f"{SCREEN}.advance", {"step": step})  # show the answers
        step += 1
        await asyncio.sleep(1.0)
    await screen.emit(f"{SCREEN}.advance", {"step": step})  # the room's results


SETUPS = {  # the production settings of scripts/run.sh, as a laptop and as a scaled-out deployment run them
    "sqlite": ("SQLite · 1 worker", {"GRANIAN_WORKERS": "1", "REFLEX_STATE_MANAGER_MODE": "memory"}),
    "postgres": ("PostgreSQL + Redis · 2 workers", {"GRANIAN_WORKERS": "2", "REFLEX_STATE_MANAGER_MODE": "redis"}),
}
SERVICES = {  # a private PostgreSQL and Redis of the bench's own (scripts/services.sh), apart from the tests'
    "GUIDE_SERVICES_DIR": "/tmp/guide-bench-services",
    "GUIDE_PG_PORT": "55632",
    "GUIDE_REDIS_PORT": "56579",
}


@contextmanager
def setup_env(setup: str) -> Iterator[dict[str, str]]:
    """The app's environment for a setup; for PostgreSQL + Redis, starts both and stops them afterwards."""
    env = {**SETUPS[setup][1], "SQLALCHEMY_POOL_PRE_PING": "false"}
    if setup == "sqlite":
        yield env
        return
    script, services_env = str(ROOT / "scripts" / "services.sh"), {**os.environ, **SERVICES}
    started = subprocess.run([script, "start"], env=services_env, check=True, capture_output=True, text=True)
    try:
        exported = dict(line.removeprefix("export ").split("=", 1) for line in started.stdout.splitlines())
        yield {**env, **exported}
    finally:
        subprocess.run([script, "stop"], env=services_env, check=False, capture_output=True)


def services_cpu_seconds() -> float:
    """CPU time of the bench's PostgreSQL (the server, its live backends and the ones that ended) and Redis."""
    folder = Path(SERVICES["GUIDE_SERVICES_DIR"])
    postmaster = int((folder / "pg" / "postmaster.pid").read_text().split()[0])
    redis = int((folder / "redis.pid").read_text().split()[0])
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid, rest = stat.read_text().split(" (", 1)[0], stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(pid) in (postmaster, redis):
            total += sum(int(field) for field in rest[11:15])  # utime, stime, and those of its ended children
        elif int(rest[1]) == postmaster:  # ppid
            total += int(rest[11]) + int(rest[12])
    return total / os.sysconf("SC_CLK_TCK")


async def measure(args: argparse.Namespace, env: dict[str, str]) -> dict[str, str]:
    """One run of the room against the app started with `env`; the figures, row name → value."""
    with running_app(env) as server:
        engine = create_engine(server.database_url)
        with Session(engine) as session:
            advisor = create_advisor(session, email="bench@cci.fr", name="Bench", password="une phrase solide ok")
            workshop = store.create_workshop(
                session, advisor_id=advisor.id or 0, title="Bench", held_on=date.today(), mode=args.mode
            )
            workshop_id, code = workshop.id or 0, workshop.code
            session_token = accounts.open_session(session, user=advisor)
        front = frontend()
        url = server.url
        screen_path = routes.advisor_workshop(workshop_id)
        screen_client = Client(
            url,
            screen_path,
            {"workshop_id": str(workshop_id)},
            {f"{AUTH}.session_token_rx_state_": session_token},
            front,
        )
        await screen_client.connect()
        if await screen_client.until(0, lambda d: (d.get(SCREEN) or {}).get("found_rx_state_") is True) is None:
            raise SystemExit("the presentation screen did not open")
        screen = Screen(screen_client)
        room = Room(args, url, code, front)
        lags: list[float] = []
        stop = asyncio.Event()
        probe = asyncio.create_task(lag_probe(lags, stop))
        services = "REDIS_URL" in env
        began, cpu_before = time.monotonic(), cpu_seconds(server.pid)
        db_cpu_before = services_cpu_seconds() if services else 0.0
        ramp = [began + args.ramp * i / max(1, args.phones) for i in range(args.phones)]
        tasks = [asyncio.create_task(room.run_phone(n + 1, ramp[n])) for n in range(args.phones)]
        if args.mode == "live":
            await asyncio.sleep(args.ramp + 5)  # everyone in the room
            advisor_task = asyncio.create_task(drive_live(room, screen_client, args.phones))
            await advisor_task
        await asyncio.gather(*tasks)
        await asyncio.sleep(2.5)  # the screen's last poll
        stop.set()
        await probe
        elapsed, cpu = time.monotonic() - began, cpu_seconds(server.pid) - cpu_before
        db_cpu = services_cpu_seconds() - db_cpu_before if services else 0.0
        await screen_client.sio.disconnect()

        with Session(engine) as session:
            stored = answers_in_room(session, workshop_id)
            seated = session.exec(
                select(func.count(col(WorkshopParticipant.id))).where(WorkshopParticipant.workshop_id == workshop_id)
            ).one()
        engine.dispose()
        fresh, missing = screen.freshness(room.acked)
        errors = server.new_errors()

    events = args.phones * 2 + room.sent
    load = os.getloadavg()
    rows = {
        "duration": f"{elapsed:.0f} s",
        "joined (seats in the database)": f"{seated}/{args.phones}",
        "connect → join screen": ms(room.round_trips["connect"]),
        "join round trip": ms(room.round_trips["join"]),
        "answer round trip": ms(room.round_trips["answer"]),
        "answers sent / stored / lost": f"{room.sent} / {stored} / {room.sent - stored}",
        f"answers not acknowledged in {WAIT_S:.0f} s": str(room.unanswered),
        "screen freshness (ack → shown)": f"{ms(fresh)}, never shown: {missing}",
    }
    if args.mode == "live":
        rows["phones following the advisor"] = ms(room.follow)
    rows |= {
        "app CPU": f"{cpu:.1f} s, {100 * cpu / elapsed:.0f} % of a core, {1000 * cpu / max(1, events):.1f} ms/event",
        "PostgreSQL + Redis CPU": f"{db_cpu:.1f} s, {1000 * db_cpu / max(1, events):.1f} ms/event" if services else "—",
        "machine load (1/5/15 min)": f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}",
        "bench event-loop lag": ms(lags),
        "errors (server lines / phones)": f"{len(errors)} / {len(room.errors)}",
    }
    for line in (errors + room.errors)[:5]:
        print("    " + line[:200])
    return rows


def print_table(args: argparse.Namespace, results: dict[str, dict[str, str]]) -> None:
    """One column per setup, one row per figure."""
    print(f"\nWorkshop load · {args.phones} phones · mode {args.mode} · {os.cpu_count()} cores · times p50 / p95 / max")
    names = list(dict.fromkeys(row for rows in results.values() for row in rows))
    columns = [[SETUPS[setup][0]] + [rows.get(name, "n/a") for name in names] for setup, rows in results.items()]
    widths = [max(len(cell) for cell in column) for column in columns]
    label = max(len(name) for name in names) + 2
    for name, *cells in zip(["", *names], *columns, strict=True):
        print(f"{name:<{label}}" + " │ ".join(f"{cell:<{width}}" for cell, width in zip(cells, widths, strict=True)))


async def main(args: argparse.Namespace) -> None:
    results = {}
    for setup in args.setups:
        with setup_env(setup) as env:
            results[setup] = await measure(args, env)
        print(f"  ({SETUPS[setup][0]}: done)", flush=True)
    print_table(args, results)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", type=int, default=500)
    parser.add_argument("--mode", choices=store.MODES, default="self_paced")
    parser.add_argument("--ramp", type=float, default=30.0, help="seconds over which the phones arrive")
    parser.add_argument("--think-min", type=float, default=3.0)
    parser.add_argument("--think-max", type=float, default=10.0)
    parser.add_argument(
        "--setups", nargs="+", choices=tuple(SETUPS), default=list(SETUPS), help="run on which deployments"
    )
    parser.add_argument("--live-window", type=float, default=12.0, help="live: longest a question stays open")
    parsed = parser.parse_args()
    if parsed.mode == "live":
        parsed.think_min, parsed.think_max = min(parsed.think_min, 1.0), min(parsed.think_max, 8.0)
    asyncio.run(main(parsed))
