"""What the penalty simulator says: the days late, one line per half-year with its rate and formula, the 40 €
indemnity, the rates applied with their sources, and the legal warnings."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal

from guide_app.cases.ledger import DAYS_IN_YEAR
from guide_app.cases.penalties import PenaltyInputs, PenaltyResult, Segment, compute, read
from guide_app.cases.rates import Rates, legal_terms, rates, semester_name, semester_start
from guide_app.core.content import figures
from guide_app.core.format import day, money, number, rate
from guide_app.simulators.report import Block, Line, Report


def _plural(count: int, word: str) -> str:
    return f"{number(count)} {word}{'s' if count > 1 else ''}"


def _segment_line(amount: Decimal, segment: Segment) -> Line:
    name = semester_name(segment.semester.start if segment.confirmed else semester_start(segment.first))
    return Line(
        f"{name}{'' if segment.confirmed else ' (taux à confirmer)'} : {_plural(segment.days, 'jour')} à "
        f"{rate(segment.rate)}",
        money(segment.interest),
        f"{money(amount)} × {rate(segment.rate)} × {segment.days} ÷ {DAYS_IN_YEAR}, "
        f"du {day(segment.first)} au {day(segment.last)}",
    )


def _rate_explained(segment: Segment, table: Rates) -> str:
    semester = segment.semester
    legal = f"{number(table.floor_multiple)} × taux d'intérêt légal de {rate(semester.legal_ratio)}"
    if segment.basis == "agreed":
        body = (
            f"votre taux convenu de {rate(segment.rate)}, au moins égal au minimum légal de {rate(segment.floor)} "
            f"({legal}). Source : {semester.legal_source}."
        )
    elif segment.basis == "floor":
        body = f"minimum légal de {rate(segment.floor)} ({legal}). Source : {semester.legal_source}."
    else:
        body = (
            f"{rate(semester.penalty_ratio)} = taux de la BCE de {rate(semester.ecb_rate / 100)} "
            f"+ {number(table.penalty_points)} points. Source : {semester.ecb_source}."
        )
    name = semester_name(semester_start(segment.first))
    if segment.confirmed:
        return f"{name} : {body}"
    return (
        f"{name}, taux à confirmer : pas encore renseigné, le calcul reprend le {semester_name(semester.start)}, {body}"
    )


def report(inputs: PenaltyInputs, result: PenaltyResult, table: Rates) -> Report:
    indemnity = figures()["legal_indemnity"]
    lines = [
        Line(
            "Retard",
            _plural(result.days_late, "jour"),
            f"du {day(inputs.due + timedelta(days=1))}, lendemain de l'échéance, au {day(inputs.paid)}, "
            "jour du paiement"
            if result.days_late
            else "Facture payée à l'échéance : ni pénalités ni indemnité.",
        ),
        *(_segment_line(inputs.amount, segment) for segment in result.segments),
        Line(
            "Pénalités de retard",
            money(result.interest),
            "Dues sans relance dès le lendemain de l'échéance (art. L441-10), calculées semestre par semestre.",
        ),
        Line(
            "Indemnité forfaitaire de recouvrement",
            money(result.indemnity),
            f"{indemnity.value} {indemnity.label} ({indemnity.source}).",
        ),
    ]
    warnings = []
    if result.agreed_below_floor and inputs.agreed_rate is not None:
        floor = max(segment.floor for segment in result.segments)
        warnings.append(
            f"Votre taux convenu de {rate(inputs.agreed_rate)} est inférieur au minimum légal "
            f"({number(table.floor_multiple)} fois le taux d'intérêt légal, soit {rate(floor)}). Un contrat ne "
            "peut pas descendre sous ce minimum : le calcul retient donc le minimum légal. "
            "Faites corriger vos conditions générales."
        )
    if result.terms_exceeded and inputs.invoice_date and result.latest_legal_due:
        terms = legal_terms()
        fine = figures()["dgccrf_fine"]
        warnings.append(
            f"Délai de paiement de {_plural((inputs.due - inputs.invoice_date).days, 'jour')} entre la facture "
            f"({day(inputs.invoice_date)}) et l'échéance ({day(inputs.due)}) : il dépasse le maximum légal de "
            f"{terms.max_days} jours après la facture ou {terms.max_days_end_of_month} jours fin de mois, soit au "
            f"plus tard le {day(result.latest_legal_due)} (art. L441-10). Amende possible : {fine.value}, "
            f"{fine.source}."
        )
    if any(not segment.confirmed for segment in result.segments):
        warnings.append(
            f"Taux à confirmer : les taux officiels ne sont renseignés que jusqu'au "
            f"{semester_name(table.last_start)} ; les jours de retard suivants sont comptés au dernier taux connu."
        )
    basis = "au taux convenu" if inputs.agreed_rate is not None else "au taux légal par défaut"
    return Report(
        headline=Line(
            "Total dû par votre client",
            money(result.total),
            f"{money(inputs.amount)} de facture TTC + {money(result.interest)} de pénalités {basis} + "
            f"{money(result.indemnity)} d'indemnité forfaitaire.",
        ),
        lines=tuple(lines),
        blocks=(
            (Block("Taux appliqués", tuple(_rate_explained(segment, table) for segment in result.segments)),)
            if result.segments
            else ()
        ),
        warnings=tuple(warnings),
    )


def evaluate(values: Mapping[str, str]) -> Report:
    table = rates()
    inputs = read(values, table)
    return report(inputs, compute(inputs, table, legal_terms()), table)
