"""A room of N phones over the real websocket protocol, against the production build on this machine.

Runs once per deployment — SQLite with 1 worker (the laptop default), then PostgreSQL + Redis with 2 workers (a
private PostgreSQL and Redis started by scripts/services.sh on ports of the bench's own) — and prints the
figures side by side. Each run starts the app (production build, one port), makes an advisor and a workshop in
its database, opens the advisor's presentation screen as a signed-in client, then N simulated phones (python-
socketio AsyncClient, one asyncio task each) join the room by its link and answer every question, pausing a
random "think time" before each answer. In live mode the bench's advisor moves the room on: it opens a question,
closes it when every phone answered (or after a time limit), shows the answers, then the next question. In game
mode (a chapter-quiz game, --game-questions questions of --game-seconds each) the bench's advisor drives the remote:
it opens each question, lets it close by itself (every phone answered, else its countdown), reveals the answer and
shows the leaderboard, then the next question; at the end the podium, and the game ends.

Prints: the event round trip per phone action (emit → the update that answers it), p50/p95/max; answers
sent vs stored (lost); how fresh the presentation screen was (each answer's acknowledgement → the first
screen update that counts it); in live mode how fast phones followed the advisor; in game mode the advisor's
"open" → the question on each phone, how far apart the phones' countdowns end, the leaderboard after a question
closed (on the screen and on the phones); the bench's own event-loop lag (the client shares the 2 cores with the
server). Traffic goes to 127.0.0.1 only; every loop is bounded.

    python bench/workshop_load.py --phones 500 --mode self_paced
    python bench/workshop_load.py --phones 500 --mode live --setups postgres
    python bench/workshop_load.py --phones 1000 --mode game --game-questions 6
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
from guide_app.models import GameAnswer, WorkshopParticipant  # noqa: E402
from guide_app.quiz.diagnostic import diagnostic_bank  # noqa: E402
from guide_app.workshop import game as rules  # noqa: E402
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
        self.arrived = 0  # phones seated, or given up before that (the game's advisor waits for them all)
        self.play = GamePlay(args) if args.mode == "game" else None

    def phone(self) -> Client:
        path = routes.workshop_room(self.code)
        return Client(self.url, path, {"room_code": self.code}, {}, self.frontend)

    async def run_phone(self, number: int, start_at: float) -> None:
        rng = random.Random(number)
        await asyncio.sleep(max(0.0, start_at - time.monotonic()))
        client = self.phone()
        counted = False
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
            self.arrived, counted = self.arrived + 1, True
            if self.play is not None:
                await self.play.phone(client, rng, number, self.errors)
            elif self.args.mode == "live":
                await self.live_answers(client, rng, number)
            else:
                await self.self_paced_answers(client, rng, number)
        except Exception as error:  # one phone's failure is a figure, not a crash
            self.errors.append(f"phone {number}: {error!r}")
        finally:
            if not counted:
                self.arrived += 1
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


# --- Game mode: a chapter-quiz game driven from the advisor's remote ------------------------------------------------

GAME_CHAPTERS = "automatiser-relances,externaliser"


def first(client: Client, start: int, matches: Callable[[dict[str, Any]], bool]) -> tuple[int, float, dict] | None:
    """The first update from index `start` on that matches: (its index, its time, its delta)."""
    for position in range(start, len(client.updates)):
        at, delta = client.updates[position]
        if matches(delta):
            return position, at, delta
    return None


async def wait_for(
    client: Client, start: int, matches: Callable[[dict[str, Any]], bool], timeout: float
) -> tuple[int, float, dict] | None:
    if await client.until(start, matches, timeout=timeout) is None:
        return None
    return first(client, start, matches)


def percent_ms(values: list[float], p: float) -> str:
    return f"{percentile(values, p) * 1000:.0f} ms" if values else "n/a"


class GamePlay:
    """What the game's phones and its advisor saw, and when (times: the bench's monotonic clock)."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.count = args.game_questions
        self.opened: dict[int, float] = {}  # question index → the advisor's "open" emit
        self.board_at: dict[int, float] = {}  # question index → the advisor's "leaderboard" emit
        self.ended_at = 0.0  # the advisor's last move (podium / end)
        # question index → (received, seconds left, the server deadline in epoch ms) per phone that showed it
        self.shown: dict[int, list[tuple[float, float, int]]] = {i: [] for i in range(self.count)}
        self.open_lag: list[float] = []
        self.board_lag: list[float] = []  # board emit → the phone shows the leaderboard
        self.board_seen: dict[int, int] = {}
        self.end_lag: list[float] = []
        self.answer_rt: list[float] = []
        self.sent = self.acked = self.refused = self.unacked = 0
        self.missed = 0  # (phone, question) pairs the phone never showed
        self.no_board = 0
        self.refusals: dict[str, int] = {}
        # question index → when each answer was sent, and each refused one, after the advisor's "open" (seconds)
        self.sent_after: dict[int, list[float]] = {i: [] for i in range(self.count)}
        self.refused_after: dict[int, list[float]] = {i: [] for i in range(self.count)}
        self.closing: dict[int, str] = {}  # question index → how it closed, after how long (the driver's record)
        self.wall = time.time() - time.monotonic()  # the bench's monotonic clock → epoch seconds

    async def phone(self, client: Client, rng: random.Random, number: int, errors: list[str]) -> None:
        """One phone plays every question: waits for it, thinks, answers, waits for the leaderboard."""
        mark = 0  # the lobby, even the first question, may have come with the join
        window = self.args.game_seconds + 60
        for index in range(self.count):
            found = await wait_for(client, mark, lambda d, n=index + 1: shows_question(phone_delta(d), n), window)
            if found is None:
                self.missed += 1
                errors.append(f"phone {number}: never saw question {index + 1}")
                mark = len(client.updates)
                continue
            position, at, delta = found
            game = phone_delta(delta)
            left_ms = game.get("g_left_ms_rx_state_")
            if left_ms is None:
                left_ms = latest(client, position, "g_left_ms_rx_state_", 0)
            left = int(left_ms) / 1000
            clock = str(game.get("g_clock_rx_state_") or latest(client, position, "g_clock_rx_state_", ""))
            deadline_ms = int(clock.rsplit("-", 1)[1]) if "-" in clock else 0
            self.shown[index].append((at, left, deadline_ms))
            if index in self.opened:
                self.open_lag.append(at - self.opened[index])
            mark = position + 1
            await asyncio.sleep(rng.uniform(self.args.think_min, self.args.think_max))
            if latest(client, len(client.updates), "g_phase_rx_state_", "") == "question":
                choice = rng.choice(game["g_question_rx_state_"]["options"])["id"]
                mark, begin = len(client.updates), time.monotonic()
                await client.emit(f"{PHONE}.game_answer", {"index": index, "choice_id": choice})
                self.sent += 1
                sent_after = begin - self.opened.get(index, begin)
                self.sent_after[index].append(sent_after)
                acked = await wait_for(client, mark, answered, WAIT_S)
                if acked is None:
                    self.unacked += 1
                elif phone_delta(acked[2]).get("g_chosen_rx_state_"):
                    self.acked += 1
                    self.answer_rt.append(acked[1] - begin)
                else:
                    reason = phone_delta(acked[2]).get("error_rx_state_") or "closed before it was handled"
                    self.refused += 1
                    self.refused_after[index].append(sent_after)
                    self.refusals[reason] = self.refusals.get(reason, 0) + 1
            board = await wait_for(client, mark, lambda d, n=index + 1: past_board(phone_delta(d), n), window)
            if board is None or phone_delta(board[2]).get("g_phase_rx_state_") != "board":
                self.no_board += 1
            else:
                self.board_seen[index] = self.board_seen.get(index, 0) + 1
                if index in self.board_at:
                    self.board_lag.append(board[1] - self.board_at[index])
                mark = board[0] + 1
        end = await wait_for(client, mark, lambda d: phone_delta(d).get("g_phase_rx_state_") == "podium", window)
        if end is None:
            errors.append(f"phone {number}: no podium")
        elif self.ended_at:
            self.end_lag.append(end[1] - self.ended_at)

    def print_questions(self) -> None:
        """One line per question: when phones showed it, when they answered, what was refused, how it closed."""
        for index in range(self.count):
            shown = [at - self.opened[index] for at, _, _ in self.shown[index] if index in self.opened]
            sent, refused = self.sent_after[index], self.refused_after[index]
            arrival = f"{min(shown):.1f}–{percentile(shown, 50):.1f}–{max(shown):.1f} s" if shown else "—"
            answers = f"{min(sent):.1f}–{max(sent):.1f} s" if sent else "—"
            late = f" (sent {min(refused):.1f}–{max(refused):.1f} s)" if refused else ""
            print(
                f"    Q{index + 1}: on {len(shown)} phones at {arrival} (first–median–last) · "
                f"{len(sent)} answers sent at {answers}, {len(refused)} refused{late} · "
                f"{self.closing.get(index, 'not closed')}"
            )

    def skew(self) -> tuple[list[float], list[float], list[float], list[float]]:
        """Per phone and question: |shown end − the question's median| and shown end − the server's deadline; per
        question: the spread of the shown ends and of the arrival times (max − min)."""
        off_median, off_deadline, spreads, arrivals = [], [], [], []
        for rows in self.shown.values():
            if not rows:
                continue
            ends = [at + left for at, left, _ in rows]
            middle = percentile(ends, 50)
            off_median += [abs(end - middle) for end in ends]
            off_deadline += [at + left + self.wall - ms_ / 1000 for at, left, ms_ in rows if ms_]
            spreads.append(max(ends) - min(ends))
            arrivals.append(max(at for at, _, _ in rows) - min(at for at, _, _ in rows))
        return off_median, off_deadline, spreads, arrivals


