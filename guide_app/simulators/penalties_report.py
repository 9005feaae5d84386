"""What the penalty simulator says: the days late, one line per half-year with its rate and formula, the instalments
and how each was used, the fixed indemnity, the rates applied with their sources and articles, and the legal
warnings, for a professional, a consumer or a public buyer (the figures are the ledger's: cases.ledger)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from guide_app.cases.ledger import DAYS_IN_YEAR
from guide_app.cases.penalties import PenaltyInputs, PenaltyResult, Segment, compute, read
from guide_app.cases.rates import Rates, legal_terms, rates, semester_name, semester_start
from guide_app.core.content import figures
from guide_app.core.format import day, money, number, rate
from guide_app.simulators.report import Block, Line, Report


def _plural(count: int, word: str) -> str:
    return f"{number(count)} {word}{'s' if count > 1 else ''}"


def _segment_line(segment: Segment) -> Line:
    name = semester_name(semester_start(segment.first))
    return Line(
        f"{name}{'' if segment.confirmed else ' (taux à confirmer)'} : {_plural(segment.days, 'jour')} à "
        f"{rate(segment.rate)}",
        money(segment.interest),
        f"{money(segment.principal)} × {rate(segment.rate)} × {segment.days} ÷ {DAYS_IN_YEAR}, "
        f"du {day(segment.first)} au {day(segment.last)}",
    )


def _rate_explained(segment: Segment, table: Rates, inputs: PenaltyInputs) -> str:
    semester = segment.semester
    legal = f"{number(table.floor_multiple)} × taux d'intérêt légal de {rate(semester.legal_ratio)}"
    if inputs.kind == "particulier":
        body = (
            f"taux de l'intérêt légal d'un créancier professionnel ({rate(segment.rate)}), dû à compter de la mise "
            f"en demeure. Source : {semester.legal_source}."
        )
    elif inputs.kind == "public":
        began = table.nearest(semester_start(inputs.due + timedelta(days=1)))[0]
        body = (
            f"{rate(segment.rate)} = taux de la BCE de {rate(began.ecb_rate / 100)} au début du "
            f"{semester_name(began.start)}, semestre où les intérêts ont commencé à courir, + "
            f"{number(table.public_points)} points, fixe pour tout le retard. Source : {began.ecb_source}."
        )
    elif segment.basis == "agreed":
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


def _interest_detail(inputs: PenaltyInputs) -> str:
    if inputs.kind == "particulier":
        return "Dus par un particulier à compter de la mise en demeure seulement (art. 1344-1 du Code civil)."
    if inputs.kind == "public":
        return "Dus de plein droit par un acheteur public (art. L2192-13 du Code de la commande publique)."
    return "Dues sans relance dès le lendemain de l'échéance (art. L441-10), calculées semestre par semestre."


def _indemnity_line(inputs: PenaltyInputs, result: PenaltyResult) -> Line:
    if inputs.kind == "particulier":
        return Line(
            "Indemnité forfaitaire de recouvrement",
            money(0),
            "Jamais due par un particulier, et aucun frais de recouvrement ne peut lui être facturé "
            "(art. L111-8 du Code des procédures civiles d'exécution).",
        )
    indemnity = figures()["legal_indemnity"]
    source = (
        "art. L2192-13 et D2192-35 du Code de la commande publique" if inputs.kind == "public" else indemnity.source
    )
    return Line(
        "Indemnité forfaitaire de recouvrement",
        money(result.indemnity),
        f"{indemnity.value} {indemnity.label} ({source}).",
    )


def report(inputs: PenaltyInputs, result: PenaltyResult, table: Rates) -> Report:
    lines = [
        Line(
            "Retard",
            _plural(result.days_late, "jour"),
            f"du {day(inputs.due + timedelta(days=1))}, lendemain de l'échéance, au {day(inputs.paid)}, "
            "jour du paiement"
            if result.days_late
            else "Facture payée à l'échéance : ni pénalités ni indemnité.",
        ),
        *(_segment_line(segment) for segment in result.segments),
        Line(
            "Intérêts de retard" if inputs.kind != "professionnel" else "Pénalités de retard",
            money(result.interest),
            _interest_detail(inputs),
        ),
        *(
            Line(
                f"Acompte du {day(allocation.paid_on)}",
                f"− {money(allocation.amount)}",
                f"{money(allocation.to_interest)} sur les intérêts, puis {money(allocation.to_principal)} sur la "
                "facture (art. 1343-1 du Code civil : les intérêts d'abord)",
            )
            for allocation in result.allocations
        ),
        _indemnity_line(inputs, result),
    ]
    warnings = []
    if inputs.kind == "particulier" and inputs.formal_notice_on is None and result.days_late:
        warnings.append(
            "Sans mise en demeure, un particulier ne doit aucun intérêt de retard (art. 1344-1 du Code civil) : "
            "indiquez la date de la vôtre pour les calculer."
        )
    if inputs.kind == "public" and result.days_late:
        warnings.append(
            "Un acheteur public paie les intérêts moratoires et l'indemnité dans les 45 jours qui suivent le "
            "paiement de la facture (art. R2192-36 du Code de la commande publique)."
        )
    if result.agreed_below_floor and inputs.agreed_rate is not None:
        floor = max(segment.floor for segment in result.segments)
        warnings.append(
            f"Votre taux convenu de {rate(inputs.agreed_rate)} est inférieur au minimum légal "
            f"({number(table.floor_multiple)} fois le taux d'intérêt légal, soit {rate(floor)}) sur une partie du "
            "retard : le calcul retient le minimum légal pour ces jours-là."
        )
    if result.terms_exceeded and inputs.invoice_date and result.latest_legal_due:
        terms = legal_terms()
        fine = figures()["dgccrf_fine"]
        warnings.append(
            f"Délai de paiement de {_plural((inputs.due - inputs.invoice_date).days, 'jour')} entre la facture "
            f"({day(inputs.invoice_date)}) et l'échéance ({day(inputs.due)}) : il dépasse le maximum légal de "
            f"{terms.max_days} jours après la facture ou {terms.max_days_end_of_month} jours fin de mois, soit au "
            f"plus tard le {day(result.latest_legal_due)} (art. L441-10). Amende possible : {fine.value}, "
            f"{fine.source} ({fine.dated})."
        )
    if any(not segment.confirmed for segment in result.segments):
        warnings.append(
            f"Taux à confirmer : les taux officiels ne sont renseignés que du {semester_name(table.first_start)} "
            f"au {semester_name(table.last_start)} ; les autres jours de retard sont comptés au taux connu le "
            "plus proche."
        )
    basis = {
        "particulier": "au taux de l'intérêt légal",
        "public": "moratoires",
        "professionnel": "au taux convenu" if inputs.agreed_rate is not None else "au taux légal par défaut",
    }[inputs.kind]
    paid = f" − {money(result.paid)} d'acomptes" if result.paid else ""
    return Report(
        headline=Line(
            "Total dû par votre client",
            money(result.total),
            f"{money(inputs.amount)} de facture TTC + {money(result.interest)} d'intérêts {basis} + "
            f"{money(result.indemnity)} d'indemnité forfaitaire{paid}.",
        ),
        lines=tuple(lines),
        blocks=(
            (Block("Taux appliqués", tuple(_rate_explained(segment, table, inputs) for segment in result.segments)),)
            if result.segments
            else ()
        ),
        warnings=tuple(warnings),
    )


def evaluate(values: Mapping[str, str]) -> Report:
    table = rates()
    inputs = read(values, table)
    return report(inputs, compute(inputs, table, legal_terms()), table)
