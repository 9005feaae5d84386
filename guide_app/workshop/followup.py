"""The one follow-up e-mail after a workshop (run by the scheduler, after the urgent alerts).

Each lead left in a workshop closed within the last WINDOW, with an e-mail address and a consent, receives one
e-mail: the link to their result, three chapters to read again for their weakest axes (followup_mail.chapters_for),
and, when the advisor set a next session still to come, its date and place with an .ics invitation. Replies reach
the workshop's advisor (Reply-To). Nothing leaves without an e-mail server (GUIDE_SMTP_HOST), as for the alerts.

At least once, and once in practice: Lead.followed_up_at is set, one lead and one commit at a time, right after the
SMTP server accepted that lead's e-mail; a run that dies in between sends that one e-mail again at the next run,
with the same Message-ID (mail clients that deduplicate on it show it once). A server that refuses an address is
asked again at the next runs, until the workshop's window ends.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from guide_app.core import clock, db, routes
from guide_app.core.mail import Mailer, SendFailure, build_message, default_mailer, sender_domain, valid_address
from guide_app.core.settings import settings
from guide_app.models import Lead, QuizAttempt, User, Workshop
from guide_app.quiz.diagnostic import diagnostic_bank
from guide_app.workshop.followup_mail import (
    ICS_NAME,
    FollowUp,
    NextSession,
    chapters_for,
    followup_text,
    session_ics,
)

logger = logging.getLogger(__name__)

WINDOW = timedelta(days=30)  # a workshop closed longer ago sends no follow-up any more
SENDER_NAME = "Guide du recouvrement"


@dataclass
class FollowUpReport:
    sent: int = 0
    invitations: int = 0  # of which with the .ics of the next session
    failed: int = 0


def pending_leads(session: Session, *, now: datetime) -> list[int]:
    """Ids of the leads still owed their follow-up: workshop closed within WINDOW, an address, a consent."""
    return [
        lead_id
        for lead_id in session.exec(
            select(Lead.id)
            .join(Workshop, col(Workshop.id) == col(Lead.workshop_id))
            .where(
                col(Workshop.status) == "closed",
                col(Workshop.closed_at).is_not(None),
                col(Workshop.closed_at) >= now - WINDOW,
                col(Lead.followed_up_at).is_(None),
                col(Lead.email) != "",
                col(Lead.consented_at).is_not(None),
            )
            .order_by(col(Lead.id))
        ).all()
        if lead_id is not None
    ]


def _message_id(lead: Lead, from_address: str) -> str:
    """The same Message-ID every time this lead's follow-up is sent."""
    digest = hashlib.sha256(f"suivi:{lead.id}:{clock.as_utc(lead.created_at).isoformat()}".encode()).hexdigest()[:16]
    return f"<suivi.{lead.id}.{digest}@{sender_domain(from_address)}>"


def build_followup(
    session: Session, *, lead: Lead, workshop: Workshop, now: datetime, from_address: str
) -> tuple[EmailMessage, bool]:
    """The lead's e-mail, and whether it carries the invitation to the next session."""
    assert workshop.id is not None
    base = settings.public_url.rstrip("/")
    attempt = session.get(QuizAttempt, lead.attempt_id) if lead.attempt_id else None
    finished = attempt is not None and attempt.finished_at is not None and bool(attempt.share_id)
    result_url = base + routes.diagnostic_share(attempt.share_id or "") if finished and attempt else ""
    chapters = chapters_for(diagnostic_bank(), attempt.axis_scores or {}, base_url=base) if finished and attempt else ()
    starts_at = clock.as_utc(workshop.next_session_at) if workshop.next_session_at is not None else None
    next_session = (
        NextSession(starts_at=starts_at, place=workshop.next_session_place)
        if starts_at is not None and starts_at > now
        else None
    )
    advisor = session.get(User, workshop.advisor_id)
    subject, body = followup_text(
        FollowUp(
            workshop_title=workshop.title,
            held_on=workshop.held_on,
            contact_name=lead.contact_name,
            advisor_name=advisor.contact_name if advisor else "",
            result_url=result_url,
            chapters=chapters,
            next_session=next_session,
            site_url=base,
        )
    )
    message = build_message(
        from_address=from_address,
        from_name=f"{advisor.contact_name} · {SENDER_NAME}"[:80] if advisor else SENDER_NAME,
        to=lead.email,
        reply_to=advisor.email if advisor else "",
        subject=subject,
        body=body,
        message_id=_message_id(lead, from_address),
        date=now,
    )
    if next_session is not None:
        invitation = session_ics(
            workshop_id=workshop.id,
            title=workshop.title,
            starts_at=next_session.starts_at,
            place=next_session.place,
            host=urlsplit(base).hostname or "",
            url=base,
            now=now,
        )
        message.add_attachment(
            invitation, maintype="text", subtype="calendar", filename=ICS_NAME, params={"method": "PUBLISH"}
        )
    return message, next_session is not None


def _still_pending(session: Session, lead_id: int, now: datetime) -> tuple[Lead, Workshop] | None:
    """The lead and its workshop, read again just before sending (erased, sent by another run: None)."""
    lead = session.get(Lead, lead_id)
    if lead is None or lead.followed_up_at is not None or not lead.email or lead.workshop_id is None:
        return None
    workshop = session.get(Workshop, lead.workshop_id)
    if workshop is None or workshop.status != "closed" or workshop.closed_at is None:
        return None
    if clock.as_utc(workshop.closed_at) < now - WINDOW:
        return None
    return lead, workshop


def run_followups(
    now: datetime | None = None, *, sender: Mailer | None = None, engine: Engine | None = None
) -> FollowUpReport:
    """Sends the follow-up e-mails owed (nothing without an e-mail server)."""
    now = clock.now() if now is None else now
    engine = engine if engine is not None else db.engine()
    mailer = sender if sender is not None else default_mailer()
    report = FollowUpReport()
    if mailer is None:
        return report
    with Session(engine) as session:
        pending = pending_leads(session, now=now)
    try:
        for lead_id in pending:
            with Session(engine) as session:
                found = _still_pending(session, lead_id, now)
                if found is None:
                    continue
                lead, workshop = found
                if not valid_address(lead.email):
                    continue  # read by parse_email when it was left: only a hand-edited row gets here
                message, invited = build_followup(
                    session, lead=lead, workshop=workshop, now=now, from_address=mailer.from_address
                )
                try:
                    mailer.send(message)
                except SendFailure as failure:
                    report.failed += 1
                    logger.warning("follow-up e-mail of lead %s not sent: %s", lead_id, failure.reason)
                    if failure.stop_run:
                        break
                    continue
                session.execute(
                    sa.update(Lead)
                    .where(col(Lead.id) == lead_id, col(Lead.followed_up_at).is_(None))
                    .values(followed_up_at=now)
                    .execution_options(synchronize_session=False)
                )
                session.commit()
                report.sent += 1
                report.invitations += invited
    finally:
        mailer.close()
    return report
