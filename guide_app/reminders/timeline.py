"""Messages of a case: the values a message is rendered with on its date, and the rendering of planned actions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from guide_app.cases.invoice import InvoiceSpec
from guide_app.cases.ledger import Ledger, ledger
from guide_app.cases.lifecycle import debtor_terms
from guide_app.core.epc import format_iban
from guide_app.core.settings import settings
from guide_app.models import Account, Debtor
from guide_app.reminders.schedule import PlannedAction
from guide_app.reminders.steps import ScenarioStep
from guide_app.reminders.templates import MessageContext, render


def message_context(
    *, creditor: str, debtor: Debtor, owed: Ledger, link: str = "", payment_details: str = ""
) -> MessageContext:
    """The values a message about these invoices is rendered with, as the ledger has them on its day."""
    return MessageContext.from_ledger(
        owed,
        debtor=debtor.company_name,
        contact=debtor.contact_name,
        creditor=creditor,
        payment_link=link,
        payment_details=payment_details,
    )


def payment_details(account: Account) -> str:
    """How to pay the creditor, for {coordonnees_paiement}: the transfer details when the account has an IBAN."""
    if not account.iban:
        return "le moyen de paiement indiqué sur la facture"
    return f"virement sur l'IBAN {format_iban(account.iban)} ({account.company_name})"


OwedOn = Callable[[date], Ledger]  # the case's ledger on a day


def unpaid(invoices: Sequence[InvoiceSpec], debtor: Debtor) -> OwedOn:
    """The ledger of a new case: invoices nothing was paid on yet, owed by this debtor."""
    terms = debtor_terms(debtor)
    return lambda on: ledger(invoices, (), on, terms=terms)


def renderer(
    *, creditor: Account, debtor: Debtor, owed_on: OwedOn
) -> Callable[[PlannedAction, ScenarioStep, str], tuple[str, str]]:
    """Renders a planned action's (subject, body) with the ledger's figures on the action's date."""
    details = payment_details(creditor)

    def render_planned(planned: PlannedAction, step: ScenarioStep, debtor_path: str) -> tuple[str, str]:
        owed = owed_on(planned.date)
        concerned = owed.of(planned.invoices)
        link = settings.public_url.rstrip("/") + debtor_path
        context = message_context(
            creditor=creditor.company_name,
            debtor=debtor,
            owed=concerned if concerned.lines else owed,
            link=link,
            payment_details=details,
        )
        return render(step.subject, context), render(step.body, context)

    return render_planned
