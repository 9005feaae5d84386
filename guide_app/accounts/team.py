"""An account's team: the owner invites members by e-mail with a role (accounts/roles.py), and removes them.

An invitation link (`routes.team_invitation(secret)`) is single-use and valid INVITE_DAYS days; the database keeps only
its SHA-256. It opens a page where the member chooses their name and password; the account's company and the role
are shown before. A user belongs to one account: an address that already has a user (in this team or another
account) cannot be invited. A newer invitation to the same address replaces the older one.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from guide_app.accounts.accounts import CONSENT_KIND, CONSENT_VERSION, token_digest
from guide_app.accounts.roles import MEMBER_ROLES, OWNER, ROLE_NAMES
from guide_app.core import clock, routes
from guide_app.core.format import day
from guide_app.core.settings import settings
from guide_app.models import Account, ConsentRecord, PasswordReset, TeamInvite, User, UserSession

INVITE_DAYS = 7
MAX_PENDING = 20  # invitations waiting at once per account

ALREADY_MEMBER = "Cette personne fait déjà partie de votre équipe."
HAS_ACCOUNT = (
    "Cette adresse a déjà un compte sur le Guide (une adresse ne sert qu'à un compte) : invitez une autre adresse."
)
TOO_MANY = f"Vous avez déjà {MAX_PENDING} invitations en attente : annulez-en avant d'en envoyer d'autres."
INVALID_INVITE = "Ce lien d'invitation n'existe pas. Vérifiez qu'il est complet, ou demandez une nouvelle invitation."
USED_INVITE = "Ce lien d'invitation a déjà servi : connectez-vous avec l'adresse invitée."
EXPIRED_INVITE = "Ce lien d'invitation a expiré (il valait {days} jours) : demandez une nouvelle invitation."


@dataclass(frozen=True, slots=True)
class Member:
    user_id: int
    name: str
    email: str
    role: str  # its French name
    owner: bool


@dataclass(frozen=True, slots=True)
class Pending:
    invite_id: int
    email: str
    role: str
    until: str  # JJ/MM/AAAA


def members(session: Session, *, account_id: int) -> list[Member]:
    rows = session.exec(select(User).where(User.account_id == account_id).order_by(col(User.id)))
    return [
        Member(row.id, row.contact_name, row.email, ROLE_NAMES.get(row.role, row.role), row.role == OWNER)
        for row in rows
        if row.id is not None
    ]


def pending(session: Session, *, account_id: int, now: datetime) -> list[Pending]:
    rows = session.exec(
        select(TeamInvite)
        .where(TeamInvite.account_id == account_id, col(TeamInvite.used_at).is_(None))
        .order_by(col(TeamInvite.created_at))
    )
    return [
        Pending(row.id, row.email, ROLE_NAMES[row.role], day(clock.as_utc(row.expires_at).date()))
        for row in rows
        if row.id is not None and clock.as_utc(row.expires_at) > now
    ]


def invite(session: Session, *, account_id: int, email: str, role: str, now: datetime) -> tuple[str, str]:
    """(link, "") for a new invitation (committed), or ("", French refusal) and nothing stored. `email` is normalised
    and `role` one of MEMBER_ROLES (the caller parsed them)."""
    if role not in MEMBER_ROLES:
        raise ValueError(role)
    user = session.exec(select(User).where(User.email == email)).first()
    if user is not None:
        return "", ALREADY_MEMBER if user.account_id == account_id else HAS_ACCOUNT
    waiting = [p for p in pending(session, account_id=account_id, now=now) if p.email != email]
    if len(waiting) >= MAX_PENDING:
        return "", TOO_MANY
    session.execute(  # a newer invitation replaces the older one
        sa.delete(TeamInvite).where(
            col(TeamInvite.account_id) == account_id, col(TeamInvite.email) == email, col(TeamInvite.used_at).is_(None)
        )
    )
    token = secrets.token_urlsafe(32)
    session.add(
        TeamInvite(
            account_id=account_id,
            email=email,
            role=role,
            token_hash=token_digest(token),
            created_at=now,
            expires_at=now + timedelta(days=INVITE_DAYS),
        )
    )
    session.commit()
    return settings.public_url.rstrip("/") + routes.team_invitation(token), ""


def cancel(session: Session, *, account_id: int, invite_id: int) -> bool:
    row = session.get(TeamInvite, invite_id)
    if row is None or row.account_id != account_id or row.used_at is not None:
        return False
    session.delete(row)
    session.commit()
    return True


def remove(session: Session, *, account_id: int, user_id: int) -> bool:
    """Removes a member (never the owner) and everything that is only theirs: sessions, consents, reset links."""
    user = session.get(User, user_id)
    if user is None or user.account_id != account_id or user.role == OWNER:
        return False
    for model in (UserSession, ConsentRecord, PasswordReset):
        session.execute(sa.delete(model).where(col(model.user_id) == user_id))  # type: ignore[attr-defined]
    session.delete(user)
    session.commit()
    return True


@dataclass(frozen=True, slots=True)
class InviteCheck:
    error: str = ""
    company: str = ""
    email: str = ""
    role: str = ""  # lecture | gestion
    invite_id: int = 0


def check(session: Session, *, token: object, now: datetime) -> InviteCheck:
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return InviteCheck(INVALID_INVITE)
    row = session.exec(select(TeamInvite).where(TeamInvite.token_hash == token_digest(token))).first()
    account = session.get(Account, row.account_id) if row is not None else None
    if row is None or row.id is None or account is None:
        return InviteCheck(INVALID_INVITE)
    if row.used_at is not None:
        return InviteCheck(USED_INVITE)
    if clock.as_utc(row.expires_at) <= now:
        return InviteCheck(EXPIRED_INVITE.format(days=INVITE_DAYS))
    return InviteCheck("", account.company_name, row.email, row.role, row.id)


def accept(session: Session, *, token: object, contact_name: str, password_hash: str, now: datetime) -> tuple[int, str]:
    """(new user id, "") once the invitation is used (committed), or (0, French refusal)."""
    found = check(session, token=token, now=now)
    if found.error:
        return 0, found.error
    used = session.execute(
        sa.update(TeamInvite)
        .where(col(TeamInvite.id) == found.invite_id, col(TeamInvite.used_at).is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(used, "rowcount", 0) != 1:
        session.rollback()
        return 0, USED_INVITE
    row = session.get(TeamInvite, found.invite_id)
    assert row is not None
    user = User(
        account_id=row.account_id,
        email=row.email,
        contact_name=contact_name,
        password_hash=password_hash,
        role=row.role,
        created_at=now,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return 0, HAS_ACCOUNT
    assert user.id is not None
    session.add(ConsentRecord(user_id=user.id, kind=CONSENT_KIND, text_version=CONSENT_VERSION, accepted_at=now))
    session.commit()
    return user.id, ""
