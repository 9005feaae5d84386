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
