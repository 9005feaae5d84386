"""Leads in the database: created by the person (with consent), worked by one advisor, erased or purged."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from guide_app.core import clock
from guide_app.core.owner import owned, record_id
from guide_app.models import Lead, QuizAttempt, Workshop
from guide_app.workshop import leads
from guide_app.workshop.store import seat_of_attempt

# --- The person's side -----------------------------------------------------------------------------


def own_finished_attempt(session: Session, *, attempt_id: int, visitor_token: str) -> QuizAttempt | None:
    attempt = owned(session, QuizAttempt, attempt_id, owner=visitor_token, by="visitor_token")
    return attempt if attempt is not None and attempt.finished_at is not None else None


def lead_of_attempt(session: Session, *, attempt_id: int) -> Lead | None:
    return session.exec(select(Lead).where(Lead.attempt_id == attempt_id)).first()


def leave_contact(
    session: Session, *, attempt: QuizAttempt, contact: leads.ContactForm, consent_version: str
) -> tuple[Lead, Workshop | None]:
    """The lead of this result (one per result: a second form replaces the details and renews the consent).
    A workshop participant's lead goes to the room's advisor; a solo one waits for an advisor."""
    assert attempt.id is not None
    now = clock.now()
    seat = seat_of_attempt(session, attempt_id=attempt.id)
    workshop = session.get(Workshop, seat.workshop_id) if seat is not None else None
    lead = lead_of_attempt(session, attempt_id=attempt.id) or Lead(
        advisor_id=workshop.advisor_id if workshop else None,
        workshop_id=workshop.id if workshop else None,
        participant_id=seat.id if seat else None,
        attempt_id=attempt.id,
        contact_name="",
        company_name="",
        consent_version=consent_version,
        consented_at=now,
        created_at=now,
        last_activity_at=now,
    )
    lead.contact_name, lead.company_name = contact.contact_name, contact.company_name
    lead.email, lead.phone = contact.email, contact.phone
    lead.consent_version, lead.consented_at, lead.last_activity_at = consent_version, now, now
    session.add(lead)
    session.commit()
    session.refresh(lead)
    return lead, workshop


def erase(session: Session, *, lead: Lead) -> None:
    """Right to erasure: the row goes; the diagnostic it pointed to stays, anonymous again."""
    session.delete(lead)
    session.commit()


# --- The advisor's side ----------------------------------------------------------------------------


def leads_of(session: Session, *, advisor_id: int) -> list[Lead]:
    return list(
        session.exec(
            select(Lead).where(Lead.advisor_id == advisor_id).order_by(col(Lead.last_activity_at).desc())
        ).all()
    )


def unassigned(session: Session, *, limit: int = 50) -> list[Lead]:
    return list(
        session.exec(
            select(Lead).where(col(Lead.advisor_id).is_(None)).order_by(col(Lead.created_at).desc()).limit(limit)
        ).all()
    )


def take(session: Session, *, advisor_id: int, lead_id: object) -> Lead | None:
    """An advisor takes a lead nobody follows yet (first come, first served)."""
    key = record_id(lead_id)
    lead = session.get(Lead, key) if key is not None else None
    if lead is None or lead.advisor_id is not None:
        return None
    lead.advisor_id, lead.last_activity_at = advisor_id, clock.now()
    session.add(lead)
    session.commit()
    return lead


def update(session: Session, *, lead: Lead, change: leads.LeadUpdate) -> None:
    lead.status, lead.notes, lead.next_contact_on = change.status, change.notes, change.next_contact_on
    lead.last_activity_at = clock.now()
    session.add(lead)
    session.commit()


def invite(session: Session, *, lead: Lead) -> str:
    """A new single-use invitation token for this lead (the previous link stops working)."""
    now = clock.now()
    token, token_hash, expires = leads.new_invitation(now)
    lead.invitation_hash, lead.invited_at, lead.invitation_expires_at = token_hash, now, expires
    lead.last_activity_at = now
    if lead.status == "nouveau":
        lead.status = "contacte"
    session.add(lead)
    session.commit()
    return token


def invited_lead(session: Session, *, token: object) -> Lead | None:
    """The lead an invitation link was made for, while it is valid and unused."""
    if not leads.is_invitation_token(token):
        return None
    assert isinstance(token, str)
    lead = session.exec(select(Lead).where(Lead.invitation_hash == leads.token_hash(token))).first()
    if lead is None or lead.invitation_expires_at is None or clock.as_utc(lead.invitation_expires_at) <= clock.now():
        return None
    return lead


def accept_invitation(session: Session, *, token: object, account_id: int) -> bool:
    """At sign-up through the link: the lead's diagnostic joins the new account and the lead is converted.
    Part of the caller's transaction is not needed: the account exists already, this is one more commit."""
    lead = invited_lead(session, token=token)
    if lead is None:
        return False
    if lead.attempt_id is not None:
        attempt = session.get(QuizAttempt, lead.attempt_id)
        if attempt is not None and attempt.account_id is None:
            attempt.account_id = account_id
            session.add(attempt)
    lead.account_id, lead.status = account_id, "converti"
    lead.invitation_hash = lead.invitation_expires_at = None
    lead.last_activity_at = clock.now()
    session.add(lead)
    session.commit()
    return True


def purge_expired(session: Session, *, retention_days: int, now: datetime | None = None) -> int:
    cutoff = leads.retention_cutoff(now or clock.now(), retention_days)
    result = session.execute(delete(Lead).where(col(Lead.last_activity_at) < cutoff))
    session.commit()
    return int(result.rowcount or 0)
