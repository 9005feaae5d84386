"""States and database together: a fresh SQLite file per test session, migrated with the project's own
alembic scripts, and state instances built the way Reflex builds them for a browser."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Must be set before rxconfig (and so the engine) is first read. The PostgreSQL tier (scripts/test.sh) gives
# DATABASE_URL of a fresh database instead.
_DB = Path(tempfile.mkdtemp(prefix="guide-it-")) / "test.db"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_DB}")

import pytest  # noqa: E402
import reflex as rx  # noqa: E402
from reflex.model import migrate  # noqa: E402

from guide_app import guide_app  # noqa: E402,F401  (registers pages and states)


@pytest.fixture(scope="session", autouse=True)
def database() -> str:
    assert migrate(), "alembic migrations must apply to an empty database"
    return os.environ["DATABASE_URL"]


@pytest.fixture
def new_browser():
    """Returns a factory of root states, one per simulated browser tab."""

    def make(**client_storage: str) -> rx.State:
        from guide_app.auth.state import AuthState
        from guide_app.state import VisitorState

        root = rx.State(_reflex_internal_init=True)
        for name, value in client_storage.items():
            owner = (
                AuthState if name in AuthState.get_fields() and name not in VisitorState.get_fields() else VisitorState
            )
            setattr(root.get_substate(owner.get_full_name().split(".")), name, value)
        return root

    return make
