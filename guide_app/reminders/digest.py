"""The owner's morning digest, and the « Suspendre » links it carries.

Once a day, at the hour the owner chose (Account.digest_hour, 6 to 9 h, Paris time; None: no digest), the
owner receives one e-mail:
- what leaves today from settings.send_from_hour (10 h) on: one line per client (one message each, grouping.py),
  with the amount still owed by the ledger and a « Suspendre » link;
- what the owner has to do themselves today (calls, SMS, letters, hand-overs);
- what happened since the previous digest: payments, promises, disputes, pages viewed, delivery errors, alerts.
A day with nothing to say sends nothing (status `empty`): a quiet weekend stays quiet, but a Saturday when a
message leaves (a case entered late starts the same day) has its digest.

Exactly once, as the reminders (sending.py): the Digest row (unique per account and day) is the claim, committed
before anything leaves; a run that died leaves a claim that is taken again after CLAIM_TTL. A failed send is tried
again by the next runs, DIGEST_ATTEMPTS times at most.

A « Suspendre » link holds the client's messages (Debtor.held_at on every debtor row of the account with that
address) until the owner resumes them on the « Relances e-mail » page. It is single-use and valid until that client's
message of the digest's day goes out (an outbox row for that address that day), and never after that day. Only the
SHA-256 of its secret is kept, and the digest's body (which carries the secrets) is not stored.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from guide_app.cases import lifecycle, store
from guide_app.cases.risk import Channel
from guide_app.core import clock, db, routes
from guide_app.core.clock import FRANCE, local_day
from guide_app.core.format import day, money, number
from guide_app.core.mail import Mailer, SendFailure, build_message, default_mailer, sender_domain
from guide_app.core.settings import settings
from guide_app.models import (
    Account,
    CaseAction,
    CaseEvent,
    CollectionCase,
    Debtor,
    Digest,
    HoldLink,
    OutboxMessage,
)
from guide_app.reminders import store as reminder_store
from guide_app.reminders.due import CLAIM_TTL
from guide_app.reminders.due_store import Candidate, by_reader, due_candidates
from guide_app.reminders.grouping import recipient_day

logger = logging.getLogger(__name__)

DIGEST_HOURS = (6, 7, 8, 9)  # the hours an owner may choose: all before settings.send_from_hour
DIGEST_ATTEMPTS = 3
NEWS_KINDS = ("payment", "promise", "dispute", "debtor", "failed", "alert")  # CaseEvent kinds the digest reports
NEWS_MAX = 40  # lines of news listed; the rest is counted
NEWS_SINCE_MAX = timedelta(days=7)  # without an earlier digest, or after a long pause: the last 7 days at most
TASK_NAMES = {
    Channel.APPEL.value: "appel",
    Channel.SMS.value: "SMS",
    Channel.COURRIER.value: "courrier",
    Channel.LRAR.value: "lettre recommandée",
    Channel.PROFESSIONNEL.value: "transmission",
}


@dataclass(frozen=True, slots=True)
class Outgoing:
    client: str
    actions: int  # reminders carried by the one message
    owed: Decimal  # principal still owed on the cases concerned (the ledger's, today)
    hold_link: str


@dataclass(frozen=True, slots=True)
class News:
    client: str
    text: str
    alert: bool


@dataclass
class DigestContent:
    owner: str
    company: str
    on: date
    live: bool
    outgoing: list[Outgoing] = field(default_factory=list)
    tasks: list[tuple[str, str]] = field(default_factory=list)  # (client, what to do)
    news: list[News] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.outgoing or self.tasks or self.news)


def digest_text(content: DigestContent) -> tuple[str, str]:
    """(subject, body) of the digest, in French. Pure."""
    base = settings.public_url.rstrip("/")
    going = len(content.outgoing)
    subject = f"Votre point du {day(content.on)} : " + (
        f"{number(going)} message{'s' if going > 1 else ''} à partir de {settings.send_from_hour} h"
        if going
        else "aucun message aujourd'hui"
    )
    lines = [f"Bonjour {content.owner}," if content.owner else "Bonjour,", ""]
    lines.append(f"Voici le point du {day(content.on)} pour {content.company}.")
    if not content.live:
        lines += ["", "Mode test : rien ne part vers vos clients, les messages restent dans l'application."]
    if content.outgoing:
        lines += ["", f"Ce qui part aujourd'hui à partir de {settings.send_from_hour} h (un message par client) :"]
        for item in content.outgoing:
            carried = f", {number(item.actions)} relances en un message" if item.actions > 1 else ""
            lines.append(f"- {item.client} : {money(item.owed)} restant dû{carried}")
            lines.append(f"  Suspendre les envois à ce client : {item.hold_link}")
    if content.tasks:
        lines += ["", "À faire vous-même aujourd'hui :"]
        lines += [f"- {client} : {what}" for client, what in content.tasks]
    if content.news:
        lines += ["", "Depuis le dernier point :"]
        shown = content.news[:NEWS_MAX]
        lines += [f"- {'⚠ ' if item.alert else ''}{item.client} : {item.text}" for item in shown]
        if len(content.news) > NEWS_MAX:
            lines.append(f"- et {number(len(content.news) - NEWS_MAX)} autres événements dans l'application")
    lines += [
        "",
        f"Vos relances et les clients suspendus : {base}{routes.ACCOUNT_MESSAGES}",
        f"Changer l'heure de ce point ou ne plus le recevoir : {base}{routes.ACCOUNT_MESSAGES}",
    ]
    return subject[:200], "\n".join(lines) + "\n"


# --- Hold links ------------------------------------------------------------------------------------


def _digest_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_hold_link(session: Session, *, account_id: int, debtor_id: int, on: date, now: datetime) -> str:
    """A new single-use link holding this client's messages; returns its URL (the only copy of its secret)."""
    token = secrets.token_urlsafe(32)
    session.add(
        HoldLink(account_id=account_id, debtor_id=debtor_id, token_hash=_digest_of(token), day=on, created_at=now)
    )
    return settings.public_url.rstrip("/") + routes.hold(token)


