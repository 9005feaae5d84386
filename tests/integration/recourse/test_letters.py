"""letter_pdf: the account's own letter actions only, with the case's invoices and payments."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from guide_app.models import Payment
from guide_app.recourse.letters import letter_of, letter_pdf
from tests.integration.sending_fixtures import NOW, TODAY, build_case, fresh_engine
from tests.pdf_text import text_of


def test_the_owner_gets_the_mise_en_demeure_of_their_case():
    engine = fresh_engine()
    built = build_case(engine, actions=[("lrar", TODAY), ("courrier", TODAY), ("email", TODAY)])
    lrar, courrier, email = built.action_ids
    with Session(engine) as session:
        session.add(
            Payment(
                account_id=built.account_id,
                case_id=built.case_id,
                amount_cents=40000,
                paid_on=TODAY - timedelta(days=2),
                method="virement",
                created_at=NOW,
            )
        )
        session.commit()
        pdf = letter_pdf(session, account_id=built.account_id, action_id=lrar, on=TODAY)
        assert pdf is not None and pdf.startswith(b"%PDF")
        text = text_of(pdf)
        assert "MISE EN DEMEURE DE PAYER" in text and "Boulangerie Martin" in text
        assert "Facture F-2026-001, échue le 14/02/2026" in text and "article 1344 du Code civil" in text
        # paid 16/03, 30 days late: 2 400 × 12,15 % × 30 / 365 = 23,97 of interest first, 376,03 of principal
        assert "Déjà réglé" in text and "2023,97€" in text.replace(" ", "")
        simple = letter_pdf(session, account_id=built.account_id, action_id=courrier, on=TODAY)
        assert simple is not None and "MISE EN DEMEURE" not in text_of(simple)
        assert letter_pdf(session, account_id=built.account_id, action_id=email) is None


def test_nobody_gets_another_accounts_letter_or_a_made_up_one():
    engine = fresh_engine()
    mine = build_case(engine, actions=[("lrar", TODAY)])
    theirs = build_case(engine, actions=[("lrar", TODAY)], company="Concurrent SA")
    with Session(engine) as session:
        assert letter_pdf(session, account_id=mine.account_id, action_id=theirs.action_ids[0]) is None
        for forged in (str(mine.action_ids[0]), 10**9, None, True, {"id": 1}, 1.0):
            assert letter_of(session, account_id=mine.account_id, action_id=forged) is None
