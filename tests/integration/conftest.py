"""States and database together: a fresh SQLite file per test session, migrated with the project's own
alembic scripts, and state instances built the way Reflex builds them for a browser."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

# Must be set before rxconfig (and so the engine) is first read. The PostgreSQL tier (scripts/test.sh) gives
# DATABASE_URL of a fresh database instead.
_DB = Path(tempfile.mkdtemp(prefix="guide-it-")) / "test.db"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_DB}")

import pytest  # noqa: E402
import reflex as rx  # noqa: E402
from reflex.model import migrate  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

from guide_app import guide_app  # noqa: E402,F401  (registers pages and states)
from guide_app.core import clock, throttle  # noqa: E402
from tests.integration.sending_fixtures import Inbox, drop_engine, fresh_engine, smtp_server  # noqa: E402

# A Wednesday, so that no test depends on the day it runs (weekends and holidays move reminders). Set at import,
# before the test modules compute their dates from it; `frozen_clock` puts it back before each test.
FROZEN_NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
clock.freeze(FROZEN_NOW)


@pytest.fixture(scope="session", autouse=True)
def database() -> str:
    assert migrate(), "alembic migrations must apply to an empty database"
    return os.environ["DATABASE_URL"]


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[Callable[[datetime | None], None]]:
    """Every test starts at FROZEN_NOW; a test that needs time to pass calls the fixture's value with a new instant."""
    clock.freeze(FROZEN_NOW)
    yield clock.freeze
    clock.freeze(FROZEN_NOW)


@pytest.fixture
def new_browser():
    """Returns a factory of root states, one per simulated browser tab."""

    def make(**client_storage: str) -> rx.State:
        from guide_app.accounts.state import AuthState
        from guide_app.quiz.visitor_state import VisitorState

        root = rx.State(_reflex_internal_init=True)
        for name, value in client_storage.items():
            owner = (
                AuthState if name in AuthState.get_fields() and name not in VisitorState.get_fields() else VisitorState
            )
            setattr(root.get_substate(owner.get_full_name().split(".")), name, value)
        return root

    return make


@pytest.fixture(autouse=True)
def fresh_throttle() -> None:
    """Every test starts with no wrong code, link or password counted (tests share one network address, "")."""
    throttle._limiter().storage.reset()


@pytest.fixture
def engine() -> Iterator[Engine]:
    """A database of the suite's kind of its own, empty but for the app's tables (the sending and fault tests)."""
    engine = fresh_engine()
    yield engine
    drop_engine(engine)


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    """An SMTP server on loopback; what it accepted is in the returned Inbox."""
    inbox = Inbox()
    controller = smtp_server(inbox)
    inbox.port = controller.port  # type: ignore[attr-defined]
    yield inbox
    controller.stop()
