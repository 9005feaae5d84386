"""Marge perdue: the extra sales needed for their margin to make up for an invoice that is never paid."""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from functools import partial
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from guide_app.core.content import figures
from guide_app.core.format import figure, money, number, rate
from guide_app.core.forms import MAX_CHARS, Form
from guide_app.core.forms import Field as FormField
from guide_app.core.parse import parse_amount, parse_choice, parse_percent
from guide_app.simulators.report import Block, Line, Report

Base = Literal["ht", "ttc"]
BASES: tuple[Base, ...] = ("ht", "ttc")
MAX_VAT = Decimal(20)  # the French standard rate is the highest one
GUIDE_UNPAID, GUIDE_MARGIN = Decimal(10_000), Decimal("0.15")  # content/figures.yaml: margin_example

FIELDS = (
    FormField("montant", "10000"),
    FormField("base", "ht", numeric=False),
    FormField("tva", "20"),
    FormField("marge", "15"),
    FormField("facture"),
)


class MarginInputs(BaseModel):
    model_config = ConfigDict(frozen=True)

    unpaid: Decimal = Field(gt=0)
    base: Base = "ht"
    vat_rate: Decimal = Field(ge=0, lt=1)
    margin_rate: Decimal = Field(gt=0, le=1)
    average_invoice: Decimal | None = Field(default=None, gt=0)


class MarginResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    unpaid_ht: Decimal
    sales_needed: Decimal  # HT
    average_invoice_ht: Decimal | None
    invoices_needed: Decimal | None  # exact ratio; the page rounds it up


def to_ht(amount: Decimal, vat_rate: Decimal) -> Decimal:
    return amount / (1 + vat_rate)


def to_ttc(amount: Decimal, vat_rate: Decimal) -> Decimal:
    return amount * (1 + vat_rate)


def sales_needed(unpaid_ht: Decimal, margin_rate: Decimal) -> Decimal:
    """The sales whose net margin equals the lost amount: 10 000 € at 15 % → 66 666,67 €."""
    return unpaid_ht / margin_rate


def compute(inputs: MarginInputs) -> MarginResult:
    def ht(amount: Decimal) -> Decimal:
        return amount if inputs.base == "ht" else to_ht(amount, inputs.vat_rate)

    unpaid_ht = ht(inputs.unpaid)
    needed = sales_needed(unpaid_ht, inputs.margin_rate)
    average_ht = ht(inputs.average_invoice) if inputs.average_invoice is not None else None
    return MarginResult(
        unpaid_ht=unpaid_ht,
        sales_needed=needed,
        average_invoice_ht=average_ht,
        invoices_needed=needed / average_ht if average_ht is not None else None,
    )


def read(values: Mapping[str, str]) -> MarginInputs:
    form = Form(values, max_chars=MAX_CHARS)
    unpaid = form.read("montant", partial(parse_amount, field="Le montant impayé"), Decimal(1))
    base = form.read("base", partial(parse_choice, field="La base HT ou TTC", choices=BASES), "ht")
    vat = Decimal(0)
    if base == "ttc":  # the VAT rate matters only to convert a TTC amount
        vat = form.read("tva", partial(parse_percent, field="Le taux de TVA", maximum=MAX_VAT), vat)
    margin = form.read("marge", partial(parse_percent, field="La marge nette", allow_zero=False), Decimal(1))
    average = form.optional("facture", partial(parse_amount, field="Le montant moyen d'une facture"))
    form.check()
    return MarginInputs(
        unpaid=unpaid, base="ttc" if base == "ttc" else "ht", vat_rate=vat, margin_rate=margin, average_invoice=average
    )


def report(inputs: MarginInputs, result: MarginResult) -> Report:
    margin = rate(inputs.margin_rate)
    lines: list[Line] = []
    if inputs.base == "ttc":
        lines.append(
            Line(
                "Montant impayé hors taxes",
                money(result.unpaid_ht),
                f"{money(inputs.unpaid)} TTC ÷ {figure(1 + inputs.vat_rate, up_to=3)} (TVA à {rate(inputs.vat_rate)})",
            )
        )
    if result.invoices_needed is not None and result.average_invoice_ht is not None:
        whole = math.ceil(result.invoices_needed)
        lines.append(
            Line(
                "Soit en factures moyennes",
                f"{number(whole)} facture{'s' if whole > 1 else ''}",
                f"{money(result.sales_needed)} ÷ {money(result.average_invoice_ht)} HT par facture = "
                f"{figure(result.invoices_needed, up_to=1)} : il faut en émettre {number(whole)} de plus.",
            )
        )
    blocks = [
        Block(
            "Pourquoi hors taxes ?",
            (
                "La TVA d'une facture définitivement impayée peut être récupérée auprès des impôts : "
                "ce que l'entreprise perd, c'est le montant hors taxes.",
            ),
        )
    ]
    if inputs.base == "ht" and inputs.unpaid == GUIDE_UNPAID and inputs.margin_rate == GUIDE_MARGIN:
        example = figures()["margin_example"]
        blocks.append(
            Block(
                "L'exemple du guide",
                (
                    f"{example.value} {example.label}.",
                    *([example.note] if example.note else []),
                    f"Source : {example.source} ({example.dated}).",
                ),
            )
        )
    return Report(
        headline=Line(
            "Ventes supplémentaires nécessaires (HT)",
            money(result.sales_needed),
            f"{money(result.unpaid_ht)} HT perdus ÷ {margin} de marge nette = {money(result.sales_needed)} : "
            "le chiffre d'affaires dont la marge rembourse la facture impayée.",
        ),
        lines=tuple(lines),
        blocks=tuple(blocks),
    )


def evaluate(values: Mapping[str, str]) -> Report:
    """The page's whole job, pure: raises FormErrors when a field is wrong."""
    inputs = read(values)
    return report(inputs, compute(inputs))
