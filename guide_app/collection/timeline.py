"""What the owner sees of a case: invoices, and each scheduled action with its date, message and the
penalties accrued by then. Plain dataclasses, ready for the page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlmodel import Session

from guide_app.collection import store
from guide_app.collection.accrual import late_invoices, penalties_on
from guide_app.collection.risk import RISK_LABELS, Channel, RiskCategory, Tone, channel_label, tone_label
from guide_app.collection.schedule import InvoiceSpec, PlannedAction
from guide_app.collection.steps import ScenarioStep, days_label
from guide_app.collection.templates import MessageContext, legal_indemnity_per_invoice, render
from guide_app.collection.terms import check_terms
from guide_app.format import day, money
from guide_app.models import Account, CollectionCase, Debtor
from guide_app.settings import settings


@dataclass
class InvoiceRow:
    number: str
    issued: str
    due: str
    amount_ht: str
    amount_ttc: str


@dataclass
class ActionRow:
    date: str
    day: str  # "J+10"
    name: str
    channel: str
    tone: str
    status: str  # "à faire maintenant" | "prévu" | "fait" | "ignoré" | "échec"
    urgent: bool
    subject: str
    body: str
    owed: str  # what the debtor owes on that date, in one French sentence


@dataclass
class CaseView:
    case_id: int = 0
    debtor: str = ""
    risk: str = ""
    owed_today: str = ""
    terms_warning: str = ""
    invoices: list[InvoiceRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)


def message_context(
    *, creditor: str, debtor: Debtor, invoices: list[InvoiceSpec], on: date, link: str = ""
) -> MessageContext:
    """The values a message sent on `on` about these invoices is rendered with."""
    ordered = sorted(invoices, key=lambda invoice: invoice.due_date)
    return MessageContext(
        debtor=debtor.company_name,
        contact=debtor.contact_name,
        creditor=creditor,
        invoice_numbers=tuple(invoice.number for invoice in ordered),
        amount_ttc=sum((invoice.amount_ttc for invoice in ordered), start=Decimal(0)),
        due_date=ordered[0].due_date,
        days_late=max(0, (on - ordered[0].due_date).days),
        penalties=penalties_on(ordered, on).quantize(store.CENT),
        late_invoices=late_invoices(ordered, on),
        payment_link=link,
    )


def renderer(
    *, creditor: str, debtor: Debtor, invoices: list[InvoiceSpec]
) -> Callable[[PlannedAction, ScenarioStep, str], tuple[str, str]]:
    """Renders a planned action's (subject, body) with the data known on its date."""

    def render_planned(planned: PlannedAction, step: ScenarioStep, debtor_path: str) -> tuple[str, str]:
        concerned = [invoice for invoice in invoices if invoice.number in planned.invoices] or invoices
        link = settings.public_url.rstrip("/") + debtor_path
        context = message_context(creditor=creditor, debtor=debtor, invoices=concerned, on=planned.date, link=link)
        return render(step.subject, context), render(step.body, context)

    return render_planned


def _owed(amount: Decimal, penalties: Decimal, indemnity: Decimal) -> str:
    if not penalties and not indemnity:
        return f"{money(amount)} TTC, pas encore échu : ni pénalités ni indemnité."
    return (
        f"{money(amount + penalties + indemnity)}, dont {money(penalties)} de pénalités de retard "
        f"et {money(indemnity)} d'indemnité forfaitaire."
    )


_STATUS = {"scheduled": "prévu", "done": "fait", "skipped": "ignoré", "failed": "échec"}


def case_view(session: Session, *, account_id: int, case: CollectionCase, today: date) -> CaseView:
    assert case.account_id == account_id and case.id is not None
    debtor = store.case_debtor(session, case=case)
    invoices = [store.invoice_spec(row) for row in store.case_invoices(session, case=case)]
    indemnity = legal_indemnity_per_invoice()
    total = sum((invoice.amount_ttc for invoice in invoices), start=Decimal(0))
    actions = []
    for row in store.case_actions(session, case=case):
        due_now = row.status == "scheduled" and row.scheduled_for <= today
        accrued = penalties_on(invoices, row.scheduled_for)
        owed_indemnity = indemnity * late_invoices(invoices, row.scheduled_for)
        actions.append(
            ActionRow(
                date=day(row.scheduled_for),
                day=days_label((row.scheduled_for - min(i.due_date for i in invoices)).days),
                name=row.name,
                channel=channel_label(Channel(row.channel)),
                tone=tone_label(Tone(row.tone)),
                status="à faire maintenant" if due_now else _STATUS.get(row.status, row.status),
                urgent=due_now,
                subject=row.subject,
                body=row.body,
                owed=_owed(total, accrued, owed_indemnity),
            )
        )
    return CaseView(
        case_id=case.id,
        debtor=debtor.company_name,
        risk=RISK_LABELS[RiskCategory(debtor.risk_category)],
        owed_today=_owed(total, penalties_on(invoices, today), indemnity * late_invoices(invoices, today)),
        terms_warning=check_terms(case.terms_days, end_of_month=case.terms_end_of_month) or "",
        invoices=[
            InvoiceRow(
                number=i.number,
                issued=day(i.issue_date),
                due=day(i.due_date),
                amount_ht=money(i.amount_ht),
                amount_ttc=money(i.amount_ttc),
            )
            for i in invoices
        ],
        actions=actions,
    )


def creditor_name(session: Session, *, account_id: int) -> str:
    row = session.get(Account, account_id)
    return row.company_name if row else ""
