"""How the production server runs the app's workers (Granian, started by `reflex run --env prod`)."""

from __future__ import annotations

from typing import Any


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
