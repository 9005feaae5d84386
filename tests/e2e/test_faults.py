"""Faults a real deployment meets: the backend killed in the middle of a diagnostic or of a workshop, a phone
losing its connection. The participant finds every answer again."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from redis.asyncio import Redis
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, create_engine, select

from guide_app.admin import create_advisor
from guide_app.core import routes
from guide_app.models import OutboxMessage, SchedulerLease
from guide_app.quiz.diagnostic import diagnostic_bank
from guide_app.workshop import store
from tests.e2e.app_server import ROOT, Server, free_port, nginx_in_front
from tests.e2e.journeys import PASSWORD, TOTAL, answer_in_room, create_workshop, join_workshop, sign_in_advisor
from tests.e2e.phone import Contexts
from tests.e2e.wire import (
    PHONE_STATE,
    STATE,
    Client,
    answer_question,
    answers_in_room,
    frontend,
    seat_view,
    take_seat,
)
from tests.integration.sending_fixtures import Inbox, build_case, drop_engine, empty_engine, smtp_server

BANK = diagnostic_bank()


def _answer(page: Page, index: int) -> None:
    expect(page.get_by_text(f"Question {index + 1} sur")).to_be_visible()
    page.get_by_role("button", name=BANK.questions[index].answers[1].text, exact=True).click()


# what the browser logs while the server is down: the lost websocket, and the service worker's script it could not
# fetch if the page registered it then (assets/register-sw.js: a few seconds after the page hydrated)
OUTAGE = r"WebSocket connection to .* failed|An unknown error occurred when fetching the script"


@pytest.mark.expected_console(OUTAGE)
def test_a_killed_backend_loses_no_answer(page: Page, server: Server) -> None:
    page.goto("/diagnostic")
    page.get_by_role("button", name="Commencer").click()
    for index in range(3):
        _answer(page, index)
    expect(page.get_by_text("Question 4 sur")).to_be_visible()

    server.restart()  # SIGKILL, then a new process on the same database

    page.reload()
    expect(page.get_by_text("Question 4 sur")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="← Question précédente").click()
    third = BANK.questions[2].answers[1].text
    expect(page.get_by_role("button", name=third)).to_have_attribute("aria-pressed", "true")


@pytest.mark.journey
@pytest.mark.expected_console(OUTAGE)
def test_a_killed_backend_mid_workshop_keeps_every_answer(page: Page, server: Server, contexts: Contexts) -> None:
    laptop = sign_in_advisor(contexts)
    code = create_workshop(laptop, "Atelier interrompu", live=False)
    join_workshop(page, code, "Renard")
    chosen = [1, 0, 2]
    for index, position in enumerate(chosen):
        answer_in_room(page, index, position)
    expect(page.get_by_text(f"Question 4 sur {TOTAL}")).to_be_visible()
    cards = laptop.locator(".question-card")
    expect(cards.nth(2)).to_contain_text("1 réponse(s)")

    server.restart()  # SIGKILL, then a new process on the same database

    page.reload()
    expect(page.get_by_text(f"Question 4 sur {TOTAL}")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Renard")).to_be_visible()
    answer_in_room(page, 3, 0)
    expect(page.get_by_text(f"Question 5 sur {TOTAL}")).to_be_visible()
    # The advisor's screen reconnects by itself (it shows the answer given after the restart) and counts the
    # answers given before the crash, each on the option chosen.
    expect(cards.nth(3)).to_contain_text("1 réponse(s)", timeout=30_000)
    expect(laptop.locator("#joined-count")).to_have_text("1")
    for index, position in enumerate(chosen):
        card = cards.nth(index)
        expect(card).to_contain_text("1 réponse(s)")
        option = BANK.questions[index].answers[position].text
        expect(card.locator(".bar-row").filter(has=laptop.get_by_text(option, exact=True))).to_contain_text("1 · 100")


@pytest.mark.expected_console(OUTAGE)
def test_a_dropped_connection_comes_back_to_the_same_question(page: Page) -> None:
    page.goto("/diagnostic")
    page.get_by_role("button", name="Commencer").click()
    for index in range(2):
        _answer(page, index)
    page.context.set_offline(True)
    page.wait_for_timeout(1500)
    page.context.set_offline(False)
    expect(page.get_by_text("Question 3 sur")).to_be_visible(timeout=20_000)
    _answer(page, 2)
    expect(page.get_by_text("Question 4 sur")).to_be_visible()


# --- The PostgreSQL + Redis tier: the services themselves fail ----------------------------------------------

SERVICES = ROOT / "scripts" / "services.sh"
needs_services = pytest.mark.skipif(
    "REDIS_URL" not in os.environ, reason="needs the PostgreSQL + Redis tier (scripts/services.sh start)"
)


def self_paced_room(database_url: str, title: str) -> tuple[int, str]:
    """A self-paced room of a new advisor, straight in the database: (workshop id, code)."""
    engine = create_engine(database_url)
    with Session(engine) as session:
        email = f"{title.lower().replace(' ', '-')}-{os.getpid()}@cci.fr"
        advisor = create_advisor(session, email=email, name="Claire", password=PASSWORD)
        workshop = store.create_workshop(
            session, advisor_id=advisor.id or 0, title=title, held_on=date.today(), mode="self_paced"
        )
        found = (workshop.id or 0, workshop.code)
    engine.dispose()
    return found


def restart_service(name: str) -> None:
    """scripts/services.sh restart redis|postgres: the tier's own service, restarted in place."""
    subprocess.run([str(SERVICES), "restart", name], check=True, capture_output=True, timeout=120)


