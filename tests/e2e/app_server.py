"""Starts the real app as production serves it: a production build, frontend and backend on one free port,
a fresh migrated database. Shared by the e2e fixture and the benchmarks."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVER_ERROR = re.compile(r"Traceback|\bERROR\b|Exception in ", re.IGNORECASE)
START_TIMEOUT_S = 900  # the first build on a fresh machine installs the frontend's packages


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, url: str, log: Path, database_url: str = "", pid: int = 0) -> None:
        self.url = url
        self.log = log
        self.database_url = database_url  # for tests and benchmarks that prepare rows (an advisor, a room)
        self.pid = pid  # the server's process group (benchmarks read its CPU time)
        self._seen = 0

    def new_errors(self) -> list[str]:
        """Error lines the server logged since the last call."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        fresh, self._seen = text[self._seen :], len(text)
        return [line for line in fresh.splitlines() if SERVER_ERROR.search(line)]


@contextmanager
def running_app(env: Mapping[str, str] | None = None) -> Iterator[Server]:
    """The app on a free port; SQLite in a temp folder unless `env` names another GUIDE_DATABASE_URL."""
    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="guide-app-"))
    full_env = {
        **os.environ,
        "GUIDE_DATABASE_URL": f"sqlite:///{workdir / 'app.db'}",
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    subprocess.run(["reflex", "db", "migrate"], cwd=ROOT, env=full_env, check=True, capture_output=True)
    log = workdir / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                "reflex",
                "run",
                "--env",
                "prod",
                "--single-port",
                *("--frontend-port", str(port)),
                "--backend-port",
                str(port),
            ],
            cwd=ROOT,
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the app stopped while starting:\n{log.read_text()[-4000:]}")
            try:
                with urllib.request.urlopen(f"{url}/ping", timeout=2):
                    break
            except OSError as error:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"no answer on /ping in {START_TIMEOUT_S} s:\n{log.read_text()[-4000:]}"
                    ) from error
                time.sleep(1)
        yield Server(url, log, full_env["GUIDE_DATABASE_URL"], process.pid)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        shutil.rmtree(workdir, ignore_errors=True)
