"""Forgotten passwords: a link by e-mail, valid one hour, usable once.

What the link holds: `secrets.token_urlsafe(32)`; the database keeps only its SHA-256, one row per user (a newer
link replaces the older one), deleted when the link is used and whenever the password changes
(accounts.set_password).

Nothing tells whether an address has an account: the page answers the same sentence for every well-formed address,
and the work that differs (looking the address up, writing the link, talking to the SMTP server) runs after the
answer, in a worker thread (`request_link`). Without an SMTP host (GUIDE_SMTP_HOST empty) the link is written to the
server's log for the operator to forward, since nothing else could reach the user.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from functools import cache

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from guide_app.accounts.accounts import set_password, token_digest
from guide_app.core import APP_NAME, clock, db, routes
from guide_app.core.mail import Mailer, SendFailure, build_message, default_mailer, sender_domain
from guide_app.core.settings import settings
from guide_app.models import PasswordReset, User

logger = logging.getLogger(__name__)

LIFETIME = timedelta(hours=1)
SUBJECT = "Choisir un nouveau mot de passe"


@dataclass(frozen=True, slots=True)
class Issued:
    token: str  # the only copy: it goes into the e-mail, never into the database
    email: str
    contact_name: str


def issue(session: Session, *, email: str, now: datetime) -> Issued | None:
    """A new link for the user with this (normalised) address, replacing any older one; None without such a user
    (or when a simultaneous request for the same user won: its link is the live one)."""
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None or user.id is None:
        return None
    token = secrets.token_urlsafe(32)
    row = session.exec(select(PasswordReset).where(PasswordReset.user_id == user.id)).first()
    row = row or PasswordReset(user_id=user.id, token_hash="", created_at=now, expires_at=now)
    row.token_hash, row.created_at, row.expires_at = token_digest(token), now, now + LIFETIME
    session.add(row)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return None
    return Issued(token=token, email=user.email, contact_name=user.contact_name)


def _live_row(session: Session, token: object, now: datetime) -> PasswordReset | None:
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    row = session.exec(select(PasswordReset).where(PasswordReset.token_hash == token_digest(token))).first()
    if row is None or clock.as_utc(row.expires_at) > now:
        return row
    session.delete(row)  # expired: nothing left to steal
    session.commit()
    return None


def is_valid(session: Session, *, token: object, now: datetime) -> bool:
    """Whether this link may still set a password (unknown, used, replaced and expired links may not)."""
    return _live_row(session, token, now) is not None


def reset_password(session: Session, *, token: object, new_password: str, now: datetime) -> User | None:
    """Uses the link: the new password, every sign-in of the user closed, the link gone. Returns the user, or None
    when the link is not valid. Two simultaneous uses of one link: only the one that deletes the row wins."""
    row = _live_row(session, token, now)
    if row is None or row.id is None:
        return None
    claimed = session.execute(  # the same row and the same token: a newer link may have replaced it meanwhile
        sa.delete(PasswordReset)
        .where(col(PasswordReset.id) == row.id, col(PasswordReset.token_hash) == row.token_hash)
        .execution_options(synchronize_session=False)
    )
    user = session.get(User, row.user_id)
    if getattr(claimed, "rowcount", 0) != 1 or user is None:
        session.rollback()
        return None
    set_password(session, user=user, new_password=new_password)  # commits the claim with the new password
    session.refresh(user)
    return user


def link(token: str) -> str:
    return settings.public_url.rstrip("/") + routes.password_reset(token)


def message(issued: Issued, *, from_address: str, now: datetime) -> EmailMessage:
    body = (
        f"Bonjour {issued.contact_name},\n\n"
        f"Vous avez demandé à choisir un nouveau mot de passe pour votre compte du {APP_NAME}. "
        "Ouvrez ce lien, valable une heure et une seule fois :\n\n"
        f"{link(issued.token)}\n\n"
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe actuel reste "
        "valable.\n\n"
        f"L'équipe du {APP_NAME}\n"
    )
    domain = sender_domain(from_address)
    return build_message(
        from_address=from_address,
        from_name=APP_NAME,
        to=issued.email,
        subject=SUBJECT,
        body=body,
        message_id=make_msgid("mot-de-passe", domain=domain),
        date=now,
    )


def send_link(
    email: str,
    *,
    engine: Engine | None = None,
    mailer: Callable[[], Mailer | None] = default_mailer,
    now: datetime | None = None,
) -> str | None:
    """Writes a new link for this address and e-mails it, if the address has an account (else does nothing).

    Without SMTP the link is returned, never logged (a log is read by more people than the account's owner): the
    forgotten-password page shows it in development only."""
    moment = now or clock.now()
    if engine is None:
        engine = db.engine()
    with Session(engine) as session:
        issued = issue(session, email=email, now=moment)
    if issued is None:
        return None
    sender = mailer()
    if sender is None:
        logger.warning("No SMTP host (GUIDE_SMTP_HOST): a password reset e-mail was not sent")
        return link(issued.token)
    try:
        sender.send(message(issued, from_address=sender.from_address, now=moment))
    except SendFailure as failure:
        logger.error("password reset e-mail not sent: %s", failure.reason)
    finally:
        sender.close()
    return None


@cache
def _worker() -> ThreadPoolExecutor:
    """One thread per process, made at the first request (so after Granian forks its workers)."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="password-reset")


def _send_logged(email: str) -> str | None:
    try:
        return send_link(email)
    except Exception:
        logger.exception("password reset link failed")
        return None


def request_link(email: str) -> Future[str | None]:
    """Queues `send_link`: the caller answers at once, whether or not the address has an account; the future holds
    the link when no e-mail could carry it (no SMTP host)."""
    return _worker().submit(_send_logged, email)


def wait_for_requests() -> None:
    """Returns once every request queued so far is done (the worker runs them in order)."""
    _worker().submit(lambda: None).result()
