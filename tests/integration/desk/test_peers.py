"""The account home's DSO against peers, from the database: the owner's receivables and invoices of the last 12
months, the published delays of their size and sector (content/figures.yaml), and the cash the gap is worth by the
DSO simulator's formula."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import reflex as rx

from guide_app.accounts.state import AuthState
from guide_app.cases import lifecycle
from guide_app.cases.invoice import InvoiceSpec
from guide_app.core import clock
from guide_app.core.content import figures
from guide_app.core.format import money
from guide_app.desk.overview import home_view
from guide_app.desk.peers import dso_view, figure_days
from guide_app.models import Debtor, QuizAttempt
from guide_app.simulators.dso import cash_freed
from tests.integration.owners import TODAY, _sign_up, new_root, open_case, sub


def _owner(email: str) -> int:
    return sub(_sign_up(new_root, email), AuthState)._account_id


def _case(account_id: int, name: str, amount_ht: int, issued_days_ago: int, terms: int = 30):  # type: ignore[no-untyped-def]
    invoice = InvoiceSpec(
        number=f"{name[:3].upper()}-{amount_ht}-{issued_days_ago}",
        issue_date=TODAY - timedelta(days=issued_days_ago),
        due_date=TODAY - timedelta(days=issued_days_ago) + timedelta(days=terms),
        amount_ht=Decimal(amount_ht),
        vat_rate=Decimal("0.2"),
    )
    with rx.session() as session:
        return open_case(
            session, account_id=account_id, debtor=Debtor(account_id=account_id, company_name=name), invoices=[invoice]
        )


def _profile(account_id: int, **profile: str) -> None:
    with rx.session() as session:
        session.add(
            QuizAttempt(
                visitor_token=f"pairs-{account_id}",
                account_id=account_id,
                started_at=clock.now(),
                finished_at=clock.now(),
                profile=profile,
            )
        )
        session.commit()


def test_the_owners_dso_is_receivables_over_a_year_of_invoices_and_its_gap_is_priced_in_cash() -> None:
    account_id = _owner("camille@pairs.fr")
    paid = _case(account_id, "Client payé", 12000, 100, terms=120)  # 14 400 € TTC, paid in full before its due date
    _case(account_id, "Client en cours", 6000, 20)  # 7 200 € TTC still due
    _case(account_id, "Client ancien", 1000, 400)  # 1 200 € TTC due, issued more than a year ago
    with rx.session() as session:
        lifecycle.record_payment(
            session, case=paid, amount=Decimal(14400), paid_on=TODAY, method="virement", today=TODAY
        )
        view = home_view(session, account_id=account_id, today=TODAY).dso
    # (7 200 + 1 200) ÷ (14 400 + 7 200) × 365 = 141,9 → 142 days; no profile: companies of 10 and more (43 days).
    assert view.shown and view.days == "142 jours"
    assert money(Decimal(8400)) in view.method and money(Decimal(21600)) in view.method
    reference = figure_days(figures()["avg_payment_term"])
    assert [row.days for row in view.peers] == [f"{reference} jours"]
    assert view.peers[0].source.endswith("à confirmer")
    cash = money(cash_freed(Decimal(21600), 142 - reference), cents=False)
    assert f"vous auriez environ {cash} de trésorerie en plus" in view.verdict
    assert (
        view.note == "Indiquez votre secteur et votre effectif dans l'auto-diagnostic pour une comparaison plus juste."
    )
    assert (
        view.simulator.startswith("/simulateurs/tresorerie-dso?ca=21600") and f"objectif={reference}" in view.simulator
    )

    # A small building firm: its size's and its sector's delays; the sector's is the reference.
    _profile(account_id, headcount="1 à 9", sector="BTP et construction")
    with rx.session() as session:
        view = dso_view(session, account_id=account_id, today=TODAY, receivables=Decimal(8400))
    micro, building = figure_days(figures()["client_delay_micro"]), figure_days(figures()["client_delay_building"])
    assert [(row.who, row.days) for row in view.peers] == [
        ("Entreprises de votre taille (les très petites entreprises)", f"{micro} jours"),
        ("Votre secteur (le bâtiment)", f"{building} jours"),
    ]
    assert f"payaient en {building} jours comme le bâtiment" in view.verdict and view.note == ""


def test_a_sector_without_a_published_figure_is_compared_by_size_and_a_fast_payer_is_told_so() -> None:
    account_id = _owner("camille@pairs-rapides.fr")
    _case(account_id, "Client rapide", 10000, 5)
    _profile(account_id, headcount="10 à 49", sector="Industrie")
    with rx.session() as session:
        view = dso_view(session, account_id=account_id, today=TODAY, receivables=Decimal(1200))
    # 1 200 ÷ 12 000 × 365 = 36,5 → 37 days, 6 days ahead of 43.
    assert view.days == "37 jours"
    assert (
        view.verdict
        == "Vos clients vous paient plus vite que les entreprises de 10 salariés et plus : 6 jours d'avance sur la "
        "moyenne publiée."
    )
    assert view.note == "Pas de chiffre récent publié pour votre secteur (Industrie) dans nos sources."
    assert view.simulator == ""


def test_without_invoices_this_year_there_is_no_dso() -> None:
    account_id = _owner("camille@pairs-vides.fr")
    with rx.session() as session:
        view = dso_view(session, account_id=account_id, today=TODAY, receivables=Decimal(0))
    assert not view.shown and "pas calculable" in view.note
