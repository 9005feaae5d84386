"""« Ma créance est-elle prescrite ? »: the last day to act on one invoice, the acknowledgments that restarted the
period and those that came too late, and what it means (cases.limitation for the rules and their articles).

Its link is public (users share it): /simulateurs/prescription?echeance=AAAA-MM-JJ&debiteur=professionnel|
particulier|public&reconnaissance=AAAA-MM-JJ,AAAA-MM-JJ…"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import partial

from guide_app.cases.ledger import DEBTOR_KINDS
from guide_app.cases.limitation import LIMITATION_FIGURES, TO_CONFIRM, add_years, limitation, limitation_years, restarts
from guide_app.core import clock
from guide_app.core.content import figures
from guide_app.core.format import day
from guide_app.core.forms import Field, Form
from guide_app.core.parse import InputError, parse_choice, parse_date
from guide_app.simulators.report import Block, Line, Report

MAX_ACKNOWLEDGMENTS = 24


def fields(today: date) -> tuple[Field, ...]:
    """The example a visitor lands on: an invoice due three years ago, owed by a professional."""
    return (
        Field("echeance", add_years(today, -3).isoformat(), numeric=False),
        Field("debiteur", "professionnel", numeric=False),
        Field("reconnaissance", numeric=False, max_chars=400),
    )


def parse_dates(raw: object) -> tuple[date, ...]:
    """ "2026-01-15,2026-03-01" → the dates, oldest first; "" → none."""
    text = raw.strip() if isinstance(raw, str) else ""
    items = [item.strip() for item in text.split(",") if item.strip()]
    if len(items) > MAX_ACKNOWLEDGMENTS:
        raise InputError(f"Au plus {MAX_ACKNOWLEDGMENTS} dates.")
    return tuple(sorted(parse_date(item, field="Une date de reconnaissance") for item in items))


def _kind(raw: object) -> str:
    return parse_choice(raw or "professionnel", field="Le type de client", choices=tuple(DEBTOR_KINDS))


def evaluate(values: Mapping[str, str]) -> Report:
    today = clock.today()
    form = Form(values, max_chars=400)
    due = form.read("echeance", partial(parse_date, field="L'échéance"), date.min)
    kind = form.read("debiteur", _kind, "professionnel")
    acknowledged = form.field("reconnaissance", parse_dates) or ()
    if form.ok("echeance") and due > today:
        form.refuse("echeance", "Cette facture n'est pas encore échue : la prescription n'a pas commencé.")
    if form.ok("echeance", "reconnaissance") and any(not due < day_ <= today for day_ in acknowledged):
        form.refuse("reconnaissance", "Une reconnaissance de dette se situe entre l'échéance et aujourd'hui.")
    form.check()

    years = limitation_years(kind)
    start, effects = restarts(due, acknowledged, kind=kind)
    counted = [day_ for day_, restarted in zip(acknowledged, effects, strict=True) if restarted]
    by = f"reconnaissance du {day(counted[-1])}" if counted else ""
    lines = [
        Line(f"Reconnaissance du {day(day_)}", "fait repartir le délai", "Code civil, art. 2240")
        if restarted
        else Line(
            f"Reconnaissance du {day(day_)}",
            "sans effet sur le délai",
            "La prescription était déjà acquise : un paiement fait après vaut renonciation à s'en prévaloir "
            "(Code civil, art. 2250), il ne fait pas courir un nouveau délai.",
        )
        for day_, restarted in zip(acknowledged, effects, strict=True)
    ]
    ends_on = add_years(start, years)
    sentence, urgent = limitation(ends_on, today, acknowledged=by, kind=kind)
    rule = figures()[LIMITATION_FIGURES[kind]]
    warnings = []
    if urgent and today <= ends_on:
        warnings.append(
            "Moins de trois mois avant la prescription : obtenez une reconnaissance écrite de la dette ou engagez "
            "une action en justice (une demande en justice interrompt aussi le délai, Code civil, art. 2241)."
        )
    if kind in TO_CONFIRM:
        warnings.append(f"Règle à confirmer pour un acheteur public : {rule.value} {rule.label} ({rule.source}).")
    return Report(
        headline=Line("Prescription" + (" probablement acquise" if today > ends_on else ""), day(ends_on), sentence),
        lines=(
            Line("Échéance", day(due), "Point de départ : le jour où la facture devait être payée."),
            Line("Délai", f"{years} ans", f"{rule.value} {rule.label} ({rule.source})."),
            *lines,
        ),
        blocks=(
            Block(
                "Ce qui fait repartir le délai",
                (
                    "Un paiement partiel, un échéancier demandé ou accepté, une promesse écrite de payer : toute "
                    "reconnaissance de la dette par le client fait courir un nouveau délai de même durée "
                    "(Code civil, art. 2240 et 2231).",
                    "Une demande en justice, y compris une requête en injonction de payer, l'interrompt aussi "
                    "(Code civil, art. 2241). Une relance ou une mise en demeure ne l'interrompt pas.",
                    "Une fois le délai passé, le juge ne relève pas la prescription de lui-même : le client doit "
                    "l'invoquer (Code civil, art. 2247).",
                ),
            ),
        ),
        warnings=tuple(warnings),
    )
