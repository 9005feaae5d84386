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
from collections.abc import Iterator, Mapping, Sequence
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
    """The app's process, its URL and its log; restart() kills it and starts it again on the same database.
    `command`: what starts it (default: `reflex run --env prod --single-port`, which builds first)."""

    def __init__(self, port: int, env: Mapping[str, str], log: Path, command: Sequence[str] = ()) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log = log
        self._env = dict(env)
        self.database_url = self._env.get("DATABASE_URL", "")  # for tests and benchmarks that prepare rows
        self._seen = 0
        self._command = list(command) or ["reflex", "run", "--env", "prod", "--single-port", *self._ports()]
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        """The server's process group (benchmarks read its CPU time)."""
        return self._process.pid if self._process is not None else 0

    def new_errors(self) -> list[str]:
        """Error lines the server logged since the last call."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        fresh, self._seen = text[self._seen :], len(text)
        return [line for line in fresh.splitlines() if SERVER_ERROR.search(line)]

    def start(self) -> None:
        with self.log.open("a") as out:
            self._process = subprocess.Popen(
                self._command,
                cwd=ROOT,
                env=self._env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if self._process.poll() is not None:
                raise RuntimeError(f"the app stopped while starting:\n{self.log.read_text()[-4000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/ping", timeout=2):
                    return
            except OSError as error:
                if time.monotonic() > deadline:
                    tail = self.log.read_text()[-4000:]
                    raise RuntimeError(f"no answer on /ping in {START_TIMEOUT_S} s:\n{tail}") from error
                time.sleep(1)

    def _ports(self) -> tuple[str, ...]:
        return ("--frontend-port", str(self.port), "--backend-port", str(self.port))

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self._process is None:
            return
        os.killpg(self._process.pid, sig)
        try:
            self._process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait()
        self._process = None

    def restart(self) -> None:
        """A crash (SIGKILL, no clean shutdown) and a restart, as an operator or a supervisor would."""
        self.stop(signal.SIGKILL)
        self.start()
        self.new_errors()  # start-up noise again


@contextmanager
def running_app(env: Mapping[str, str] | None = None, port: int | None = None) -> Iterator[Server]:
    """The app on `port` (default: a free one), on SQLite in a temp folder unless DATABASE_URL (e.g. the PostgreSQL
    tier's) is set."""
    port = port or free_port()
    workdir = Path(tempfile.mkdtemp(prefix="guide-app-"))
    full_env = {
        "DATABASE_URL": f"sqlite:///{workdir / 'app.db'}",
        "GUIDE_PUBLIC_URL": f"http://127.0.0.1:{port}",  # links in e-mails lead back to this server
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    subprocess.run(["reflex", "db", "migrate"], cwd=ROOT, env=full_env, check=True, capture_output=True)
    server = Server(port, full_env, workdir / "server.log")
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


NGINX_SITE = ROOT / "deploy" / "nginx.conf"
NGINX_TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


@contextmanager
def nginx_in_front(workdir: Path, instances: Sequence[str], listen: str, *http: str) -> Iterator[None]:
    """nginx running deploy/nginx.conf with its placeholders filled (`instances`: host:port of each instance,
    `listen`: its `listen` arguments), `http` lines added at the http level; its files in `workdir`. Stopped on
    exit; the caller waits for it to answer."""
    site = NGINX_SITE.read_text()
    site = site.replace("@INSTANCES@", " ".join(f"server {instance};" for instance in instances))
    site = site.replace("@LISTEN@", listen)
    (workdir / "site.conf").write_text(site)
    (workdir / "nginx.conf").write_text(
        "events { worker_connections 1024; }\nhttp {\n"
        + "".join(f"  {line}\n" for line in http)
        + "".join(f"  {kind}_temp_path {workdir}/{kind};\n" for kind in NGINX_TEMP_PATHS)
        + f"  include {workdir}/site.conf;\n}}\n"
    )
    nginx = subprocess.Popen(
        ["nginx", "-p", str(workdir), "-c", str(workdir / "nginx.conf"),
         "-g", f"daemon off; user root; pid {workdir}/nginx.pid; error_log {workdir}/error.log;"],
    )  # fmt: skip
    try:
        yield
    finally:
        nginx.terminate()
        nginx.wait(timeout=20)
