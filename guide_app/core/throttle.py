"""One throttle for every handler that checks a secret: a workshop code, a debtor's link, a password, a request for
a reset link. Shared by every worker through Redis when it is configured.

Failures count, not successes, so a room behind one Wi-Fi that makes a few typos, or forty owners signing in from
it, is not slowed down; a script that tries codes, links or passwords by the thousand is. Sign-in attempts are also
counted per account, atomically before the password is verified (parallel guesses cannot slip past), per account and
network address first, so that someone who knows an owner's e-mail cannot lock them out from their own network; the
per-account limit over all networks only slows a distributed attack, and a reset link (from the owner's mailbox)
lifts it at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from limits import RateLimitItem, RateLimitItemPerDay, RateLimitItemPerHour, RateLimitItemPerMinute
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import MovingWindowRateLimiter

from guide_app.core.settings import settings


@dataclass(frozen=True)
class Limit:
    name: str  # the counter's namespace
    item: RateLimitItem
    message: str  # French, said next to the form once the limit is reached


WRONG_CODES = Limit(  # per network address: ~3 days to try the 262 144 codes
    "join-code",
    RateLimitItemPerMinute(60),
    "Trop de codes erronés depuis ce réseau : réessayez dans une minute.",
)
WRONG_LINKS = Limit(  # debtor links per network address: a token has 256 bits, this only stops the noise
    "debtor-link",
    RateLimitItemPerMinute(30),
    "Trop de liens invalides depuis ce réseau : réessayez dans une minute.",
)
WRONG_CALENDAR_KEYS = Limit(  # calendar feed keys per network address: 256 bits, this only stops the noise
    "calendar-key",
    RateLimitItemPerMinute(30),
    "Trop de liens d'agenda invalides depuis ce réseau : réessayez dans une minute.",
)
_UNLOCK = "ou demandez un lien de réinitialisation du mot de passe : il débloque la connexion."
SIGN_IN_FROM_NETWORK = Limit(  # attempts for one account from one network address (a success clears them)
    "sign-in",
    RateLimitItemPerMinute(5, 15),
    f"Trop de tentatives de connexion pour cette adresse : réessayez dans 15 minutes, {_UNLOCK}",
)
SIGN_IN_NETWORK = Limit(  # wrong passwords from one network address, whatever the account
    "sign-in-network",
    RateLimitItemPerMinute(20, 15),
    "Trop de tentatives de connexion depuis ce réseau : réessayez dans 15 minutes.",
)
SIGN_IN_ACCOUNT = (  # attempts for one account from everywhere: growing waits, never a lockout for good
    Limit("sign-in-account-hour", RateLimitItemPerHour(30), f"Compte protégé : réessayez dans une heure, {_UNLOCK}"),
    Limit("sign-in-account-day", RateLimitItemPerDay(100), f"Compte protégé : réessayez demain, {_UNLOCK}"),
)
RESET_LINKS_PER_EMAIL = Limit(
    "reset-link-email",
    RateLimitItemPerMinute(3, 15),
    "Trop de demandes de lien en peu de temps : réessayez dans 15 minutes.",
)
RESET_LINKS_PER_NETWORK = Limit("reset-link-network", RateLimitItemPerMinute(10, 15), RESET_LINKS_PER_EMAIL.message)


@cache
def _limiter() -> MovingWindowRateLimiter:
    storage: Storage = RedisStorage(settings.redis_url) if settings.redis_url else MemoryStorage()
    return MovingWindowRateLimiter(storage)


def refusal(*checks: tuple[Limit, str]) -> str | None:
    """The message of the first limit already reached for its key, None when every one allows another try."""
    return next((limit.message for limit, key in checks if not _limiter().test(limit.item, limit.name, key)), None)


def failed(*checks: tuple[Limit, str]) -> None:
    """One more failure against each limit (for its key)."""
    for limit, key in checks:
        _limiter().hit(limit.item, limit.name, key)


def counted(*checks: tuple[Limit, str]) -> str | None:
    """Counts one attempt against each limit, each check-and-count atomic (in Redis too): a request that costs
    whatever its outcome (a reset e-mail), or one whose outcome comes too late to count only failures (a password
    being verified: parallel attempts would all pass a check made before). The message of a limit reached, or None."""
    return next((limit.message for limit, key in checks if not _limiter().hit(limit.item, limit.name, key)), None)


def clear(*checks: tuple[Limit, str]) -> None:
    for limit, key in checks:
        _limiter().clear(limit.item, limit.name, key)


def _per_account(email: str, address: str) -> tuple[tuple[Limit, str], ...]:
    account = email.lower()
    return ((SIGN_IN_FROM_NETWORK, f"{account} {address}"), *((limit, account) for limit in SIGN_IN_ACCOUNT))


def sign_in_checks(email: str, address: str) -> tuple[tuple[Limit, str], ...]:
    """Every sign-in counter of this account and network address."""
    return ((SIGN_IN_NETWORK, address), *_per_account(email, address))


def sign_in_attempt(email: str, address: str) -> str | None:
    """Before a password is verified: the message when this network has failed too often, or when this account has
    been tried too often (from this network, or from everywhere); else the attempt is counted against the account."""
    return refusal((SIGN_IN_NETWORK, address)) or counted(*_per_account(email, address))


def sign_in_failed(address: str) -> None:
    failed((SIGN_IN_NETWORK, address))


def signed_in(email: str, address: str) -> None:
    """The right password from this network: its attempts for this account no longer count there."""
    clear((SIGN_IN_FROM_NETWORK, f"{email.lower()} {address}"))


def account_unlocked(email: str, address: str) -> None:
    """The mailbox proved who this is (a reset link was used from `address`): the account's attempts from
    everywhere, and from this network, no longer count (an attacker's own network stays slowed down)."""
    clear(*_per_account(email, address))
