"""Sign-in attempts are limited per e-mail address (guessing passwords takes forever), shared by every worker
through Redis when it is configured."""

from __future__ import annotations

from functools import cache

from limits import RateLimitItemPerMinute
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from guide_app.settings import settings

SIGN_IN_ATTEMPTS = RateLimitItemPerMinute(5, 15)  # 5 tries per 15 minutes and address
TOO_MANY = "Trop de tentatives de connexion pour cette adresse : réessayez dans 15 minutes."


@cache
def _limiter() -> MovingWindowRateLimiter:
    storage: Storage = storage_from_string(settings.redis_url or "memory://")
    return MovingWindowRateLimiter(storage)


def allow_sign_in(email: str) -> bool:
    """Counts one attempt for this address; False once the limit is reached."""
    return _limiter().hit(SIGN_IN_ATTEMPTS, "sign-in", email.lower())


def reset_sign_in(email: str) -> None:
    _limiter().clear(SIGN_IN_ATTEMPTS, "sign-in", email.lower())
