"""Late-payment penalties accrued on a case's invoices at a given date, with the simulator's legal rates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

from guide_app.cases.penalties import PenaltyInputs, compute
from guide_app.cases.rates import legal_terms, rates


class Owed(Protocol):
    """An invoice as far as the law's interest goes: what is left to pay on it, and since when it is due."""

    @property
    def number(self) -> str: ...
    @property
    def due_date(self) -> date: ...
    @property
    def amount_ttc(self) -> Decimal: ...


def penalties_on(invoices: Sequence[Owed], on: date) -> Decimal:
    """Interest due on `on` (L441-10, each half-year at its rate); nothing on an invoice not yet due."""
    table, terms = rates(), legal_terms()
    return sum(
        (
            compute(PenaltyInputs(amount=invoice.amount_ttc, due=invoice.due_date, paid=on), table, terms).interest
            for invoice in invoices
            if on > invoice.due_date
        ),
        Decimal(0),
    )


def late_invoices(invoices: Sequence[Owed], on: date) -> int:
    """How many invoices owe the fixed indemnity on `on`."""
    return sum(1 for invoice in invoices if on > invoice.due_date)
