"""How the production server runs the app's workers (Granian, started by `reflex run --env prod`)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from guide_app.core.first_paint import route_pattern, skeleton_path


def respawn_failed_workers() -> None:
    """A worker that dies (SIGKILL, out of memory) is started again, and the other workers keep serving: Granian's
    default — which `reflex run` keeps — is to stop the whole server when one worker dies. Reflex 0.10.1 builds its
    server from `granian.server.Server` at start-up (reflex/utils/exec.py), after reading rxconfig, which calls
    this. Granian still stops when a worker dies again within 5.5 s of its respawn (a crash loop)."""
    import granian.server

    base = granian.server.Server
    if getattr(base, "respawns", False):
        return

    class Respawning(base):  # type: ignore[misc, valid-type]
        respawns = True

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("respawn_failed_workers", True)
            super().__init__(*args, **kwargs)

    granian.server.Server = Respawning  # type: ignore[misc]


def serve_pages(built: Path, routes_file: Path) -> Callable[[ASGIApp], ASGIApp]:
    """A transformer: a link to a page is answered at once with that page's prerendered HTML.
    - A page without parameters (`/compte`, `/simulateurs/penalites`) gets its `compte.html`: Starlette's static
      files answer a folder's name with a redirect to `/compte/` first, one more round trip on a phone's network
      before anything paints (every link in an e-mail, a QR code or a bookmark is written without the slash).
    - A page whose route has parameters (`/atelier/123456`, `/debiteur/<token>`) gets that route's prerendered
      skeleton (`/atelier/_`, core/first_paint.py), which shows the page's title and layout at once and hydrates
      in place; without it, the server's fallback is an empty shell.
    The routes (`routes_file`, Reflex's route table) and pages (`built`) are read at the first request, since
    `reflex run --env prod` builds them after importing the app; a route whose skeleton was not built (a
    development build) keeps the fallback."""

    @cache
    def skeletons() -> tuple[tuple[re.Pattern[str], str], ...]:
        routes = json.loads(routes_file.read_text(encoding="utf-8")) if routes_file.is_file() else []
        pages = ((route, skeleton_path(route) + "/index.html") for route in routes if "[" in route)
        return tuple((route_pattern(route), page) for route, page in pages if (built / page.lstrip("/")).is_file())

    @cache
    def folder_pages() -> frozenset[str]:
        """`/compte` for each `compte/index.html` that has its `compte.html` beside it (the build writes both)."""
        folders = (index.parent for index in built.rglob("index.html") if index.parent != built)
        found = (folder for folder in folders if (folder.parent / f"{folder.name}.html").is_file())
        return frozenset("/" + folder.relative_to(built).as_posix() for folder in found)

    def page_for(path: str) -> str | None:
        if path in folder_pages():
            return path + ".html"
        return next((page for pattern, page in skeletons() if pattern.match(path)), None)

    def transform(app: ASGIApp) -> ASGIApp:
        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
                page = page_for(scope["path"])
                if page is not None:
                    scope = {**scope, "path": page, "raw_path": page.encode()}
            await app(scope, receive, send)

        return wrapped

    return transform


def serve_built(port: int, host: str = "0.0.0.0") -> None:
    """One more instance of the production app, from the build already in `.web/` (`reflex run --env prod` made
    it): the backend with the built pages mounted, as `reflex run --env prod --single-port` serves them, without
    building again. Run several behind one proxy, on one PostgreSQL and one Redis (README, « Plusieurs instances »).
    Reflex 0.10.1 internals (pinned): what its `run --env prod` does once the build is done."""
    from reflex.utils import exec as reflex_exec
    from reflex.utils.prerequisites import get_web_dir
    from reflex_base import constants
    from reflex_base.config import get_config
    from reflex_base.environment import environment

    if not (get_web_dir() / "build" / "client" / "index.html").is_file():
        raise SystemExit(
            "Aucune version construite dans .web/ : lancez d'abord `make run` (ou `reflex run --env prod`), "
            "qui la construit."
        )
    environment.REFLEX_ENV_MODE.set(constants.Env.PROD)
    environment.REFLEX_SKIP_COMPILE.set(True)
    reflex_exec.run_backend_prod(host, port, get_config().loglevel.subprocess_level(), True)


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m guide_app.core.serving", description=serve_built.__doc__)
    parser.add_argument("--port", type=int, required=True, help="port de cette instance")
    parser.add_argument("--host", default="0.0.0.0", help="adresse d'écoute (défaut : toutes)")
    args = parser.parse_args(argv)
    serve_built(args.port, args.host)


if __name__ == "__main__":
    main()
