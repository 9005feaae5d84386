"""Accounts, users, consent and sign-in sessions in the database (keyword-only, explicit owner)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from guide_app.accounts.passwords import DUMMY_HASH, hash_password, verify_password
from guide_app.core import clock
from guide_app.core.epc import parse_iban
from guide_app.core.parse import InputError
from guide_app.models import Account, ConsentRecord, PasswordReset, QuizAttempt, User, UserSession

SESSION_DAYS = 14
CONSENT_KIND = "cgu_rgpd"
CONSENT_VERSION = "2026-11"
CONSENT_TEXT = (
    "J'accepte que le Guide Digital du Recouvrement conserve les données de mon entreprise, de mes clients "
    "et de mes factures pour organiser mes relances, et je peux les exporter ou les effacer à tout moment "
    "(RGPD)."
)


class EmailTaken(ValueError):
    pass


@dataclass(frozen=True)
class SignedIn:
    user_id: int
    account_id: int | None
    contact_name: str
    company_name: str
    role: str


def token_digest(token: str) -> str:
    """What the database keeps of a random token (sign-in session, password reset link)."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_account(
    session: Session,
    *,
    company_name: str,
    siren: str,
    contact_name: str,
    email: str,
    password_hash: str,
    visitor_token: str,
) -> tuple[Account, User]:
    """Account, owner, consent record, and the visitor's diagnostic attempts, in one transaction (the password hashed
    beforehand, off the event loop: passwords.off_loop)."""
    now = clock.now()
    account = Account(company_name=company_name, siren=siren, created_at=now)
    session.add(account)
    session.flush()
    user = User(
        account_id=account.id,
        email=email,
        contact_name=contact_name,
        password_hash=password_hash,
        created_at=now,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError as error:
        session.rollback()
        raise EmailTaken(email) from error
    assert user.id is not None
    session.add(ConsentRecord(user_id=user.id, kind=CONSENT_KIND, text_version=CONSENT_VERSION, accepted_at=now))
    for attempt in session.exec(
        select(QuizAttempt).where(QuizAttempt.visitor_token == visitor_token, col(QuizAttempt.account_id).is_(None))
    ):
        attempt.account_id = account.id
        session.add(attempt)
    session.commit()
    session.refresh(account)
    session.refresh(user)
    return account, user


def authenticate(session: Session, *, email: str, password: object) -> User | None:
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None:
        verify_password(password, DUMMY_HASH)  # same cost whether or not the email exists
        return None
    return user if verify_password(password, user.password_hash) else None


def open_session(session: Session, *, user: User) -> str:
    """A new random token for the browser; only its hash is kept, with an expiry."""
    assert user.id is not None
    token = secrets.token_urlsafe(32)
    now = clock.now()
    session.add(
        UserSession(
            user_id=user.id,
            token_hash=token_digest(token),
            created_at=now,
            expires_at=now + timedelta(days=SESSION_DAYS),
        )
    )
    session.commit()
    return token


def resolve_session(session: Session, *, token: object) -> SignedIn | None:
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    row = session.exec(select(UserSession).where(UserSession.token_hash == token_digest(token))).first()
    if row is None:
        return None
    expires_at = clock.as_utc(row.expires_at)
    if expires_at <= clock.now():
        session.delete(row)
        session.commit()
        return None
    user = session.get(User, row.user_id)
    if user is None or user.id is None:
        return None
    account = session.get(Account, user.account_id) if user.account_id is not None else None
    return SignedIn(
        user_id=user.id,
        account_id=user.account_id,
        contact_name=user.contact_name,
        company_name=account.company_name if account else "",
        role=user.role,
    )


def close_session(session: Session, *, token: object) -> None:
    if isinstance(token, str):
        for row in session.exec(select(UserSession).where(UserSession.token_hash == token_digest(token))):
            session.delete(row)
        session.commit()


def about_user(session: Session, *, user_id: int) -> tuple[str, ...]:
    """What a guesser knows of this user (e-mail, name, company): a password made of it is weak."""
    user = session.get(User, user_id)
    if user is None:
        return ()
    account = session.get(Account, user.account_id) if user.account_id else None
    return (user.email, user.contact_name, *((account.company_name,) if account else ()))


def change_password(session: Session, *, user_id: int, current: object, new_password: str) -> bool:
    """False when the current password is wrong. Other sign-ins of this user are closed."""
    user = session.get(User, user_id)
    if user is None or not verify_password(current, user.password_hash):
        return False
    set_password(session, user=user, new_password=new_password)
    return True


def set_password(session: Session, *, user: User, new_password: str) -> None:
    """The new password, committed with the end of every sign-in of this user and of any reset link."""
    user.password_hash = hash_password(new_password)
    session.add(user)
    for table in (UserSession, PasswordReset):
        session.execute(sa.delete(table).where(col(table.user_id) == user.id))
    session.commit()


def set_iban(session: Session, *, account_id: int, iban: object) -> str | None:
    """The account's IBAN for debtors' transfers and QR codes, validated; empty clears it.
    Returns what is stored (compact form), or raises InputError("IBAN invalide…")."""
    row = session.get(Account, account_id)
    if row is None:
        raise InputError("Compte introuvable.")
    value = None if iban is None or (isinstance(iban, str) and not iban.strip()) else parse_iban(iban)
    row.iban = value
    session.add(row)
    session.commit()
    return value
