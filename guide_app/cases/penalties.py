"""Pénalités de retard: what a late-paying professional client owes on one invoice (Code de commerce L441-10,
D441-5): interest per half-year crossed at that half-year's rate, and the fixed 40 € indemnity."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from guide_app.cases.ledger import late_periods, simple_interest
from guide_app.cases.rates import LegalTerms, Rates, Semester, semester_start
from guide_app.core.format import day
from guide_app.core.forms import MAX_CHARS, Form
from guide_app.core.forms import Field as FormField
from guide_app.core.parse import parse_amount, parse_date, parse_percent

MAX_DAYS_LATE = 3653  # ten years: beyond, the dates are a typo (and the debt long time-barred)
Basis = Literal["legal", "agreed", "floor"]


def fields(today: date) -> tuple[FormField, ...]:
    return (
        FormField("montant", "1200"),
        FormField("echeance", (today - timedelta(days=60)).isoformat(), numeric=False),
        FormField("paiement", today.isoformat(), numeric=False),
        FormField("taux"),
        FormField("facture", numeric=False),
    )


class PenaltyInputs(BaseModel):
    model_config = ConfigDict(frozen=True)

    amount: Decimal = Field(gt=0)  # TTC
    due: date
    paid: date
    agreed_rate: Decimal | None = Field(default=None, ge=0)
    invoice_date: date | None = None


class Segment(BaseModel):
    """The late days that fall in one half-year, and the interest they bear."""

    model_config = ConfigDict(frozen=True)

    first: date
    last: date
    days: int
    semester: Semester
    confirmed: bool
    basis: Basis
    rate: Decimal  # ratio applied
    floor: Decimal  # 3 × taux légal, ratio
    interest: Decimal


class PenaltyResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    days_late: int
    segments: tuple[Segment, ...]
    interest: Decimal
    indemnity: Decimal
    total: Decimal
    latest_legal_due: date | None  # when the invoice date is known
    terms_exceeded: bool
    agreed_below_floor: bool


def end_of_month(value: date) -> date:
    return value.replace(day=calendar.monthrange(value.year, value.month)[1])


def latest_legal_due(invoice_date: date, terms: LegalTerms) -> date:
    """The latest due date the law allows: 60 days after the invoice, or 45 days end of month (either reading)."""
    return max(
        invoice_date + timedelta(days=terms.max_days),
        end_of_month(invoice_date + timedelta(days=terms.max_days_end_of_month)),
        end_of_month(invoice_date) + timedelta(days=terms.max_days_end_of_month),
    )


def _applied(agreed: Decimal | None, semester: Semester, floor: Decimal) -> tuple[Basis, Decimal]:
    if agreed is None:
        return "legal", semester.penalty_ratio
    if agreed >= floor:
        return "agreed", agreed
    return "floor", floor  # a contract may not set less than the legal minimum: we count the minimum


def compute(inputs: PenaltyInputs, table: Rates, terms: LegalTerms) -> PenaltyResult:
    segments = []
    for first, last in late_periods(inputs.due, inputs.paid):
        semester, confirmed = table.for_semester(semester_start(first))
        floor = table.floor(semester)
        basis, applied = _applied(inputs.agreed_rate, semester, floor)
        days = (last - first).days + 1
        segments.append(
            Segment(
                first=first,
                last=last,
                days=days,
                semester=semester,
                confirmed=confirmed,
                basis=basis,
                rate=applied,
                floor=floor,
                interest=simple_interest(inputs.amount, applied, days),
            )
        )
    days_late = max(0, (inputs.paid - inputs.due).days)
    interest = sum((segment.interest for segment in segments), Decimal(0))
    indemnity = terms.indemnity if days_late > 0 else Decimal(0)
    latest = latest_legal_due(inputs.invoice_date, terms) if inputs.invoice_date else None
    return PenaltyResult(
        days_late=days_late,
        segments=tuple(segments),
        interest=interest,
        indemnity=indemnity,
        total=inputs.amount + interest + indemnity,
        latest_legal_due=latest,
        terms_exceeded=latest is not None and inputs.due > latest,
        agreed_below_floor=any(segment.basis == "floor" for segment in segments),
    )


def read(values: Mapping[str, str], table: Rates) -> PenaltyInputs:
    form = Form(values, max_chars=MAX_CHARS)
    amount = form.read("montant", partial(parse_amount, field="Le montant TTC"), Decimal(1))
    due = form.read("echeance", partial(parse_date, field="L'échéance"), date.min)
    paid = form.read("paiement", partial(parse_date, field="La date de paiement"), date.min)
    agreed = form.optional("taux", partial(parse_percent, field="Le taux convenu"))
    invoiced = form.optional("facture", partial(parse_date, field="La date de facture"))
    if form.ok("echeance", "paiement"):
        if paid < due:
            form.refuse("paiement", "La date de paiement précède l'échéance : il n'y a pas de retard à calculer.")
        elif (paid - due).days > MAX_DAYS_LATE:
            form.refuse("paiement", "Plus de 10 ans de retard : vérifiez les dates.")
        elif paid > due and due + timedelta(days=1) < table.first_start:
            form.refuse(
                "echeance",
                f"Les taux sont renseignés à partir du {day(table.first_start)} : choisissez une échéance "
                f"à partir du {day(table.first_start - timedelta(days=1))}.",
            )
    if invoiced is not None and form.ok("echeance") and invoiced > due:
        form.refuse("facture", "La date de facture doit précéder l'échéance.")
    form.check()
    return PenaltyInputs(amount=amount, due=due, paid=paid, agreed_rate=agreed, invoice_date=invoiced)
