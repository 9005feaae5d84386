"""A consumer is owed other rules than a professional: no L441-10 penalties and no 40 € anywhere, interest at the
taux légal only once the mise en demeure has left, and messages that say so."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import reflex as rx
from sqlmodel import select

from guide_app.cases import lifecycle as cases
from guide_app.cases import store
from guide_app.core import clock
from guide_app.desk.overview import case_view
from guide_app.models import CaseAction, CollectionCase, Debtor
from guide_app.onboarding.state import CaseForm, ScenarioEditor
from guide_app.portal.view import debtor_view, summary_csv
from guide_app.recourse.letters import legal_mentions, letter_of
from tests.integration.owners import TODAY, _case_form, _sign_up, sub


def _consumer_case(new_browser, email: str, **fields: str):
    root = _sign_up(new_browser, email)
    ScenarioEditor.accept.fn(sub(root, ScenarioEditor))
    form = sub(root, CaseForm)
    late = {"issue_0": (TODAY - timedelta(days=60)).isoformat(), "due_0": (TODAY - timedelta(days=30)).isoformat()}
    CaseForm.create_case.fn(form, {**_case_form("Claire Martin", "P-1"), **late, **fields})
    return root, form


def test_a_consumer_owes_no_penalty_nor_indemnity_and_is_written_to_accordingly(new_browser):
    _, form = _consumer_case(new_browser, "conso@example.fr", debtor_kind="particulier")
    assert form.case_errors == {}
    with rx.session() as session:
        case = store.cases(session, account_id=form._account_id)[0]
        assert store.case_debtor(session, case=case).kind == "particulier"
        owed = cases.case_ledger(session, case=case, on=TODAY)
        assert (owed.interest, owed.indemnity, owed.due) == (0, 0, Decimal("2400.00"))  # no mise en demeure yet
        assert "indemnité" not in case_view(session, case=case, today=TODAY).owed_today
        page = debtor_view(session, case=case, today=TODAY)
        assert not page.owes_indemnity and page.interest_label == "Intérêts au taux légal" and "1344-1" in page.why
        csv = summary_csv(session, case=case, today=TODAY)
        assert "L441-10" not in csv and "D441-5" not in csv and "1344-1" in csv
        actions = store.case_actions(session, case=case)
        bodies = " ".join(action.body for action in actions)
        assert "L441-10" not in bodies and "indemnité forfaitaire" not in bodies
        lrar = next(action for action in actions if action.channel == "lrar")
        assert "intérêts au taux de l'intérêt légal" in lrar.body

        lrar.status, lrar.done_at = "done", clock.now() - timedelta(days=10)  # the mise en demeure left 10 days ago
        session.add(lrar)
        session.commit()
        owed = cases.case_ledger(session, case=case, on=TODAY)
        # 10 days at the taux légal "autres cas" (H2 2026 not published: 2,62 % of H1 2026, « à confirmer »):
        # 2 400 × 2,62 % × 10 / 365 = 1,72274 → 1,72; still no indemnity
        assert (owed.interest, owed.indemnity, owed.provisional) == (Decimal("1.72"), 0, True)
        letter = letter_of(session, account_id=case.account_id, action_id=lrar.id, on=TODAY)
        rows = dict(legal_mentions(letter))
        assert not any("Indemnité" in label for label in rows) and "1344-1" in letter.owed.terms.text.notice
        assert any(label.startswith("Intérêts au taux légal") for label in rows)


def test_a_contract_rate_is_refused_for_a_consumer_and_below_the_legal_floor(new_browser):
    _, form = _consumer_case(new_browser, "taux1@example.fr", debtor_kind="particulier", agreed_rate="15")
    assert "qu'entre professionnels" in form.case_errors["agreed_rate"]
    _, low = _consumer_case(new_browser, "taux2@example.fr", debtor_kind="professionnel", agreed_rate="5")
    assert "ne peut pas être inférieur à 7,86" in low.case_errors["agreed_rate"]  # 3 × 2,62 %
    _, ok = _consumer_case(new_browser, "taux3@example.fr", debtor_kind="professionnel", agreed_rate="15")
    assert ok.case_errors == {}
    with rx.session() as session:
        debtor = session.exec(select(Debtor).where(Debtor.account_id == ok._account_id)).one()
        assert (debtor.kind, debtor.agreed_rate_bp) == ("professionnel", 1500)
        case = session.exec(select(CollectionCase).where(CollectionCase.account_id == ok._account_id)).one()
        owed = cases.case_ledger(session, case=case, on=TODAY)
        # 30 days at 15 %: 2 400 × 15 % × 30 / 365 = 29,58904 → 29,59
        assert owed.interest == Decimal("29.59") and owed.indemnity == Decimal(40)
        assert session.exec(select(CaseAction).where(CaseAction.case_id == case.id)).first() is not None


def test_the_debtors_page_tells_them_who_uses_their_data_why_and_their_rights(new_browser):
    _, form = _consumer_case(new_browser, "rgpd@example.fr")
    with rx.session() as session:
        case = store.cases(session, account_id=form._account_id)[0]
        notice = " ".join(debtor_view(session, case=case, today=TODAY).privacy)
    assert "Atelier Durand" in notice and "rgpd@example.fr" in notice  # the creditor and where to write
    assert all(words in notice for words in ("RGPD, art. 6.1.f", "art. 15 à 21", "CNIL", "opposition"))


def test_a_public_buyer_gets_its_legal_term_when_none_is_typed_and_a_warning_beyond_it(new_browser):
    _, hospital = _consumer_case(
        new_browser, "hopital@example.fr", debtor_kind="public", public_buyer="sante", terms_days=""
    )
    assert hospital.case_errors == {}
    _, town = _consumer_case(
        new_browser, "mairie@example.fr", debtor_kind="public", public_buyer="etat", terms_days="45"
    )
    _, unknown = _consumer_case(new_browser, "acheteur@example.fr", debtor_kind="public", public_buyer="ministere")
    assert "acheteur public" in unknown.case_errors["public_buyer"]
    with rx.session() as session:
        assert store.cases(session, account_id=unknown._account_id) == []
        case = store.cases(session, account_id=hospital._account_id)[0]
        assert store.case_debtor(session, case=case).public_buyer == "sante"
        assert case.terms_days == 50 and case_view(session, case=case, today=TODAY).terms_warning == ""
        case = store.cases(session, account_id=town._account_id)[0]
        warning = case_view(session, case=case, today=TODAY).terms_warning
        assert "délai maximal de 30 jours" in warning and "R2192-10" in warning


def test_the_buyer_kind_is_kept_only_for_a_public_debtor(new_browser):
    _, form = _consumer_case(new_browser, "pro-achat@example.fr", debtor_kind="professionnel", public_buyer="sante")
    with rx.session() as session:
        debtor = session.exec(select(Debtor).where(Debtor.account_id == form._account_id)).one()
    assert (debtor.kind, debtor.public_buyer) == ("professionnel", "")