REDIS_DOWN = r"task error suppressed: Error 111 connecting"  # Reflex's Redis listeners while Redis restarts


@needs_services
@pytest.mark.faults
@pytest.mark.expected_server_log(REDIS_DOWN)
def test_redis_restarted_mid_live_workshop_phones_resume_and_keep_every_answer(page: Page, contexts: Contexts) -> None:
    laptop = sign_in_advisor(contexts)
    code = create_workshop(laptop, "Atelier sans Redis", live=True)
    other = contexts.tab()
    join_workshop(page, code, "Renard")
    join_workshop(other, code, "Blaireau")
    expect(laptop.locator("#joined-count")).to_have_text("2")
    laptop.get_by_role("button", name="Lancer la première question").click()
    answer_in_room(page, 0, 1)
    expect(page.get_by_text("Réponse enregistrée")).to_be_visible()
    expect(laptop.locator("#live-answered")).to_have_text("1")

    restart_service("redis")  # every browser's server-side state is gone; the sockets stay open

    # The phone that had not answered yet answers now: stored, and its screen says so.
    answer_in_room(other, 0, 2)
    expect(other.get_by_text("Réponse enregistrée")).to_be_visible()
    expect(laptop.locator("#live-answered")).to_have_text("2")
    laptop.get_by_role("button", name="Afficher les réponses").click()
    _shows_split(laptop, 0, (1, 2))  # the answer given before the restart and the one given after
    laptop.get_by_role("button", name="Question suivante").click()
    for phone, name in ((page, "Renard"), (other, "Blaireau")):  # no reload: both follow the advisor
        expect(phone.get_by_text(f"Question 2 sur {TOTAL}")).to_be_visible()
        expect(phone.get_by_text(name)).to_be_visible()
    answer_in_room(page, 1, 0)
    answer_in_room(other, 1, 1)
    expect(laptop.locator("#live-answered")).to_have_text("2")
    laptop.get_by_role("button", name="Afficher les réponses").click()
    _shows_split(laptop, 1, (0, 1))


def _shows_split(screen: Page, index: int, positions: tuple[int, int]) -> None:
    """The advisor's screen shows question `index`'s answers: one on each of the two options at `positions`."""
    expect(screen.get_by_text(f"Question {index + 1} sur {TOTAL}")).to_be_visible()
    for position, answer in enumerate(BANK.questions[index].answers):
        count = "1 · 50 %" if position in positions else "0 · 0 %"
        row = screen.locator(".bar-row").filter(has=screen.get_by_text(answer.text, exact=True))
        expect(row).to_contain_text(count)


@needs_services
@pytest.mark.faults
def test_an_answer_held_while_redis_was_emptied_survives_two_hydrates_in_a_row(server: Server) -> None:
    """After Redis lost the states, a phone's answer is held until its browser hydrates again. The browser may be
    asked twice (by the held answer and by the Redis watcher) and hydrate twice in a row: the second hydrate
    cancels what is left of the first one's page load, and must not take the held answer with it."""
    workshop_id, code = self_paced_room(server.database_url, "Redis vidé")
    with ThreadPoolExecutor(1) as pool:  # the session's Playwright keeps an event loop in this thread
        report = pool.submit(lambda: asyncio.run(_answer_across_an_emptied_redis(server, code))).result()
    engine = create_engine(server.database_url)
    with Session(engine) as session:
        stored = answers_in_room(session, workshop_id)
    engine.dispose()
    assert report["asked"], "the phone was not asked to hydrate again"
    assert report["acknowledged"], "the answer given after Redis was emptied was not acknowledged"
    assert stored == 2  # the answer before and the answer after


