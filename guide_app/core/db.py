"""The app's database: the engine Reflex builds from rxconfig (DATABASE_URL; SQLite by default)."""

from __future__ import annotations

from reflex.model import get_engine
from sqlalchemy.engine import Engine


def engine() -> Engine:
    """The shared engine, for code that runs outside an event handler (jobs, worker threads)."""
    return get_engine()