@dataclass(frozen=True, slots=True)
class HoldCheck:
    """What a hold link can do now: `error` is "" when it can hold `client`."""

    client: str = ""
    error: str = ""
    link_id: int = 0


UNKNOWN_LINK = "Ce lien de suspension n'existe pas. Vérifiez qu'il est complet, ou suspendez depuis l'application."
USED_LINK = "Ce lien a déjà servi : les envois à ce client sont suspendus, reprenez-les depuis l'application."
EXPIRED_LINK = (
    "Ce lien n'est plus valable : il servait jusqu'au départ du message du {day}. Suspendez depuis l'application."
)
GONE_LINK = (
    "Trop tard : le message du jour est déjà parti à ce client. Vous pouvez suspendre les suivants dans l'application."
)


def check_hold(session: Session, *, token: str, now: datetime) -> HoldCheck:
    if not token or len(token) > 100:
        return HoldCheck(error=UNKNOWN_LINK)
    link = session.exec(select(HoldLink).where(HoldLink.token_hash == _digest_of(token))).first()
    debtor = session.get(Debtor, link.debtor_id) if link is not None else None
    if link is None or link.id is None or debtor is None or debtor.account_id != link.account_id:
        return HoldCheck(error=UNKNOWN_LINK)
    client = debtor.company_name
    if link.used_at is not None:
        return HoldCheck(client, USED_LINK)
    if local_day(now) > link.day:
        return HoldCheck(client, EXPIRED_LINK.format(day=day(link.day)))
    gone = session.exec(
        select(OutboxMessage.id).where(
            OutboxMessage.recipient_day == recipient_day(link.account_id, debtor.email, link.day)
        )
    ).first()
    if gone is not None:
        return HoldCheck(client, GONE_LINK)
    return HoldCheck(client, "", link.id)


