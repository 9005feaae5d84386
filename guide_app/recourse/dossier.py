"""A case as one document (case_export.CaseExport), read from the database: what the evidence bundle, the JSON
export and the legal path's pre-filled documents are built from."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import Session, col, select

from guide_app.cases import lifecycle as cases
from guide_app.cases import store
from guide_app.cases.ledger import Ledger
from guide_app.cases.risk import Channel, channel_label
from guide_app.core import clock
from guide_app.core.format import day, money
from guide_app.core.settings import settings
from guide_app.models import Account, CaseAction, CaseEvent, Dispute, Payment, PaymentPlan, PaymentPromise
from guide_app.models import CollectionCase as Case
from guide_app.recourse import escalation_store
from guide_app.recourse.cascade import HANDOVER_LABELS
from guide_app.recourse.case_export import (
    CaseExport,
    DebtorResponse,
    FormalNotice,
    InvoiceOut,
    Mandate,
    Party,
    PaymentOut,
    TimelineEntry,
)
from guide_app.reminders.messages import default_messages
from guide_app.reminders.templates import render
from guide_app.reminders.timeline import message_context

_ACTION_STATUS = {"done": "fait", "failed": "échec", "scheduled": "prévu"}


def _action_day(action: CaseAction) -> date:
    moment = action.sent_at or action.done_at or action.failed_at
    return moment.date() if moment else action.scheduled_for


def _action_status(action: CaseAction) -> str:
    return "envoyé" if action.sent_at else _ACTION_STATUS.get(action.status, action.status)


def formal_notice(session: Session, *, case: Case, owed: Ledger) -> FormalNotice | None:
    """The mise en demeure as sent (its LRAR action), or else ready to send with the ledger's amounts."""
    for action in store.case_actions(session, case=case):
        if action.channel == Channel.LRAR.value and (action.status == "done" or action.sent_at):
            return FormalNotice(sent_on=_action_day(action), subject=action.subject, body=action.body)
    unpaid = owed.of([line.number for line in owed.lines if line.principal > 0])
    if not unpaid.lines:
        return None
    context = message_context(
        creditor=store.creditor_name(session, account_id=case.account_id),
        debtor=store.case_debtor(session, case=case),
        owed=unpaid,
        link=settings.public_url.rstrip("/") + store.debtor_path(case),
    )
    letter = default_messages()[
        "mise_en_demeure_particulier" if owed.terms.kind == "particulier" else "mise_en_demeure"
    ]
    return FormalNotice(sent_on=None, subject=render(letter.subject, context), body=render(letter.body, context))


def export_case(session: Session, *, case: Case, today: date) -> CaseExport:
    assert case.id is not None
    account = session.get(Account, case.account_id)
    assert account is not None
    debtor = store.case_debtor(session, case=case)
    owed = cases.case_ledger(session, case=case, on=today)
    remaining = {line.number: line.principal for line in owed.lines}
    rows = store.case_invoices(session, case=case)
    timeline = [
        TimelineEntry(
            on=_action_day(action),
            kind="relance",
            channel=channel_label(Channel(action.channel)),
            title=action.subject or action.name,
            status=_action_status(action),
            text=action.body,
        )
        for action in store.case_actions(session, case=case)
        if action.status != "skipped"
    ]
    events = session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(col(CaseEvent.created_at)))
    timeline += [
        TimelineEntry(on=e.created_at.date(), kind="evenement", title=e.text[:300], text=e.text) for e in events
    ]
    responses = [
        DebtorResponse(
            on=p.created_at.date(),
            kind="promesse",
            text=f"promet {money(store.from_cents(p.amount_cents))} le {day(p.promised_for)}",
        )
        for p in session.exec(
            select(PaymentPromise).where(PaymentPromise.case_id == case.id, PaymentPromise.source == "debtor")
        )
    ]
    responses += [
        DebtorResponse(on=d.created_at.date(), kind="litige", text=d.reason)
        for d in session.exec(select(Dispute).where(Dispute.case_id == case.id, Dispute.source == "debtor"))
    ]
    responses += [
        DebtorResponse(on=p.created_at.date(), kind="echeancier", text="propose un autre échéancier")
        for p in session.exec(
            select(PaymentPlan).where(PaymentPlan.case_id == case.id, PaymentPlan.proposed_by == "debtor")
        )
    ]
    responses += [
        DebtorResponse(on=e.created_at.date(), kind="visite", text=e.text)
        for e in session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "debtor"))
    ]
    escalation = escalation_store.latest(session, case=case)
    mandates = (
        [
            Mandate(
                position=row.position,
                professional_id=row.professional_id,
                professional_name=row.professional_name,
                signed_on=escalation.mandate_on,
                status=HANDOVER_LABELS.get(row.status, row.status),
                recovered=store.from_cents(row.recovered_cents),
            )
            for row in escalation_store.handover_rows(session, escalation=escalation)
        ]
        if escalation is not None
        else []
    )
    payments = session.exec(select(Payment).where(Payment.case_id == case.id).order_by(col(Payment.paid_on)))
    return CaseExport(
        exported_at=clock.now().replace(microsecond=0),
        account_id=case.account_id,
        case_id=case.id,
        creditor=Party(name=account.company_name, siren=account.siren or None),
        debtor=Party(
            name=debtor.company_name,
            siren=debtor.siren or None,
            contact=debtor.contact_name,
            email=debtor.email,
            phone=debtor.phone,
        ),
        amount_due=owed.principal,
        penalties=owed.interest,
        rate_to_confirm=owed.provisional,
        debtor_kind=owed.terms.kind,
        indemnity=owed.indemnity,
        invoices=tuple(
            InvoiceOut(
                number=row.number,
                issue_date=row.issue_date,
                due_date=row.due_date,
                amount_ht=store.from_cents(row.amount_ht_cents),
                vat_rate=Decimal(row.vat_rate_bp) / 10000,
                amount_ttc=store.from_cents(row.amount_ttc_cents),
                remaining=remaining[row.number],
            )
            for row in rows
        ),
        payments=tuple(
            PaymentOut(
                paid_on=p.paid_on, amount=store.from_cents(p.amount_cents), method=cases.METHODS.get(p.method, p.method)
            )
            for p in payments
        ),
        timeline=tuple(timeline),
        debtor_responses=tuple(sorted(responses, key=lambda r: r.on)),
        formal_notice=formal_notice(session, case=case, owed=owed),
        mandates=tuple(mandates),
    )