async def _answer_across_an_emptied_redis(server: Server, code: str) -> dict[str, Any]:
    phone = Client(server.url, routes.workshop_room(code), {"room_code": code}, {}, frontend())
    await phone.connect()
    assert await take_seat(phone, "Hérisson") == ""
    assert await answer_question(phone, 0)

    redis = Redis.from_url(os.environ["REDIS_URL"])
    await redis.flushall()  # every state is gone; the socket stays open
    await redis.aclose()

    second = BANK.questions[1]
    mark = len(phone.updates)
    await phone.emit(f"{PHONE_STATE}.answer", {"question_id": second.id, "answer_id": second.answers[0].id})
    await phone.until(mark, lambda d: True)  # the server's reply: hold on, hydrate again
    asked = "_remove_session_storage" in phone.asked
    if asked:
        again = len(phone.updates)
        await phone.send(phone.hydrate(first=False))
        # Asked twice: it hydrates again as soon as the first hydrate's page load has finished (the held answer is
        # then about to run).
        await phone.until(again, lambda d: (d.get(STATE) or {}).get("is_hydrated_rx_state_") is True)
        await phone.send(phone.hydrate(first=False))
    done = await phone.until(mark, lambda d: seat_view(d).get("index_rx_state_") == 2, timeout=15)
    report = {"asked": asked, "acknowledged": done is not None}
    await phone.sio.disconnect()
    return report


PHONES = 300
WORKER_DIED = r"Unexpected exit from worker"  # Granian's line when the worker is killed (it is started again)


