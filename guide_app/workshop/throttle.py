"""Wrong join codes are limited per network address: a room behind one Wi-Fi makes a few typos, a script trying
the 262 144 codes makes thousands. Shared by every worker through Redis when it is configured."""

from __future__ import annotations

from functools import cache

from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import MovingWindowRateLimiter

from guide_app.core.settings import settings

WRONG_CODES = RateLimitItemPerMinute(60)  # per minute and address: ~3 days to try every code
TOO_MANY = "Trop de codes erronés depuis ce réseau : réessayez dans une minute."


@cache
def _limiter() -> MovingWindowRateLimiter:
    storage: Storage = RedisStorage(settings.redis_url) if settings.redis_url else MemoryStorage()
    return MovingWindowRateLimiter(storage)


def may_try_a_code(address: str) -> bool:
    """Whether this address may look a code up now (a right code costs nothing; see wrong_code)."""
    return _limiter().test(WRONG_CODES, "join-code", address)


def wrong_code(address: str) -> None:
    _limiter().hit(WRONG_CODES, "join-code", address)
