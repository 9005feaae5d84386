"""Messages of a case: the values a message is rendered with on its date, and the rendering of planned actions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

from guide_app.cases import store
from guide_app.cases.accrual import Owed, late_invoices, penalties_on
from guide_app.core.epc import format_iban
from guide_app.core.settings import settings
from guide_app.models import Account, Debtor
from guide_app.reminders.schedule import PlannedAction
from guide_app.reminders.steps import ScenarioStep
from guide_app.reminders.templates import MessageContext, render


def message_context(
    *, creditor: str, debtor: Debtor, invoices: Sequence[Owed], on: date, link: str = "", payment_details: str = ""
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
        payment_details=payment_details,
    )


def payment_details(account: Account) -> str:
    """How to pay the creditor, for {coordonnees_paiement}: the transfer details when the account has an IBAN."""
    if not account.iban:
        return "le moyen de paiement indiqué sur la facture"
    return f"virement sur l'IBAN {format_iban(account.iban)} ({account.company_name})"


def renderer(
    *, creditor: Account, debtor: Debtor, invoices: Sequence[Owed]
) -> Callable[[PlannedAction, ScenarioStep, str], tuple[str, str]]:
    """Renders a planned action's (subject, body) with the data known on its date."""
    details = payment_details(creditor)

    def render_planned(planned: PlannedAction, step: ScenarioStep, debtor_path: str) -> tuple[str, str]:
        concerned = [invoice for invoice in invoices if invoice.number in planned.invoices] or invoices
        link = settings.public_url.rstrip("/") + debtor_path
        context = message_context(
            creditor=creditor.company_name,
            debtor=debtor,
            invoices=concerned,
            on=planned.date,
            link=link,
            payment_details=details,
        )
        return render(step.subject, context), render(step.body, context)

    return render_planned
