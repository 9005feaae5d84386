"""The account's e-mails: what went out (or, in test mode, what would have), and the sends waiting for a retry.
Also the switch between test mode and real sending."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, func, select

from guide_app.core import routes
from guide_app.core.format import moment
from guide_app.models import Account, CaseAction, CollectionCase, Debtor, OutboxMessage

SHOWN = 100  # the latest messages listed


@dataclass
class MessageRow:
    id: int
    when: str
    debtor: str
    href: str
    recipient: str
    subject: str
    body: str
    sent: bool  # False: test mode, or no e-mail server configured


@dataclass
class RetryRow:
    debtor: str
    href: str
    name: str
    reason: str
    next_try: str


@dataclass
class MessagesView:
    messages: list[MessageRow] = field(default_factory=list)
    total: int = 0
    retrying: list[RetryRow] = field(default_factory=list)


def messages_view(session: Session, *, account_id: int) -> MessagesView:
    rows = session.exec(
        select(OutboxMessage, Debtor.company_name)
        .join(CollectionCase, col(CollectionCase.id) == col(OutboxMessage.case_id))
        .join(Debtor, col(Debtor.id) == col(CollectionCase.debtor_id))
        .where(OutboxMessage.account_id == account_id)
        .order_by(col(OutboxMessage.created_at).desc(), col(OutboxMessage.id).desc())
        .limit(SHOWN)
    ).all()
    total = session.exec(select(func.count(col(OutboxMessage.id))).where(OutboxMessage.account_id == account_id)).one()
    retrying = session.exec(
        select(CaseAction, Debtor.company_name)
        .join(CollectionCase, col(CollectionCase.id) == col(CaseAction.case_id))
        .join(Debtor, col(Debtor.id) == col(CollectionCase.debtor_id))
        .where(CaseAction.account_id == account_id, CaseAction.status == "scheduled", col(CaseAction.attempts) > 0)
        .order_by(col(CaseAction.next_attempt_at))
    ).all()
    return MessagesView(
        messages=[
            MessageRow(
                id=message.id or 0,
                when=moment(message.created_at),
                debtor=debtor,
                href=routes.case(message.case_id),
                recipient=message.to_address,
                subject=message.subject,
                body=message.body,
                sent=not message.test_mode,
            )
            for message, debtor in rows
        ],
        total=total,
        retrying=[
            RetryRow(
                debtor=debtor,
                href=routes.case(action.case_id),
                name=action.name,
                reason=action.failure_reason or "",
                next_try=moment(action.next_attempt_at) if action.next_attempt_at else "",
            )
            for action, debtor in retrying
        ],
    )


def set_live(session: Session, *, account_id: int, live: bool) -> None:
    account = session.get(Account, account_id)
    if account is not None:
        account.live = live
        session.add(account)
        session.commit()
