"""One case, one partial payment: the same figures on the case page, the debtor's page and its CSV, the mise en
demeure and the dossier, all read from cases.ledger."""

from __future__ import annotations

from decimal import Decimal

import reflex as rx

from guide_app.cases import lifecycle as cases
from guide_app.cases import store
from guide_app.core.format import money
from guide_app.desk.state import CaseState
from guide_app.models import CollectionCase
from guide_app.portal.view import debtor_view, summary_csv
from guide_app.recourse import dossier
from guide_app.recourse.letters import legal_mentions, letter_of
from tests.integration.owners import TODAY, new_root, sign_up_with_case, sub


def test_a_partial_payment_reads_the_same_everywhere():
    root, account_id, case = sign_up_with_case(
        new_root, company="Atelier Registre", debtor="Client Registre SAS", number="L-1"
    )
    page = sub(root, CaseState)
    page.router.page.params["case_id"] = str(case.id)
    CaseState.load.fn(page)
    CaseState.record_payment.fn(page, {"pay_amount": "950", "pay_date": TODAY.isoformat(), "pay_method": "virement"})
    assert page.errors == {} and page.notice == "Paiement enregistré."
    with rx.session() as session:
        case = session.get(CollectionCase, case.id)
        owed = cases.case_ledger(session, case=case, on=TODAY)
        # 2 400 € TTC, 20 days late: 2 400 × 12,15 % × 20 / 365 = 15,98 of interest paid first, 934,02 of principal;
        # left: 1 465,98 + the 40 € indemnity (D441-5) = 1 505,98 (H2 2026: rate « à confirmer »)
        assert (owed.principal, owed.interest, owed.indemnity) == (Decimal("1465.98"), 0, Decimal(40))
        assert owed.due == Decimal("1505.98") and owed.provisional
        total = money(owed.due)

        assert page.view.owed_today.startswith(total)
        assert page.view.owed_today.endswith("imputés sur l'indemnité en dernier : à confirmer.")  # unverified order
        assert debtor_view(session, case=case, today=TODAY).amount_due == total
        assert "Resteàpayer(€);1505,98" in summary_csv(session, case=case, today=TODAY).replace(" ", "")
        assert dossier.export_case(session, case=case, today=TODAY).total_due == owed.due

        lrar = next(a for a in store.case_actions(session, case=case) if a.channel == "lrar")
        letter = letter_of(session, account_id=account_id, action_id=lrar.id, on=TODAY)
        assert letter is not None and dict(legal_mentions(letter))["Total dû"] == total
        assert total in letter.body  # the body is written with the same day's figures as the recap
