"""The four simulators as the shell sees them: where each lives, its fields, and the pure function that turns
the typed values into a Report (or FormErrors)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from guide_app.cases import penalties
from guide_app.cases.rates import legal_terms
from guide_app.core import routes
from guide_app.core.format import money
from guide_app.core.forms import Field
from guide_app.simulators import costs, dso, dso_report, margin, penalties_report, prescription
from guide_app.simulators.report import Report

INDEMNITY = money(legal_terms().indemnity, cents=False)  # "40 €", from content/figures.yaml


@dataclass(frozen=True)
class Simulator:
    key: str
    route: str
    title: str
    summary: str  # one line on the index page
    fields: Callable[[date], tuple[Field, ...]]  # defaults may depend on today (payment date)
    evaluate: Callable[[Mapping[str, str]], Report]
    link: Callable[[Mapping[str, str], str], dict[str, str]] = lambda values, _changed: dict(values)
    aliases: Mapping[str, str] = field(default_factory=dict)  # a link parameter's earlier name → today's


MARGIN = Simulator(
    key="margin",
    route=routes.SIMULATOR_MARGIN,
    title="Marge perdue",
    summary="Combien de ventes en plus pour rattraper une facture jamais payée.",
    fields=lambda _today: margin.FIELDS,
    evaluate=margin.evaluate,
)
DSO = Simulator(
    key="dso",
    route=routes.SIMULATOR_DSO,
    title="Trésorerie libérée",
    summary="Ce que rapporte chaque jour de délai de paiement gagné sur vos clients (DSO).",
    fields=lambda _today: dso.FIELDS,
    evaluate=dso_report.evaluate,
    link=dso.link_target,
)
PENALTIES = Simulator(
    key="penalties",
    route=routes.SIMULATOR_PENALTIES,
    title="Pénalités de retard",
    summary=f"Les intérêts de retard et l'indemnité de {INDEMNITY} qu'un client en retard vous doit.",
    fields=penalties.fields,
    evaluate=penalties_report.evaluate,
    aliases=penalties.ALIASES,
)
COSTS = Simulator(
    key="costs",
    route=routes.SIMULATOR_COSTS,
    title="Coût du recouvrement",
    summary="Relancer vous-même, externaliser ou automatiser : le coût annuel de chaque option.",
    fields=lambda _today: costs.FIELDS,
    evaluate=costs.evaluate,
)
PRESCRIPTION = Simulator(
    key="prescription",
    route=routes.SIMULATOR_PRESCRIPTION,
    title="Ma créance est-elle prescrite ?",
    summary="Jusqu'à quand vous pouvez agir pour une facture impayée, et ce qui fait repartir le délai.",
    fields=prescription.fields,
    evaluate=prescription.evaluate,
)
SIMULATORS = (MARGIN, DSO, PENALTIES, COSTS, PRESCRIPTION)
