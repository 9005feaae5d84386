"""Coût du recouvrement: what chasing late payers costs a year in-house, outsourced on a pay-on-result basis, or
with reminder software that automates most actions — side by side."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import cache, partial
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from guide_app.core.content import CONTENT_DIR, figures
from guide_app.core.format import figure, money, rate
from guide_app.core.forms import MAX_CHARS, Form
from guide_app.core.forms import Field as FormField
from guide_app.core.parse import parse_amount, parse_number, parse_percent, parse_whole
from guide_app.simulators.charts import comparison_figure
from guide_app.simulators.report import Block, Line, Report

WEEKS_PER_YEAR = 52
MAX_HOURS_PER_WEEK = Decimal(400)
MAX_INVOICES = 1_000_000

FIELDS = (
    FormField("heures", "10"),
    FormField("salaire", "36000"),
    FormField("horaire"),
    FormField("factures", "20"),
    FormField("montant", "50000"),
    FormField("recouvrement", "80"),
    FormField("commission", "10"),
    FormField("abonnement", "100"),
)


class Assumption(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: Decimal = Field(gt=0)
    source: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Assumptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    employer_cost_factor: Assumption
    annual_hours: Assumption
    followup_hours_per_case: Assumption


@cache
def assumptions() -> Assumptions:
    raw = yaml.safe_load((CONTENT_DIR / "assumptions.yaml").read_text(encoding="utf-8"))
    return Assumptions.model_validate(raw)


@cache
def automation_share() -> Decimal:
    """The share of collection actions software automates (figures.yaml, automation_share: "80 %")."""
    return parse_percent(figures()["automation_share"].value)


class CostInputs(BaseModel):
    model_config = ConfigDict(frozen=True)

    hours_per_week: Decimal = Field(gt=0)
    gross_salary: Decimal | None = Field(default=None, gt=0)  # a year
    hourly_cost: Decimal | None = Field(default=None, gt=0)  # loaded; wins over the salary when given
    invoices: int = Field(ge=1)  # unpaid invoices a year
    unpaid_amount: Decimal = Field(gt=0)  # their total
    recovery_rate: Decimal = Field(gt=0, le=1)
    success_fee: Decimal = Field(ge=0, le=1)
    subscription_month: Decimal = Field(ge=0)


class CostResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    hourly_cost: Decimal
    internal: Decimal
    recovered: Decimal
    outsourced_fee: Decimal
    outsourced_time: Decimal
    outsourced: Decimal
    software_time: Decimal
    software_subscription: Decimal
    software: Decimal


def loaded_hourly_cost(gross_salary: Decimal, table: Assumptions) -> Decimal:
    return gross_salary * table.employer_cost_factor.value / table.annual_hours.value


def compute(inputs: CostInputs, table: Assumptions, automated: Decimal) -> CostResult:
    if inputs.hourly_cost is not None:
        hourly = inputs.hourly_cost
    else:
        hourly = loaded_hourly_cost(inputs.gross_salary or Decimal(0), table)
    internal = inputs.hours_per_week * hourly * WEEKS_PER_YEAR
    recovered = inputs.unpaid_amount * inputs.recovery_rate
    fee = inputs.success_fee * recovered  # paid on result only
    followup = inputs.invoices * table.followup_hours_per_case.value * hourly
    software_time = internal * (1 - automated)
    subscription = inputs.subscription_month * 12
    return CostResult(
        hourly_cost=hourly,
        internal=internal,
        recovered=recovered,
        outsourced_fee=fee,
        outsourced_time=followup,
        outsourced=fee + followup,
        software_time=software_time,
        software_subscription=subscription,
        software=software_time + subscription,
    )


def read(values: Mapping[str, str]) -> CostInputs:
    form = Form(values, max_chars=MAX_CHARS)
    hours = form.read(
        "heures",
        partial(parse_number, field="Le temps passé", maximum=MAX_HOURS_PER_WEEK, unit="h"),
        Decimal(1),
    )
    salary = form.optional("salaire", partial(parse_amount, field="Le salaire brut annuel"))
    hourly = form.optional("horaire", partial(parse_amount, field="Le coût horaire chargé"))
    if salary is None and hourly is None and form.ok("salaire", "horaire"):
        form.refuse("salaire", "Indiquez le salaire brut annuel, ou le coût horaire chargé.")
    invoices = form.read(
        "factures", partial(parse_whole, field="Le nombre de factures", minimum=1, maximum=MAX_INVOICES), 1
    )
    amount = form.read("montant", partial(parse_amount, field="Le montant des impayés"), Decimal(1))
    recovery = form.read(
        "recouvrement", partial(parse_percent, field="Le taux de recouvrement", allow_zero=False), Decimal(1)
    )
    fee = form.read("commission", partial(parse_percent, field="La commission"), Decimal(0))
    subscription = form.read("abonnement", partial(parse_amount, field="L'abonnement", allow_zero=True), Decimal(0))
    form.check()
    return CostInputs(
        hours_per_week=hours,
        gross_salary=salary,
        hourly_cost=hourly,
        invoices=invoices,
        unpaid_amount=amount,
        recovery_rate=recovery,
        success_fee=fee,
        subscription_month=subscription,
    )


def _euros(amount: Decimal) -> str:
    return money(amount, cents=False)


def report(inputs: CostInputs, result: CostResult, table: Assumptions, automated: Decimal) -> Report:
    hours = figure(inputs.hours_per_week, up_to=1)
    followup = figure(table.followup_hours_per_case.value, up_to=2)
    options = [
        ("En interne", result.internal),
        ("Externalisé", result.outsourced),
        ("Logiciel", result.software),
    ]
    name, cheapest = min(options, key=lambda option: option[1])
    if inputs.hourly_cost is not None:
        hourly_detail = "le coût horaire que vous avez saisi (il remplace le calcul depuis le salaire)."
    else:
        hourly_detail = (
            f"{money(inputs.gross_salary or Decimal(0))} brut × {figure(table.employer_cost_factor.value)} de "
            f"charges ÷ {figure(table.annual_hours.value)} h travaillées par an."
        )
    lines = (
        Line("Coût horaire chargé retenu", money(result.hourly_cost), hourly_detail),
        Line(
            "En interne",
            f"{_euros(result.internal)} par an",
            f"{hours} h par semaine × {money(result.hourly_cost)} × {WEEKS_PER_YEAR} semaines.",
        ),
        Line(
            "Externalisé, payé au résultat",
            f"{_euros(result.outsourced)} par an",
            f"{rate(inputs.success_fee)} de commission × {_euros(result.recovered)} recouvrés "
            f"({rate(inputs.recovery_rate)} de {_euros(inputs.unpaid_amount)}) = {_euros(result.outsourced_fee)}, "
            f"+ {figure(inputs.invoices)} dossiers × {followup} h de suivi interne = {_euros(result.outsourced_time)}.",
        ),
        Line(
            "Logiciel de relance",
            f"{_euros(result.software)} par an",
            f"{_euros(result.internal)} × {rate(1 - automated)} du temps qui reste manuel = "
            f"{_euros(result.software_time)}, + {money(inputs.subscription_month, cents=False)} d'abonnement × 12 "
            f"= {_euros(result.software_subscription)}.",
        ),
    )
    automation = figures()["automation_share"]
    blocks = (
        Block(
            "Hypothèses",
            (
                f"Coût employeur ≈ salaire brut × {figure(table.employer_cost_factor.value)} : "
                f"{table.employer_cost_factor.source}.",
                f"{figure(table.annual_hours.value)} h travaillées par an : {table.annual_hours.source}.",
                f"{followup} h de suivi par dossier confié : {table.followup_hours_per_case.source}.",
                f"Logiciel : {automation.value} {automation.label} ({automation.source}, {automation.dated}). "
                f"L'abonnement de {money(inputs.subscription_month, cents=False)} par mois est à remplacer par le "
                "tarif de votre outil.",
                "Externalisation : le prestataire relance à votre place ; la commission ne porte que sur les "
                "sommes recouvrées, et le suivi des dossiers reste à votre charge.",
            ),
        ),
    )
    others = [value for label, value in options if label != name]
    return Report(
        headline=Line(
            f"Option la moins chère : {name.lower()}",
            f"{_euros(cheapest)} par an",
            f"soit {_euros(min(others) - cheapest)} de moins que l'option suivante, "
            f"et {_euros(max(others) - cheapest)} de moins que la plus chère.",
        ),
        lines=lines,
        blocks=blocks,
        chart=comparison_figure(options),
    )


def evaluate(values: Mapping[str, str]) -> Report:
    table, automated = assumptions(), automation_share()
    inputs = read(values)
    return report(inputs, compute(inputs, table, automated), table, automated)
