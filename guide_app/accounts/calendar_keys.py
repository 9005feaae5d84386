"""The secret key of a user's calendar feed (/compte/agenda.ics?cle=…), which a phone's calendar app fetches on its
own, with no session. The database keeps only its SHA-256: the link is shown once, when it is made; making a new
one or revoking it makes the old link answer nothing."""

from __future__ import annotations

import hashlib
import re
import secrets

from sqlmodel import Session, select

from guide_app.models import User

_KEY = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32): 256 bits


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("ascii")).hexdigest()


def new_key(session: Session, *, user_id: int) -> str:
    """A new key for this user (the previous one stops working); the key itself is returned, never stored."""
    user = session.get(User, user_id)
    assert user is not None
    key = secrets.token_urlsafe(32)
    user.calendar_key_hash = _digest(key)
    session.add(user)
    session.commit()
    return key


def revoke(session: Session, *, user_id: int) -> None:
    user = session.get(User, user_id)
    if user is not None and user.calendar_key_hash is not None:
        user.calendar_key_hash = None
        session.add(user)
        session.commit()


def has_key(session: Session, *, user_id: int) -> bool:
    user = session.get(User, user_id)
    return user is not None and user.calendar_key_hash is not None


def user_of_key(session: Session, key: object) -> User | None:
    """The owner whose feed this key opens; None for anything else (malformed, revoked, unknown)."""
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        return None
    user = session.exec(select(User).where(User.calendar_key_hash == _digest(key))).first()
    return user if user is not None and user.account_id else None
