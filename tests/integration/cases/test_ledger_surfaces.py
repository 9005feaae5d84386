"""For random cases (kind of debtor, amount, days late, a partial payment), every surface shows the ledger's figure:
the case page, the debtor's page and its CSV, the mise en demeure and the dossier."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from itertools import count

import pytest
import reflex as rx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guide_app.cases import lifecycle as cases
from guide_app.cases import store
from guide_app.cases.invoice import InvoiceSpec
from guide_app.core.format import money
from guide_app.desk.overview import case_view
from guide_app.models import Debtor
from guide_app.portal.view import debtor_view, summary_csv
from guide_app.recourse import dossier
from guide_app.recourse.letters import legal_mentions, letter_of
from tests.integration.owners import TODAY, new_root, open_case, sign_up_with_case

_numbers = count(1)


@pytest.fixture(scope="module")
def account_id() -> int:
    _, account, _ = sign_up_with_case(new_root, company="Atelier Aléatoire", debtor="Client Zéro", number="Z-0")
    return account


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(["professionnel", "particulier", "public"]),
    cents=st.integers(min_value=1_00, max_value=5_000_000_00),
    days_late=st.integers(min_value=0, max_value=900),
    paid_share=st.integers(min_value=0, max_value=99),
)
def test_every_surface_shows_the_ledgers_figure(account_id, kind, cents, days_late, paid_share):
    number = f"H-{next(_numbers)}"
    invoice = InvoiceSpec(
        number=number,
        issue_date=TODAY - timedelta(days=days_late + 30),
        due_date=TODAY - timedelta(days=days_late),
        amount_ht=Decimal(cents) / 100,
        vat_rate=Decimal("0.2"),
    )
    debtor = Debtor(account_id=account_id, company_name=f"Client {number}", email="c@client.fr", kind=kind)
    with rx.session() as session:
        case = open_case(session, account_id=account_id, debtor=debtor, invoices=[invoice])
        paid = (invoice.amount_ttc * paid_share / 100).quantize(Decimal("0.01"))
        if paid:
            cases.record_payment(session, case=case, amount=paid, paid_on=TODAY, method="virement", today=TODAY)
            session.refresh(case)
        owed = cases.case_ledger(session, case=case, on=TODAY)
        total = money(owed.due)

        assert case_view(session, case=case, today=TODAY).owed_today.startswith(total)
        assert debtor_view(session, case=case, today=TODAY).amount_due == total
        assert f"Reste à payer (€);{owed.due:.2f}".replace(".", ",") in summary_csv(session, case=case, today=TODAY)
        assert dossier.export_case(session, case=case, today=TODAY).total_due == owed.due
        lrar = next(a for a in store.case_actions(session, case=case) if a.channel == "lrar")
        letter = letter_of(session, account_id=account_id, action_id=lrar.id, on=TODAY)
        assert letter is not None and dict(legal_mentions(letter))["Total dû"] == total
        assert owed.due == owed.principal + owed.interest + owed.indemnity
        assert kind != "particulier" or owed.indemnity == 0
