"""Three months before an unpaid invoice becomes time-barred, the case page and the account home say so; a partial
payment (an acknowledgment of the debt, C. civ. 2240) starts a new five-year period and the warning goes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import reflex as rx

from guide_app.cases import lifecycle as cases
from guide_app.cases.invoice import InvoiceSpec
from guide_app.cases.limitation import add_years
from guide_app.core.format import day
from guide_app.desk.overview import case_view, home_view
from guide_app.models import Debtor
from tests.integration.owners import TODAY, new_root, open_case, sign_up_with_case


def test_an_invoice_close_to_prescription_is_flagged_until_the_debtor_acknowledges_it():
    _, account_id, _ = sign_up_with_case(new_root, company="Atelier Ancien", debtor="Client Récent", number="R-1")
    due = add_years(TODAY, -5) + timedelta(days=60)  # time-barred in 60 days
    invoice = InvoiceSpec(
        number="OLD-1", issue_date=due - timedelta(days=30), due_date=due, amount_ht=Decimal(500), vat_rate=Decimal(0)
    )
    debtor = Debtor(account_id=account_id, company_name="Client Ancien SARL", email="compta@ancien.fr")
    with rx.session() as session:
        case = open_case(session, account_id=account_id, debtor=debtor, invoices=[invoice])
        warning = case_view(session, case=case, today=TODAY).limitation_warning
        assert f"Prescription le {day(add_years(due, 5))}" in warning and "art. 2240" in warning
        (line,) = [
            line for line in home_view(session, account_id=account_id, today=TODAY).lines if "Ancien" in line.debtor
        ]
        assert line.limitation_warning == warning

        cases.record_payment(session, case=case, amount=Decimal(100), paid_on=TODAY, method="virement", today=TODAY)
        session.refresh(case)
        assert case_view(session, case=case, today=TODAY).limitation_warning == ""  # restarted: 5 years from today
        owed = cases.case_ledger(session, case=case, on=TODAY)
        first = cases.first_limitation(session, case=case, owed=owed)
        assert first is not None and first.ends_on == add_years(TODAY, 5) and first.acknowledged.startswith("paiement")
