"""Starts the real app once per session (production build, one port, temp SQLite) and drives it in
Debian's Chromium at 390×844. A test fails when the server logs an error or the browser console shows one."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.e2e.phone import PHONE

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_ERROR = re.compile(r"Traceback|\bERROR\b|Exception in ", re.IGNORECASE)
BUILD_TIMEOUT_S = 900


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, url: str, log: Path) -> None:
        self.url = url
        self.log = log
        self._seen = 0

    def new_errors(self) -> list[str]:
        """Error lines the server logged since the last call."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        fresh, self._seen = text[self._seen :], len(text)
        return [line for line in fresh.splitlines() if SERVER_ERROR.search(line)]


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    port = _free_port()
    workdir = Path(tempfile.mkdtemp(prefix="guide-e2e-"))
    env = {**os.environ, "GUIDE_DATABASE_URL": f"sqlite:///{workdir / 'e2e.db'}", "PYTHONUNBUFFERED": "1"}
    subprocess.run(["reflex", "db", "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)
    log = workdir / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                "reflex",
                "run",
                "--env",
                "prod",
                "--single-port",
                "--frontend-port",
                str(port),
                "--backend-port",
                str(port),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + BUILD_TIMEOUT_S
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"the app stopped while starting:\n{log.read_text()[-4000:]}")
            try:
                with urllib.request.urlopen(f"{url}/ping", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"the app did not answer /ping in {BUILD_TIMEOUT_S} s:\n{log.read_text()[-4000:]}")
                time.sleep(1)
        srv = Server(url, log)
        srv.new_errors()  # start-up noise is not a test's fault
        yield srv
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, server: Server, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A new visitor's phone: fresh storage, French locale, touch, 390×844."""
    context = browser.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True, base_url=server.url)
    tab = context.new_page()
    console_errors: list[str] = []
    tab.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: console_errors.append(str(exc)))
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
    server_errors = server.new_errors()
    assert not server_errors, f"server logged errors during {request.node.name}: {server_errors}"
    if request.node.get_closest_marker("expects_http_404"):
        console_errors = [e for e in console_errors if "status of 404" not in e]
    assert not console_errors, f"browser console errors during {request.node.name}: {console_errors}"
