"""The sending tests' database (a fresh one per test) and SMTP server on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from tests.integration.sending_fixtures import Inbox, drop_engine, fresh_engine, smtp_server


@pytest.fixture
def engine() -> Iterator[Engine]:
    engine = fresh_engine()
    yield engine
    drop_engine(engine)


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    inbox = Inbox()
    controller = smtp_server(inbox)
    inbox.port = controller.port  # type: ignore[attr-defined]
    yield inbox
    controller.stop()
