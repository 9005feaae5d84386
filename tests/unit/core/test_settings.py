"""What the environment may ask for: several backend workers only when Redis shares the browsers' states."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from guide_app.core.settings import Settings


@pytest.fixture(autouse=True)
def bare_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GRANIAN_WORKERS", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)


def test_one_worker_needs_no_redis() -> None:
    assert Settings().workers == 1


def test_several_workers_without_redis_are_refused_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRANIAN_WORKERS", "2")
    with pytest.raises(ValidationError, match="GRANIAN_WORKERS=2 needs REDIS_URL"):
        Settings()


def test_several_workers_on_redis_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRANIAN_WORKERS", "2")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert Settings().workers == 2


@pytest.mark.parametrize("workers", ["0", "-1", "deux"])
def test_a_worker_count_that_is_not_one_or_more_is_refused(monkeypatch: pytest.MonkeyPatch, workers: str) -> None:
    monkeypatch.setenv("GRANIAN_WORKERS", workers)
    with pytest.raises(ValidationError):
        Settings()
