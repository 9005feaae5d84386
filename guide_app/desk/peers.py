"""The owner's DSO next to the average client payment delays published for companies of their size and sector
(content/figures.yaml), and what the gap costs in cash, by the DSO simulator's formula.

The owner's DSO is computed from what this app holds, by the simple method of the simulator: receivables still
due (the ledger's principal of the open cases) ÷ invoices TTC issued over the last 365 days × 365. Size and sector
come from the company profile of the owner's latest diagnostic; without them the reference is all companies of 10
employees and more."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from sqlalchemy import func
from sqlmodel import Session, select

from guide_app.cases import store
from guide_app.core import routes
from guide_app.core.content import Figure, figures
from guide_app.core.format import money
from guide_app.models import Invoice
from guide_app.quiz.profile import HEADCOUNTS
from guide_app.simulators.dso import DAYS_IN_YEAR, cash_freed, dso

MICRO = HEADCOUNTS[:2]  # « 0 (indépendant) », « 1 à 9 »
SMALL = ("client_delay_micro", "les très petites entreprises")
OTHERS = ("avg_payment_term", "les entreprises de 10 salariés et plus")  # also the reference without a profile
SECTOR_FIGURES = {"BTP et construction": ("client_delay_building", "le bâtiment")}
_DAYS = re.compile(r"(\d+) jours")


@dataclass
class PeerRow:
    who: str  # « Entreprises de votre taille (les très petites entreprises) », « Votre secteur (le bâtiment) »
    days: str
    source: str


@dataclass
class DsoView:
    shown: bool = False  # False: not enough invoices over 12 months to compute it
    days: str = ""  # « 52 jours »
    method: str = ""
    peers: list[PeerRow] = field(default_factory=list)
    verdict: str = ""  # what the gap costs in cash, or that the owner does better
    note: str = ""  # how to make the comparison fairer (profile, sector without a figure)
    simulator: str = ""  # the DSO simulator with these figures


def figure_days(figure: Figure) -> int:
    found = _DAYS.search(figure.value)
    if found is None:
        raise ValueError(f"figures.yaml: {figure.id} must read '<n> jours'")
    return int(found.group(1))


def _days(value: Decimal | int) -> str:
    return "1 jour" if value == 1 else f"{value} jours"


def dso_view(session: Session, *, account_id: int, today: date, receivables: Decimal) -> DsoView:
    year_ago = today - timedelta(days=DAYS_IN_YEAR)
    invoiced_cents = session.exec(
        select(func.coalesce(func.sum(Invoice.amount_ttc_cents), 0)).where(
            Invoice.account_id == account_id, Invoice.issue_date > year_ago, Invoice.issue_date <= today
        )
    ).one()
    if not invoiced_cents:
        return DsoView(note="Pas encore de facture émise ces 12 derniers mois ici : votre DSO n'est pas calculable.")
    revenue = store.from_cents(int(invoiced_cents))
    own = int(dso(receivables, revenue).to_integral_value(rounding=ROUND_HALF_UP))
    _, profile = store.diagnostic_of(session, account_id=account_id)
    headcount, sector = (profile or {}).get("headcount"), (profile or {}).get("sector")
    table = figures()
    size_id, size_who = SMALL if headcount in MICRO else OTHERS
    peers = [_row(table[size_id], f"Entreprises de votre taille ({size_who})" if headcount else size_who.capitalize())]
    reference, who = figure_days(table[size_id]), size_who
    missing = [what for what, known in (("votre secteur", sector), ("votre effectif", headcount)) if not known]
    note = f"Indiquez {' et '.join(missing)} dans l'auto-diagnostic pour une comparaison plus juste." if missing else ""
    if sector in SECTOR_FIGURES:
        sector_id, sector_who = SECTOR_FIGURES[str(sector)]
        peers.append(_row(table[sector_id], f"Votre secteur ({sector_who})"))
        reference, who = figure_days(table[sector_id]), sector_who
    elif sector:
        note = " ".join(
            filter(None, [f"Pas de chiffre récent publié pour votre secteur ({sector}) dans nos sources.", note])
        )
    gap = own - reference
    if gap == 0:
        verdict = f"Vos clients vous paient au même rythme que {who}."
    elif gap > 0:
        verdict = (
            f"Si vos clients payaient en {_days(reference)} comme {who}, vous auriez environ "
            f"{money(cash_freed(revenue, gap), cents=False)} de trésorerie en plus : {_days(gap)} de ventes TTC, "
            f"à {money(revenue / DAYS_IN_YEAR)} par jour."
        )
    else:
        verdict = f"Vos clients vous paient plus vite que {who} : {_days(-gap)} d'avance sur la moyenne publiée."
    return DsoView(
        shown=True,
        days=_days(own),
        method=(
            f"Créances encore dues ({money(receivables)}) ÷ factures TTC émises ces 12 derniers mois "
            f"({money(revenue)}) × 365, sur les factures suivies ici."
        ),
        peers=peers,
        verdict=verdict,
        note=note,
        simulator=(
            routes.SIMULATOR_DSO
            + "?"
            + urlencode({"ca": str(revenue), "base": "ttc", "dso": own, "objectif": reference})
            if gap > 0
            else ""
        ),
    )


def _row(figure: Figure, who: str) -> PeerRow:
    return PeerRow(who=who, days=_days(figure_days(figure)), source=f"{figure.source}, {figure.dated}")
