"""The penalty simulator's inputs and result: what a late client owes on one invoice, as the ledger (cases.ledger)
computes it for the kind of client, a contract rate, a mise en demeure and instalments already paid.

Its link is public (users share it): /simulateurs/penalites?montant=&echeance=&paiement=&debiteur=professionnel|
particulier|public&taux_contractuel=&mise_en_demeure=&acomptes=AAAA-MM-JJ:montant,…&facture= (`taux`, the
contract rate's earlier name, is still read)."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from guide_app.cases.ledger import (
    DEBTOR_KINDS,
    Allocation,
    DebtorKind,
    Terms,
    agreed_or_floor,
    agreed_rate_error,
    ledger,
)
from guide_app.cases.rates import LegalTerms, Rates, Semester, semester_start
from guide_app.core.format import day
from guide_app.core.forms import Field as FormField
from guide_app.core.forms import Form
from guide_app.core.parse import InputError, parse_amount, parse_choice, parse_date, parse_percent

MAX_DAYS_LATE = 3653  # ten years: beyond, the dates are a typo (and the debt long time-barred)
Basis = Literal["legal", "agreed", "floor"]


MAX_INSTALMENTS = 24
INSTALMENTS_MAX_CHARS = 400
ALIASES = {"taux": "taux_contractuel"}  # earlier links' names → today's


def fields(today: date) -> tuple[FormField, ...]:
    return (
        FormField("montant", "1200"),
        FormField("echeance", (today - timedelta(days=60)).isoformat(), numeric=False),
        FormField("paiement", today.isoformat(), numeric=False),
        FormField("debiteur", "professionnel", numeric=False),
        FormField("taux_contractuel"),
        FormField("mise_en_demeure", numeric=False),
        FormField("acomptes", numeric=False, max_chars=INSTALMENTS_MAX_CHARS),
        FormField("facture", numeric=False),
    )


class PenaltyInputs(BaseModel):
    model_config = ConfigDict(frozen=True)

    amount: Decimal = Field(gt=0)  # TTC
    due: date
    paid: date
    kind: DebtorKind = "professionnel"
    agreed_rate: Decimal | None = Field(default=None, ge=0)
    formal_notice_on: date | None = None
    instalments: tuple[tuple[date, Decimal], ...] = ()  # paid before `paid`, each (day, amount)
    invoice_date: date | None = None

    @property
    def terms(self) -> Terms:
        return Terms(kind=self.kind, agreed_rate=self.agreed_rate, formal_notice_on=self.formal_notice_on)


class Segment(BaseModel):
    """The late days that fall in one half-year, and the interest they bear."""

    model_config = ConfigDict(frozen=True)

    first: date
    last: date
    days: int
    principal: Decimal  # unpaid during these days
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
    interest: Decimal  # accrued over the whole delay, not rounded
    indemnity: Decimal
    paid: Decimal  # the instalments
    allocations: tuple[Allocation, ...]
    total: Decimal  # left to pay on the payment date: the ledger's figure
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


class _Invoice(BaseModel):
    number: str = "simulation"
    due_date: date
    amount_ttc: Decimal


def compute(inputs: PenaltyInputs, table: Rates, terms: LegalTerms) -> PenaltyResult:
    """The ledger of this one invoice on the payment date, with each half-year's rate explained."""
    owed = ledger(
        [_Invoice(due_date=inputs.due, amount_ttc=inputs.amount)], inputs.instalments, inputs.paid, terms=inputs.terms
    )
    segments = []
    for period in owed.periods:
        semester, _ = table.nearest(semester_start(period.first))
        floor = table.floor(semester)
        basis: Basis = "legal"
        if inputs.kind == "professionnel" and inputs.agreed_rate is not None:
            basis = "floor" if agreed_or_floor(inputs.agreed_rate, semester, table)[1] else "agreed"
        segments.append(
            Segment(
                first=period.first,
                last=period.last,
                days=period.days,
                principal=period.principal,
                semester=semester,
                confirmed=period.confirmed,
                basis=basis,
                rate=period.rate,
                floor=floor,
                interest=period.interest,
            )
        )
    (line,) = owed.lines
    latest = latest_legal_due(inputs.invoice_date, terms) if inputs.invoice_date else None
    return PenaltyResult(
        days_late=max(0, (inputs.paid - inputs.due).days),
        segments=tuple(segments),
        interest=sum((segment.interest for segment in segments), Decimal(0)),
        indemnity=line.indemnity + sum((a.to_indemnity for a in owed.payments), Decimal(0)),
        paid=owed.paid,
        allocations=owed.payments,
        total=owed.due,
        latest_legal_due=latest,
        terms_exceeded=latest is not None and inputs.due > latest,
        agreed_below_floor=any(segment.basis == "floor" for segment in segments),
    )


def parse_instalments(raw: object) -> tuple[tuple[date, Decimal], ...]:
    """ "2026-01-15:500,2026-02-15:250.50" → ((15/01/2026, 500), (15/02/2026, 250,50))."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        return ()
    items = [item.strip() for item in text.split(",") if item.strip()]
    if len(items) > MAX_INSTALMENTS:
        raise InputError(f"Au plus {MAX_INSTALMENTS} acomptes.")
    found = []
    for item in items:
        when, colon, amount = item.partition(":")
        if not colon:
            raise InputError(
                f"Acompte « {item[:20]} » illisible : écrivez date:montant, séparés par des virgules "
                "(exemple : 2026-01-15:500,2026-02-15:250.50)."
            )
        found.append((parse_date(when.strip(), field="La date d'un acompte"), parse_amount(amount, field="Un acompte")))
    return tuple(sorted(found))


def _debtor_kind(raw: object) -> str:
    """A link made before debtor kinds existed (no `debiteur`) is about a professional."""
    return parse_choice(raw or "professionnel", field="Le type de client", choices=tuple(DEBTOR_KINDS))


def read(values: Mapping[str, str], table: Rates) -> PenaltyInputs:
    form = Form(values, max_chars=INSTALMENTS_MAX_CHARS)
    amount = form.read("montant", partial(parse_amount, field="Le montant TTC"), Decimal(1))
    due = form.read("echeance", partial(parse_date, field="L'échéance"), date.min)
    paid = form.read("paiement", partial(parse_date, field="La date de paiement"), date.min)
    kind = form.read("debiteur", _debtor_kind, "professionnel")
    agreed = form.optional("taux_contractuel", partial(parse_percent, field="Le taux contractuel"))
    notice = form.optional("mise_en_demeure", partial(parse_date, field="La date de la mise en demeure"))
    instalments = form.field("acomptes", parse_instalments) or ()
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
    started = due + timedelta(days=1)
    if agreed is not None and form.ok("debiteur", "echeance") and started >= table.first_start:
        form.refuse("taux_contractuel", agreed_rate_error(kind, agreed, started))
    if notice is not None and form.ok("echeance", "paiement") and not due <= notice <= paid:
        form.refuse("mise_en_demeure", "La mise en demeure doit dater d'entre l'échéance et le paiement.")
    if form.ok("montant", "paiement") and instalments:
        if any(day_paid > paid for day_paid, _ in instalments):
            form.refuse("acomptes", "Un acompte ne peut pas être daté après la date de paiement.")
        elif sum((value for _, value in instalments), Decimal(0)) > amount:
            form.refuse("acomptes", "Les acomptes dépassent le montant de la facture.")
    form.check()
    return PenaltyInputs(
        amount=amount,
        due=due,
        paid=paid,
        kind=kind,
        agreed_rate=agreed,
        formal_notice_on=notice,
        instalments=instalments,
        invoice_date=invoiced,
    )
