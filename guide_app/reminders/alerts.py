"""Urgent alerts by e-mail: a dispute the client opened, a promise broken, a message given up, a payment plan's
instalment missed. Every alert is in the app already (CaseEvent.alert, on the account's home until seen); these ones
also reach the owner's mailbox at once, one e-mail per account per scheduler run listing them, each with its case's
link. A first visit of a client's page is an alert in the app and news in the morning digest, not an e-mail.

At least once: an alert is marked e-mailed (CaseEvent.mailed_at) right after the SMTP server accepted the e-mail, so a
run that dies in between sends it again at the next run. Alerts older than MAX_AGE when first seen (the app was
stopped, or e-mail not configured) stay in the app only: a stale alarm by e-mail helps nobody.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from guide_app.cases import store
from guide_app.core import clock, db, routes
from guide_app.core.format import moment
from guide_app.core.mail import Mailer, SendFailure, build_message, default_mailer, sender_domain
from guide_app.core.settings import settings
from guide_app.models import Account, CaseEvent, CollectionCase, Debtor

URGENT = ("dispute", "promise", "failed", "alert", "plan")  # CaseEvent kinds whose alerts are e-mailed
MAX_AGE = timedelta(days=2)
SHOWN = 30  # alerts listed in one e-mail; the rest is counted


@dataclass
class AlertReport:
    mails: int = 0
    alerts: int = 0
    failed: int = 0


def _text(company: str, owner: str, rows: list[tuple[CaseEvent, str]]) -> tuple[str, str]:
    base = settings.public_url.rstrip("/")
    count = len(rows)
    subject = f"{company} : {count} alerte{'s' if count > 1 else ''} sur vos dossiers"
    lines = [f"Bonjour {owner}," if owner else "Bonjour,", "", "À regarder dès que possible :"]
    for event, client in rows[:SHOWN]:
        lines += [
            f"- {client}, {moment(event.created_at)} : {event.text}",
            f"  Le dossier : {base}{routes.case(event.case_id)}",
        ]
    if count > SHOWN:
        lines.append(f"- et {count - SHOWN} autres alertes, sur votre espace : {base}{routes.ACCOUNT}")
    lines += [
        "",
        f"Ces alertes restent affichées sur votre espace tant que vous ne les avez pas vues : {base}{routes.ACCOUNT}",
    ]
    return subject[:200], "\n".join(lines) + "\n"


def run_alert_mails(
    now: datetime | None = None, *, sender: Mailer | None = None, engine: Engine | None = None
) -> AlertReport:
    """E-mails each account's new urgent alerts to its owner (nothing without an e-mail server)."""
    now = clock.now() if now is None else now
    engine = engine if engine is not None else db.engine()
    mailer = sender if sender is not None else default_mailer()
    report = AlertReport()
    if mailer is None:
        return report
    with Session(engine) as session:
        rows = session.exec(
            select(CaseEvent, Debtor.company_name)
            .join(CollectionCase, col(CollectionCase.id) == col(CaseEvent.case_id))
            .join(Debtor, col(Debtor.id) == col(CollectionCase.debtor_id))
            .where(
                col(CaseEvent.alert).is_(True),
                col(CaseEvent.mailed_at).is_(None),
                col(CaseEvent.kind).in_(URGENT),
                col(CaseEvent.created_at) >= now - MAX_AGE,
            )
            .order_by(col(CaseEvent.created_at))
        ).all()
        by_account: dict[int, list[tuple[CaseEvent, str]]] = defaultdict(list)
        for event, client in rows:
            by_account[event.account_id].append((event, client))
        try:
            for account_id, alerts in by_account.items():
                account = session.get(Account, account_id)
                owner = store.account_owner(session, account_id=account_id)
                if account is None or owner is None:
                    continue
                subject, body = _text(account.company_name, owner.contact_name, alerts)
                first = alerts[0][0]
                message = build_message(
                    from_address=mailer.from_address,
                    from_name="Guide du recouvrement",
                    to=owner.email,
                    subject=subject,
                    body=body,
                    message_id=f"<alerte.{first.id}.{len(alerts)}@{sender_domain(mailer.from_address)}>",
                    date=now,
                )
                try:
                    mailer.send(message)
                except SendFailure as failure:
                    report.failed += 1
                    if failure.stop_run:
                        break
                    continue
                ids = [event.id for event, _ in alerts if event.id is not None]
                session.execute(
                    sa.update(CaseEvent)
                    .where(col(CaseEvent.id).in_(ids), col(CaseEvent.mailed_at).is_(None))
                    .values(mailed_at=now)
                    .execution_options(synchronize_session=False)
                )
                session.commit()
                report.mails += 1
                report.alerts += len(ids)
        finally:
            mailer.close()
    return report
