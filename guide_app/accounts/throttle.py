"""Sign-in attempts are limited per e-mail address (guessing passwords takes forever); requests for a password
reset link per e-mail address (nobody's mailbox gets flooded) and per network address (nobody sends them by the
thousand). Shared by every worker through Redis when it is configured."""

from __future__ import annotations

from functools import cache

from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import MovingWindowRateLimiter

from guide_app.core.settings import settings

SIGN_IN_ATTEMPTS = RateLimitItemPerMinute(5, 15)  # 5 tries per 15 minutes and address
TOO_MANY = "Trop de tentatives de connexion pour cette adresse : réessayez dans 15 minutes."
RESET_LINKS_PER_EMAIL = RateLimitItemPerMinute(3, 15)
RESET_LINKS_PER_NETWORK = RateLimitItemPerMinute(10, 15)
TOO_MANY_RESET_LINKS = "Trop de demandes de lien en peu de temps : réessayez dans 15 minutes."


@cache
def _limiter() -> MovingWindowRateLimiter:
    storage: Storage = RedisStorage(settings.redis_url) if settings.redis_url else MemoryStorage()
    return MovingWindowRateLimiter(storage)


def allow_sign_in(email: str) -> bool:
    """Counts one attempt for this address; False once the limit is reached."""
    return _limiter().hit(SIGN_IN_ATTEMPTS, "sign-in", email.lower())


def reset_sign_in(email: str) -> None:
    _limiter().clear(SIGN_IN_ATTEMPTS, "sign-in", email.lower())


def allow_reset_link(email: str, network_address: str) -> bool:
    """Counts one request for a reset link; False once this network or this e-mail address has had its share."""
    limiter = _limiter()
    return limiter.hit(RESET_LINKS_PER_NETWORK, "reset-link-network", network_address) and limiter.hit(
        RESET_LINKS_PER_EMAIL, "reset-link-email", email.lower()
    )