def use_hold(session: Session, *, token: str, now: datetime) -> HoldCheck:
    """Holds the client's messages if the link still can (single-use: a conditional update). Committed."""
    check = check_hold(session, token=token, now=now)
    if check.error:
        return check
    used = session.execute(
        sa.update(HoldLink)
        .where(col(HoldLink.id) == check.link_id, col(HoldLink.used_at).is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(used, "rowcount", 0) != 1:
        session.rollback()
        return HoldCheck(check.client, USED_LINK)
    link = session.get(HoldLink, check.link_id)
    assert link is not None
    set_held(session, account_id=link.account_id, debtor_id=link.debtor_id, held=True, now=now)
    session.commit()
    return check


def _same_reader(session: Session, *, account_id: int, debtor_id: int) -> list[Debtor]:
    """The account's debtor rows that share this debtor's address (one reader), or the debtor alone."""
    debtor = session.get(Debtor, debtor_id)
    if debtor is None or debtor.account_id != account_id:
        return []
    address = debtor.email.strip().lower()
    if not address:
        return [debtor]
    return list(session.exec(select(Debtor).where(Debtor.account_id == account_id, reminder_store.at_address(address))))


def set_held(session: Session, *, account_id: int, debtor_id: int, held: bool, now: datetime) -> bool:
    """Holds or resumes the messages to this client (every debtor row at its address), with a line in the history
    of its open cases. False when the debtor is not the account's. Not committed."""
    rows = _same_reader(session, account_id=account_id, debtor_id=debtor_id)
    if not rows:
        return False
    text = (
        "Envois suspendus : aucun message ne part à ce client tant que vous ne les reprenez pas."
        if held
        else "Envois repris : les relances à ce client partent de nouveau à leur date."
    )
    for debtor in rows:
        if (debtor.held_at is not None) == held:
            continue
        debtor.held_at = now if held else None
        session.add(debtor)
        for case in session.exec(
            select(CollectionCase).where(CollectionCase.debtor_id == debtor.id, CollectionCase.status == "open")
        ):
            lifecycle.add_event(session, case=case, kind="note", text=text, now=now)
    return True


@dataclass(frozen=True, slots=True)
class HeldClient:
    debtor_id: int
    client: str
    since: str


def held_clients(session: Session, *, account_id: int) -> list[HeldClient]:
    rows = session.exec(
        select(Debtor)
        .where(Debtor.account_id == account_id, col(Debtor.held_at).is_not(None))
        .order_by(col(Debtor.company_name))
    )
    return [
        HeldClient(row.id, row.company_name, day(clock.day_of(row.held_at)))
        for row in rows
        if row.id is not None and row.held_at is not None
    ]


# --- Building and sending --------------------------------------------------------------------------


def _outgoing(
    session: Session, groups: Sequence[Sequence[Candidate]], *, account_id: int, on: date, now: datetime
) -> list[Outgoing]:
    ids = sorted({c.case_id for group in groups for c in group})
    cases = {case.id: case for case in session.exec(select(CollectionCase).where(col(CollectionCase.id).in_(ids)))}
    ledgers = lifecycle.owed_on_cases(session, cases=list(cases.values()))
    names = _clients(session, ids)
    found = []
    for group in groups:
        concerned = list(dict.fromkeys(c.case_id for c in group))
        owed = sum((ledgers[case_id](on).principal for case_id in concerned), Decimal(0))
        first = cases[concerned[0]]
        link = new_hold_link(session, account_id=account_id, debtor_id=first.debtor_id, on=on, now=now)
        found.append(Outgoing(names[first.id or 0], len(group), owed, link))
    return found


def _since(session: Session, *, account_id: int, on: date, now: datetime) -> datetime:
    previous = session.exec(
        select(Digest.claimed_at)
        .where(Digest.account_id == account_id, col(Digest.day) < on)
        .order_by(col(Digest.day).desc())
    ).first()
    floor = now - NEWS_SINCE_MAX
    if previous is None:
        return max(floor, now - timedelta(days=1))
    return max(floor, clock.as_utc(previous))


def build_digest(session: Session, *, account_id: int, now: datetime) -> tuple[str, DigestContent]:
    """(owner's address, what the digest says); adds the hold links to the session (not committed)."""
    on = local_day(now)
    account = session.get(Account, account_id)
    assert account is not None
    owner = store.account_owner(session, account_id=account_id)
    content = DigestContent(
        owner=owner.contact_name if owner else "", company=account.company_name, on=on, live=account.live
    )
    candidates = due_candidates(session, now, account_id=account_id)
    emails = [c for c in candidates if c.action.channel == Channel.EMAIL.value and c.email]
    content.outgoing = _outgoing(session, by_reader(emails), account_id=account_id, on=on, now=now)
    going = {c.action.id for c in emails}
    rest = [c for c in candidates if c.action.id not in going]
    if rest:
        names: dict[int, str] = {}
        for action in session.exec(select(CaseAction).where(col(CaseAction.id).in_([c.action.id for c in rest]))):
            assert action.id is not None
            names[action.id] = action.name
        clients = _clients(session, [c.case_id for c in rest])
        content.tasks = [
            (clients[c.case_id], names.get(c.action.id, TASK_NAMES.get(c.action.channel, c.action.channel)))
            for c in rest
        ]
    since = _since(session, account_id=account_id, on=on, now=now)
    events = list(
        session.exec(
            select(CaseEvent)
            .where(
                CaseEvent.account_id == account_id,
                col(CaseEvent.kind).in_(NEWS_KINDS),
                col(CaseEvent.created_at) >= since,
                col(CaseEvent.created_at) < now,
            )
            .order_by(col(CaseEvent.created_at))
        )
    )
    clients = _clients(session, [event.case_id for event in events])
    content.news = [News(clients[event.case_id], event.text, event.alert) for event in events]
    return (owner.email if owner else ""), content


def _clients(session: Session, case_ids: Sequence[int]) -> dict[int, str]:
    names: dict[int, str] = defaultdict(str)
    ids = sorted(set(case_ids))
    if ids:
        for case_id, name in session.exec(
            select(CollectionCase.id, Debtor.company_name)
            .join(Debtor, col(Debtor.id) == col(CollectionCase.debtor_id))
            .where(col(CollectionCase.id).in_(ids))
        ):
            assert case_id is not None
            names[case_id] = name
    return names


@dataclass
class DigestReport:
    sent: int = 0
    kept: int = 0  # no e-mail server: nothing could leave
    empty: int = 0
    retrying: int = 0
    failed: int = 0


def _due_accounts(session: Session, now: datetime) -> list[int]:
    """Accounts whose digest hour has come today and whose digest of today is not done nor held by a live claim."""
    on = local_day(now)
    hour = now.astimezone(FRANCE).hour
    accounts = session.exec(
        select(Account.id).where(col(Account.digest_hour).is_not(None), col(Account.digest_hour) <= hour)
    ).all()
    done = set(
        session.exec(
            select(Digest.account_id).where(
                Digest.day == on,
                sa.or_(col(Digest.status) != "claimed", col(Digest.claimed_at) >= now - CLAIM_TTL),
            )
        ).all()
    )
    return [account_id for account_id in accounts if account_id is not None and account_id not in done]


def _claim(session: Session, *, account_id: int, on: date, run_id: str, now: datetime) -> Digest | None:
    """This run's claim on the account's digest of the day (a new row, or a stale claim taken over). Committed."""
    session.add(Digest(account_id=account_id, day=on, status="claimed", claim_id=run_id, claimed_at=now))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        taken = session.execute(
            sa.update(Digest)
            .where(
                col(Digest.account_id) == account_id,
                col(Digest.day) == on,
                col(Digest.status) == "claimed",
                col(Digest.claimed_at) < now - CLAIM_TTL,
            )
            .values(claim_id=run_id, claimed_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(taken, "rowcount", 0) != 1:
            session.rollback()
            return None
        session.commit()
    return session.exec(select(Digest).where(Digest.account_id == account_id, Digest.day == on)).one()


def run_digests(
    now: datetime | None = None, *, sender: Mailer | None = None, engine: Engine | None = None
) -> DigestReport:
    """Writes and sends the digests whose hour has come. Safe to run concurrently with itself."""
    now = clock.now() if now is None else now
    engine = engine if engine is not None else db.engine()
    mailer = sender if sender is not None else default_mailer()
    report = DigestReport()
    run_id = uuid.uuid4().hex
    on = local_day(now)
    with Session(engine) as session:
        due = _due_accounts(session, now)
    try:
        for account_id in due:  # a server that refuses everything (SendFailure.stop_run) ends the run
            with Session(engine) as session:
                digest = _claim(session, account_id=account_id, on=on, run_id=run_id, now=now)
                if digest is None:
                    continue
                to, content = build_digest(session, account_id=account_id, now=now)
                subject, body = digest_text(content)
                digest.to_address, digest.subject = to, subject
                if content.empty or not to or mailer is None:
                    digest.status = "empty" if content.empty or not to else "kept"
                    report.empty += digest.status == "empty"
                    report.kept += digest.status == "kept"
                    session.add(digest)
                    session.commit()
                    continue
                session.add(digest)
                session.commit()  # the hold links exist before the e-mail that carries them leaves
                _send(
                    session, digest, mailer, subject=subject, body=body, company=content.company, now=now, report=report
                )
    except SendFailure:
        pass  # recorded on its digest; the others wait for the next run
    finally:
        if mailer is not None:
            mailer.close()
    return report


def _send(
    session: Session,
    digest: Digest,
    mailer: Mailer,
    *,
    subject: str,
    body: str,
    company: str,
    now: datetime,
    report: DigestReport,
) -> None:
    message = build_message(
        from_address=mailer.from_address,
        from_name=f"Guide du recouvrement · {company}"[:80],
        to=digest.to_address,
        reply_to="",
        subject=subject,
        body=body,
        message_id=f"<point.{digest.account_id}.{digest.day.isoformat()}@{sender_domain(mailer.from_address)}>",
        date=now,
    )
    try:
        mailer.send(message)
    except SendFailure as failure:
        digest.attempts += 1
        if digest.attempts >= DIGEST_ATTEMPTS:
            digest.status = "failed"
            report.failed += 1
        else:  # the claim goes stale after CLAIM_TTL: a later run tries again
            report.retrying += 1
        logger.warning("digest of account %s not sent: %s", digest.account_id, failure.reason)
        session.add(digest)
        session.commit()
        if failure.stop_run:
            raise
        return
    digest.status, digest.sent_at, digest.claim_id = "sent", now, None
    session.add(digest)
    session.commit()
    report.sent += 1
