"""What the DSO simulator says: each figure with its formula, the assumptions, the guide's Aston example and the
chart of cash freed against days cut."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from guide_app.core.content import figures
from guide_app.core.format import figure, money, rate
from guide_app.simulators.charts import MAX_POINTS, cash_freed_figure, short_money
from guide_app.simulators.dso import DAYS_IN_YEAR, DsoInputs, DsoResult, HelperResult, cash_freed, compute, read
from guide_app.simulators.dso import is_guide_example as _is_guide_example
from guide_app.simulators.report import Block, Line, Report


def _euros(amount: Decimal) -> str:
    return money(amount, cents=False)


def chart(inputs: DsoInputs, result: DsoResult) -> str:
    step = max(1, inputs.current_dso // MAX_POINTS)
    days = sorted({*range(0, inputs.current_dso + 1, step), inputs.current_dso})
    points = [(cut, cash_freed(result.revenue_ttc, cut)) for cut in days]
    return cash_freed_figure(points, (result.days_cut, result.cash_freed_ttc))


def _guide_example(inputs: DsoInputs, result: DsoResult) -> Block:
    cash, savings = figures()["aston_cash"], figures()["aston_savings"]
    ht, ttc = short_money(result.revenue_ht), short_money(result.revenue_ttc)
    daily, cut = _euros(result.daily_ttc), result.days_cut
    return Block(
        f"L'exemple du guide : comment on arrive à {cash.value}",
        (
            f"{cash.value} {cash.label} (source : {cash.source}, {cash.dated}).",
            f"Bases : {ht} HT × {figure(1 + inputs.vat_rate, up_to=3)} = {ttc} TTC ; "
            f"{ttc} ÷ {DAYS_IN_YEAR} = {daily} de ventes par jour.",
            f"Le guide ne dit pas de combien le DSO a baissé : {cut} jours de moins ({inputs.current_dso} → "
            f"{inputs.target_dso}) donnent {cut} × {daily} = {short_money(result.cash_freed_ttc)}, "
            "l'ordre de grandeur annoncé.",
            f"Le guide annonce aussi {savings.value} {savings.label}. C'est l'estimation d'Aston, dont les "
            "hypothèses (coûts de recouvrement, taux de perte) ne sont pas publiées. Ce simulateur ne chiffre que "
            "les frais financiers et la provision évités, avec les taux ci-dessus : modifiez-les pour voir ce qui "
            "est plausible.",
        ),
    )


def report(inputs: DsoInputs, result: DsoResult) -> Report:
    vat = rate(inputs.vat_rate)
    provision_base = min(result.cash_freed_ht, result.overdue_ht)
    lines = (
        Line(
            "Chiffre d'affaires annuel retenu",
            f"{_euros(result.revenue_ttc)} TTC",
            f"soit {_euros(result.revenue_ht)} HT avec une TVA à {vat} : vos clients vous doivent des montants "
            "TTC, le calcul part donc du TTC.",
        ),
        Line(
            "Trésorerie libérée, base hors taxes",
            _euros(result.cash_freed_ht),
            f"{_euros(result.revenue_ht)} HT ÷ {DAYS_IN_YEAR} × {result.days_cut} jours, pour comparer à vos "
            "comptes (la TVA encaissée plus tôt est reversée à l'État).",
        ),
        Line(
            "Frais financiers économisés chaque année",
            _euros(result.financing_saved),
            f"{_euros(result.cash_freed_ttc)} × {rate(inputs.financing_rate)} : le découvert ou l'affacturage "
            "que cette trésorerie évite.",
        ),
        Line(
            "Provision pour créances douteuses évitée",
            _euros(result.provision_avoided),
            f"{_euros(provision_base)} HT de factures en retard encaissées plus tôt × {rate(inputs.loss_rate)} "
            "de perte estimée.",
        ),
    )
    blocks = [
        Block(
            "Hypothèses",
            (
                f"Créances clients aujourd'hui : {_euros(result.receivables_ttc)} TTC, soit {inputs.current_dso} "
                f"jours de ventes, dont {rate(inputs.overdue_share)} en retard ({_euros(result.overdue_ht)} HT).",
                "La baisse du DSO vient des factures en retard payées plus tôt : les créances en retard baissent "
                "d'autant (au plus de leur total), et leur provision avec elles.",
                f"Provision actuelle sur les créances en retard : {_euros(result.provision_now)} "
                f"({_euros(result.overdue_ht)} HT × {rate(inputs.loss_rate)}).",
                "La trésorerie est libérée une fois ; les frais financiers sont économisés chaque année.",
            ),
        )
    ]
    if _is_guide_example(inputs):
        blocks.insert(0, _guide_example(inputs, result))
    return Report(
        headline=Line(
            "Trésorerie libérée",
            _euros(result.cash_freed_ttc),
            f"{_euros(result.revenue_ttc)} TTC ÷ {DAYS_IN_YEAR} = {_euros(result.daily_ttc)} de ventes par jour, "
            f"× {result.days_cut} jours de délai en moins (DSO de {inputs.current_dso} à {inputs.target_dso} jours).",
        ),
        lines=lines,
        blocks=tuple(blocks),
        chart=chart(inputs, result),
    )


def evaluate(values: Mapping[str, str]) -> Report:
    inputs = read(values)
    return report(inputs, compute(inputs))


def helper_text(result: HelperResult) -> str:
    return (
        f"DSO ≈ {result.whole_days} jours : {money(result.receivables)} ÷ {money(result.revenue)} × "
        f"{result.days} jours = {figure(result.dso, up_to=1)}."
    )