def _workers(server: Server) -> list[int]:
    """The server's worker processes (children of the Granian main process, which `reflex run` is)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == server.pid:  # ppid
            found.append(int(stat.parent.name))
    return sorted(found)


@needs_services
@pytest.mark.faults
def test_a_worker_killed_under_300_phones_the_other_serves_and_phones_reconnect(server: Server) -> None:
    assert len(_workers(server)) >= 2, "this fault needs GRANIAN_WORKERS=2 (the PostgreSQL + Redis tier)"
    workshop_id, code = self_paced_room(server.database_url, "Salle pleine")

    # In a thread of its own: the session's Playwright browser keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        report = pool.submit(lambda: asyncio.run(_room_through_a_worker_kill(server, code))).result()

    engine = create_engine(server.database_url)
    with Session(engine) as session:
        stored = answers_in_room(session, workshop_id)
    engine.dispose()
    print(f"\n{PHONES} phones, one worker killed: {report}")
    assert report["errors"] == []
    assert report["cut"] > 0  # the killed worker held phones …
    assert report["reconnected"] == report["cut"]  # … and every one of them came back
    assert report["second_answers"] == PHONES
    assert stored == 2 * PHONES  # nothing lost: every phone's two answers are in the database
    assert len(_workers(server)) >= 2  # the killed worker was started again
    time.sleep(1)  # Granian's line about the dead worker reaches the log
    unexpected = [line for line in server.new_errors() if not re.search(WORKER_DIED, line)]
    assert not unexpected, unexpected  # (no `page` fixture here to read the server's log)


async def _room_through_a_worker_kill(server: Server, code: str) -> dict[str, Any]:
    front = frontend()
    path = routes.workshop_room(code)
    phones = [Client(server.url, path, {"room_code": code}, {}, front) for _ in range(PHONES)]
    errors: list[str] = []

    async def enter(number: int, phone: Client) -> None:
        await asyncio.sleep(number * 0.02)  # 300 phones in 6 s
        await phone.connect()
        if problem := await take_seat(phone, f"Tél {number}"):
            errors.append(f"phone {number}: {problem}")
        elif not await answer_question(phone, 0, number):
            errors.append(f"phone {number}: first answer not acknowledged")

    await asyncio.gather(*(enter(n, p) for n, p in enumerate(phones)))

    os.kill(_workers(server)[0], signal.SIGKILL)
    await asyncio.sleep(3)  # the kernel closes the dead worker's sockets; its phones see it
    cut = [n for n, p in enumerate(phones) if not p.sio.connected]
    reconnected = 0

    async def come_back(number: int) -> None:
        nonlocal reconnected
        phone = phones[number]
        mark = len(phone.updates)
        for attempt in range(10):  # as the frontend does: retry until a worker answers
            try:
                await phone.reconnect()
                break
            except Exception as error:  # the respawning worker may refuse a first attempt
                if attempt == 9:
                    errors.append(f"phone {number}: no reconnection: {error!r}")
                    return
                await asyncio.sleep(0.5)
        if await phone.until(mark, lambda d: seat_view(d).get("index_rx_state_") == 1) is None:
            errors.append(f"phone {number}: reconnected but not back on question 2")
            return
        reconnected += 1

    await asyncio.gather(*(come_back(n) for n in cut))
    second = await asyncio.gather(*(answer_question(p, 1, n) for n, p in enumerate(phones)))
    for number, phone in enumerate(phones):
        if not second[number]:
            errors.append(f"phone {number}: second answer not acknowledged")
        await phone.sio.disconnect()
    return {"cut": len(cut), "reconnected": reconnected, "second_answers": sum(second), "errors": errors[:5]}


# --- Two instances behind one proxy ---------------------------------------------------------------------------

ROOM_PHONES = 20
DUE_FIRST, DUE_AFTER = 12, 6


@dataclass
class Deployment:
    url: str  # the proxy's
    instances: list[Server]
    engine: Engine
    inbox: Inbox
    access_log: Path  # one line per request: method, path, status, the instance that answered

    def answered_by(self, path: str) -> set[str]:
        """The instances (host:port) that answered requests to `path` (a websocket's line is written when it closes)."""
        lines = self.access_log.read_text().splitlines()
        return {line.split()[-1] for line in lines if line.split()[1] == path}


@pytest.fixture
def two_instances(server: Server) -> Iterator[Deployment]:
    """Two instances of the app (`python -m guide_app.core.serving`, from the build the session's server made),
    each with its scheduler running every second, on a database of their own on the tier's PostgreSQL and on its
    Redis, e-mails to a loopback SMTP server; nginx in front with deploy/nginx.conf. Yields the proxy's URL."""
    engine = empty_engine()  # migrated below, as a deploy does
    inbox = Inbox()
    smtp = smtp_server(inbox)
    workdir = Path(tempfile.mkdtemp(prefix="guide-instances-"))
    proxy_port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "GRANIAN_WORKERS": "1",
        "GUIDE_SCHEDULER_INTERVAL": "1",
        "GUIDE_PUBLIC_URL": f"http://127.0.0.1:{proxy_port}",
        "GUIDE_SMTP_HOST": "127.0.0.1",
        "GUIDE_SMTP_PORT": str(smtp.port),
        "GUIDE_SMTP_TLS": "none",
        "GUIDE_SMTP_SENDER": "relances@guide.example",
        "REFLEX_TRUSTED_PROXY_HOPS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    subprocess.run(["reflex", "db", "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)
    instances = []
    for name in ("a", "b"):
        port = free_port()
        command = [sys.executable, "-m", "guide_app.core.serving", "--port", str(port), "--host", "127.0.0.1"]
        instances.append(Server(port, env, workdir / f"{name}.log", command))
    try:
        for instance in instances:
            instance.start()
        with nginx_in_front(
            workdir,
            [f"127.0.0.1:{instance.port}" for instance in instances],
            f"127.0.0.1:{proxy_port}",
            "log_format instance '$request_method $uri $status $upstream_addr';",
            f"access_log {workdir}/access.log instance;",
        ):
            _wait_for(f"http://127.0.0.1:{proxy_port}/ping")
            yield Deployment(f"http://127.0.0.1:{proxy_port}", instances, engine, inbox, workdir / "access.log")
            for instance in instances:
                assert not instance.new_errors(), instance.log.read_text()[-4000:]
    finally:
        for instance in instances:
            instance.stop()
        smtp.stop()
        drop_engine(engine)
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _instance_of(response: Any) -> str:
    return str(response.headers["X-Guide-Instance"])