def shows_question(game: dict[str, Any], number: int) -> bool:
    question = game.get("g_question_rx_state_") or {}
    return game.get("g_phase_rx_state_") == "question" and question.get("number") == number


def answered(delta: dict[str, Any]) -> bool:
    """The answer's outcome: stored (its letter), refused (a reason), or the question closed meanwhile."""
    game = phone_delta(delta)
    phase = game.get("g_phase_rx_state_")
    return bool(game.get("g_chosen_rx_state_") or game.get("error_rx_state_") or phase not in (None, "question"))


def past_board(game: dict[str, Any], number: int) -> bool:
    """The leaderboard after this question, or anything later (a phone that missed the board does not wait)."""
    phase = game.get("g_phase_rx_state_")
    question = (game.get("g_question_rx_state_") or {}).get("number", number)
    return phase in ("board", "podium") or (phase == "question" and question > number)


def latest(client: Client, end: int, key: str, default: Any) -> Any:
    """The phone's last value of a var in the updates before index `end`."""
    for _, delta in reversed(client.updates[:end]):
        if key in phone_delta(delta):
            return phone_delta(delta)[key]
    return default


def parse_seen(seen: object) -> tuple[str, int, int] | None:
    """The remote's "phase:index:round"."""
    parts = str(seen or "").split(":")
    if len(parts) != 3:
        return None
    try:
        return parts[0], int(parts[1]), int(parts[2])
    except ValueError:
        return None