@needs_services
@pytest.mark.faults
def test_two_instances_behind_one_proxy_share_the_room_and_send_each_reminder_once(
    two_instances: Deployment,
) -> None:
    deployment = two_instances
    proxy, instances, engine, inbox = deployment.url, deployment.instances, deployment.engine, deployment.inbox
    addresses = {f"127.0.0.1:{i.port}" for i in instances}

    # The proxy spreads requests over both instances, and each serves the built pages with their headers.
    seen = set()
    for _ in range(4):
        with urllib.request.urlopen(f"{proxy}/", timeout=10) as response:
            seen.add(_instance_of(response))
            assert "Faire mon auto-diagnostic" in response.read().decode()
            assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert seen == addresses

    # A room's phones are spread over both instances; each phone reconnects (to the other instance, the proxy
    # taking turns) and finds its seat and its next question: states live in Redis, answers in PostgreSQL.
    workshop_id, code = self_paced_room(engine.url.render_as_string(hide_password=False), "Deux instances")
    with ThreadPoolExecutor(1) as pool:  # the session's Playwright keeps an event loop in this thread
        room = pool.submit(lambda: asyncio.run(_room_over_the_proxy(proxy, code))).result()
    with Session(engine) as session:
        stored = answers_in_room(session, workshop_id)
    print(f"\n{ROOM_PHONES} phones through the proxy: {room}")
    assert room["errors"] == []
    assert room["back"] == ROOM_PHONES
    assert stored == 2 * ROOM_PHONES
    assert deployment.answered_by("/_event/") == addresses  # the room's sockets were on both instances

    # Both instances run a scheduler every second; the lease lets one send at a time: each e-mail leaves once.
    for number in range(DUE_FIRST):
        build_case(engine, email_address=f"compta{number}@client.example", debtor_name=f"Client {number}")
    _wait_until(lambda: len(inbox.messages) >= DUE_FIRST)
    holder = _lease_holder(engine)
    first = next(i for i in instances if int(holder.split(":")[1]) in _workers(i))

    # The holder's instance stops (a deploy): it lets the lease go, the other instance takes over and sends the rest.
    first.stop()
    for number in range(DUE_FIRST, DUE_FIRST + DUE_AFTER):
        build_case(engine, email_address=f"compta{number}@client.example", debtor_name=f"Client {number}")
    _wait_until(lambda: len(inbox.messages) >= DUE_FIRST + DUE_AFTER)
    time.sleep(3)  # three more runs: nothing is sent twice
    recipients = [str(m["To"]) for m in inbox.messages]
    message_ids = {str(m["Message-ID"]) for m in inbox.messages}
    second = _lease_holder(engine)
    print(f"lease: {holder} then {second}; {len(recipients)} e-mails for {DUE_FIRST + DUE_AFTER} due")
    assert sorted(recipients) == sorted(f"compta{n}@client.example" for n in range(DUE_FIRST + DUE_AFTER))
    assert len(message_ids) == DUE_FIRST + DUE_AFTER
    other = next(i for i in instances if i is not first)
    assert int(second.split(":")[1]) in _workers(other)
    with Session(engine) as session:
        assert session.exec(select(func.count(col(OutboxMessage.id)))).one() == DUE_FIRST + DUE_AFTER


def _wait_until(condition: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "not reached in time"
        time.sleep(0.2)


def _lease_holder(engine: Engine) -> str:
    with Session(engine) as session:
        lease = session.exec(select(SchedulerLease)).one()
        return lease.holder


async def _room_over_the_proxy(proxy: str, code: str) -> dict[str, Any]:
    front = frontend()
    path = routes.workshop_room(code)
    phones = [Client(proxy, path, {"room_code": code}, {}, front) for _ in range(ROOM_PHONES)]
    errors: list[str] = []
    back = 0

    async def attend(number: int, phone: Client) -> None:
        nonlocal back
        await phone.connect()
        if problem := await take_seat(phone, f"Tél {number}"):
            errors.append(f"phone {number}: {problem}")
            return
        if not await answer_question(phone, 0):
            errors.append(f"phone {number}: first answer not acknowledged")
            return
        await phone.sio.disconnect()
        mark = len(phone.updates)
        await phone.reconnect()
        if await phone.until(mark, lambda d: seat_view(d).get("index_rx_state_") == 1) is None:
            errors.append(f"phone {number}: reconnected but not on question 2")
            return
        back += 1
        if not await answer_question(phone, 1):
            errors.append(f"phone {number}: second answer not acknowledged")
        await phone.sio.disconnect()

    await asyncio.gather(*(attend(n, p) for n, p in enumerate(phones)))
    return {"back": back, "errors": errors[:5]}