def step_order(seen: tuple[str, int, int]) -> tuple[int, int]:
    """Steps in the order a game goes through them: each opening is a new round, then its phases in order."""
    phase, _, round_ = seen
    return round_, rules.PHASES.index(phase) if phase in rules.PHASES else -1


class Remote:
    """The advisor's remote (ScreenState): its moves (game_next with the step it shows), and what it shows."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.moves: list[float] = []  # emit → the remote's own update
        self.refused = 0  # « next » on a step the room had left (the remote showed an old step)
        self.failed: list[str] = []
        self.total = 0

    def now(self, key: str, default: Any = "") -> Any:
        for _, delta in reversed(self.client.updates):
            screen = delta.get(SCREEN) or {}
            if key in screen:
                return screen[key]
        return default

    def step(self) -> tuple[str, int, int] | None:
        return parse_seen(self.now("g_seen_rx_state_"))

    def went_back(self) -> int:
        """How many updates showed the remote an earlier step than one it had already shown."""
        furthest, back = (-1, -1), 0
        for _, delta in self.client.updates:
            seen = parse_seen((delta.get(SCREEN) or {}).get("g_seen_rx_state_"))
            if seen is None:
                continue
            if step_order(seen) < furthest:
                back += 1
            furthest = max(furthest, step_order(seen))
        return back

    async def move(
        self, expected: str, index: int, before_emit: Callable[[float], None] = lambda _: None
    ) -> tuple[float, dict[str, Any]] | None:
        """« Next » towards (`expected`, `index`), naming the step the remote shows. A refusal (the remote showed a
        step the room had left) is tried again only when the room is still just before that step: the bench never
        moves the room further than it means to. (time, delta) of the reply that shows it, or None."""
        seen = self.now("g_seen_rx_state_")
        for _ in range(3):
            mark, begin = len(self.client.updates), time.monotonic()
            before_emit(begin)
            await self.client.emit(f"{SCREEN}.game_next", {"seen": seen})
            reply = await wait_for(self.client, mark, lambda d: "g_error_rx_state_" in (d.get(SCREEN) or {}), WAIT_S)
            if reply is None:
                self.failed.append(f"no reply to « next » towards {expected} {index + 1}")
                return None
            self.moves.append(reply[1] - begin)
            screen = reply[2].get(SCREEN) or {}
            seen = screen.get("g_seen_rx_state_") or self.now("g_seen_rx_state_")
            current = parse_seen(seen)
            if current is not None and current[:2] == (expected, index):
                return reply[1], screen
            if current is None or rules.next_step(current[0], current[1], self.total) != (expected, index):
                break
            self.refused += 1
        self.failed.append(f"the room did not move to {expected} {index + 1} (it shows {seen})")
        return None

    async def end(self) -> None:
        mark, begin = len(self.client.updates), time.monotonic()
        await self.client.emit(f"{SCREEN}.game_end", {})
        reply = await wait_for(self.client, mark, lambda d: "g_error_rx_state_" in (d.get(SCREEN) or {}), WAIT_S)
        if reply is None:
            self.failed.append("no reply to « end »")
        else:
            self.moves.append(reply[1] - begin)


async def drive_game(room: Room, remote: Remote, phones: int) -> dict[str, Any]:
    """The advisor: waits for the room, then per question opens it, waits until it closes by itself (all answered,
    or its countdown), closes it if it did not, reveals it, shows the leaderboard; at the end, podium and end."""
    play = room.play
    assert play is not None
    seconds = room.args.game_seconds
    closed_by = {"all answered": 0, "countdown": 0, "advisor": 0}
    board_ready: list[float] = []
    give_up = time.monotonic() + room.args.ramp + 120
    while room.arrived < phones and time.monotonic() < give_up:
        await asyncio.sleep(0.2)
    await asyncio.sleep(1.0)
    remote.total = int(remote.now("g_total_rx_state_", 0)) or play.count
    for index in range(play.count):
        if await remote.move("question", index, lambda at, i=index: play.opened.__setitem__(i, at)) is None:
            break
        # closed: the remote shows this question's "closed" (an update with an older step does not count)
        until = play.opened[index] + seconds + 5
        while time.monotonic() < until and (remote.step() or ("", -1, 0))[:2] != ("closed", index):
            await asyncio.sleep(0.05)
        after = time.monotonic() - play.opened[index]
        if (remote.step() or ("", -1, 0))[:2] != ("closed", index):
            how = "advisor"
            if await remote.move("closed", index) is None:
                break
        elif int(remote.now("g_answered_rx_state_", 0)) >= int(remote.now("g_players_rx_state_", 0)) > 0:
            how = "all answered"
        else:
            how = "countdown"
        closed_by[how] += 1
        play.closing[index] = f"closed ({how}) on the remote {after:.1f} s after « open »"
        if await remote.move("reveal", index) is None:
            break
        await asyncio.sleep(1.0)  # the advisor comments the answer
        if await remote.move("board", index, lambda at, i=index: play.board_at.__setitem__(i, at)) is None:
            break
        if remote.now("g_board_rx_state_"):  # set at the reveal already (the ranking counts revealed questions)
            board_ready.append(remote.moves[-1])
        # the leaderboard stays up until every phone that showed the question shows it (bounded)
        until = time.monotonic() + 30
        while play.board_seen.get(index, 0) < len(play.shown[index]) and time.monotonic() < until:
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)
    if play.count >= remote.total:
        await remote.move("podium", play.count - 1, lambda at: setattr(play, "ended_at", at))
    else:
        play.ended_at = time.monotonic()
    await remote.end()
    return {"closed_by": closed_by, "board_ready": board_ready}


def game_rows(room: Room, remote: Remote, driven: dict[str, Any], stored: int) -> dict[str, str]:
    play = room.play
    assert play is not None
    off_median, off_deadline, spreads, arrivals = play.skew()
    lost = play.sent - play.refused - stored
    closed = driven["closed_by"]
    return {
        "answer round trip (goal p95 ≤ 100 ms)": ms(play.answer_rt),
        "advisor's « next » round trip": ms(remote.moves),
        "remote: « next » refused / went back to an old step": f"{remote.refused} / {remote.went_back()}",
        "answers sent / stored / lost (goal 0 lost)": f"{play.sent} / {stored} / {lost}",
        f"answers refused / not acknowledged in {WAIT_S:.0f} s": f"{play.refused} / {play.unacked}",
        "open → question on phones (goal p95 ≤ 500 ms)": ms(play.open_lag),
        "questions never shown (phone × question)": str(play.missed),
        "countdown skew: |end − median| (goal ≤ 300 ms)": (
            f"p95 {percent_ms(off_median, 95)}, max {percent_ms(off_median, 100)}"
        ),
        "countdown skew: spread max − min, per question": ms(spreads),
        "question arrival spread, per question": ms(arrivals),
        "countdown end on phone − server deadline": ms(off_deadline),
        "questions closed: all answered / countdown / advisor": (
            f"{closed['all answered']} / {closed['countdown']} / {closed['advisor']}"
        ),
        "leaderboard on the remote after « next » (goal ≤ 1 s)": ms(driven["board_ready"]),
        "leaderboard on phones after « next »": f"{ms(play.board_lag)}, missed {play.no_board}",
        "podium on phones after the advisor ends the game": ms(play.end_lag),
    }


SETUPS = {  # as a laptop and as a scaled-out deployment run it (client states: in memory, in Redis; rxconfig.py)
    "sqlite": ("SQLite · 1 worker", {"GRANIAN_WORKERS": "1"}),
    "postgres": ("PostgreSQL + Redis · 2 workers", {"GRANIAN_WORKERS": "2"}),
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
            game = (
                store.GameSettings(chapters=GAME_CHAPTERS, mixed=False, seconds=args.game_seconds)
                if args.mode == "game"
                else None
            )
            mode = "live" if game else args.mode
            workshop = store.create_workshop(
                session, advisor_id=advisor.id or 0, title="Bench", held_on=date.today(), mode=mode, game=game
            )
            workshop_id, code = workshop.id or 0, workshop.code
            session_token = accounts.open_session(session, user=advisor)
        front = frontend()
        url = server.url
        # the game is driven from the remote (a phone at the front of the room); it shows what the screen shows
        screen_path = (routes.advisor_workshop_remote if args.mode == "game" else routes.advisor_workshop)(workshop_id)
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
        bench_before = time.process_time()
        db_cpu_before = services_cpu_seconds() if services else 0.0
        ramp = [began + args.ramp * i / max(1, args.phones) for i in range(args.phones)]
        tasks = [asyncio.create_task(room.run_phone(n + 1, ramp[n])) for n in range(args.phones)]
        if args.mode == "live":
            await asyncio.sleep(args.ramp + 5)  # everyone in the room
            advisor_task = asyncio.create_task(drive_live(room, screen_client, args.phones))
            await advisor_task
        remote, driven = Remote(screen_client), {}
        if args.mode == "game":
            driven = await drive_game(room, remote, args.phones)
            _, late = await asyncio.wait(tasks, timeout=args.game_seconds + 60)
            for task in late:  # a phone still waiting after the game ended: counted, not awaited for ever
                task.cancel()
                room.errors.append("a phone was still waiting after the end of the game")
        await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.sleep(2.5)  # the screen's last poll
        stop.set()
        await probe
        elapsed, cpu = time.monotonic() - began, cpu_seconds(server.pid) - cpu_before
        bench_cpu = time.process_time() - bench_before
        db_cpu = services_cpu_seconds() - db_cpu_before if services else 0.0
        await screen_client.sio.disconnect()

        with Session(engine) as session:
            stored = (
                session.exec(select(func.count(col(GameAnswer.id))).where(GameAnswer.workshop_id == workshop_id)).one()
                if args.mode == "game"
                else answers_in_room(session, workshop_id)
            )
            seated = session.exec(
                select(func.count(col(WorkshopParticipant.id))).where(WorkshopParticipant.workshop_id == workshop_id)
            ).one()
        engine.dispose()
        fresh, missing = screen.freshness(room.acked)
        errors = server.new_errors()

    events = args.phones * 2 + room.sent + (room.play.sent + len(remote.moves) if room.play else 0)
    load = os.getloadavg()
    rows = {
        "duration": f"{elapsed:.0f} s",
        "joined (seats in the database)": f"{seated}/{args.phones}",
        "connect → join screen": ms(room.round_trips["connect"]),
        "join round trip": ms(room.round_trips["join"]),
    }
    if room.play is not None:
        rows |= game_rows(room, remote, driven, stored)
    else:
        rows |= {
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
        "bench CPU (the simulated phones)": f"{bench_cpu:.1f} s, {100 * bench_cpu / elapsed:.0f} % of a core",
        "machine load (1/5/15 min)": f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}",
        "bench event-loop lag": ms(lags),
        "errors (server lines / phones / advisor)": f"{len(errors)} / {len(room.errors)} / {len(remote.failed)}",
    }
    for line in (errors + room.errors + remote.failed)[:5]:
        print("    " + line[:200])
    if room.play is not None:
        room.play.print_questions()
    if room.play is not None and room.play.refusals:
        print("    answers refused: " + "; ".join(f"{n} × {why}" for why, n in room.play.refusals.items()))
    return rows


def print_table(args: argparse.Namespace, results: dict[str, dict[str, str]]) -> None:
    """One column per setup, one row per figure."""
    game = f" · {args.game_questions} questions of {args.game_seconds} s" if args.mode == "game" else ""
    print(
        f"\nWorkshop load · {args.phones} phones · mode {args.mode}{game} · {os.cpu_count()} cores"
        " · times p50 / p95 / max"
    )
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
    parser.add_argument("--mode", choices=(*store.MODES, "game"), default="self_paced")
    parser.add_argument("--ramp", type=float, default=30.0, help="seconds over which the phones arrive")
    parser.add_argument("--think-min", type=float, default=3.0)
    parser.add_argument("--think-max", type=float, default=10.0)
    parser.add_argument(
        "--setups", nargs="+", choices=tuple(SETUPS), default=list(SETUPS), help="run on which deployments"
    )
    parser.add_argument("--live-window", type=float, default=12.0, help="live: longest a question stays open")
    parser.add_argument("--game-questions", type=int, default=6, help="game: how many questions are played")
    parser.add_argument(
        "--game-seconds", type=int, choices=rules.SECONDS_CHOICES, default=20, help="game: each question's countdown"
    )
    parsed = parser.parse_args()
    playable = len(rules.game_questions(GAME_CHAPTERS, mixed=False, seed=0))
    parsed.game_questions = max(1, min(parsed.game_questions, playable))
    if parsed.mode in ("live", "game"):
        parsed.think_min, parsed.think_max = min(parsed.think_min, 1.0), min(parsed.think_max, 8.0)
    asyncio.run(main(parsed))
