"""What a debtor owes on a given day: the invoices TTC, minus what was paid, plus the late-payment penalties
(L441-10) and the fixed 40 € indemnity per late invoice (D441-5).

Payments settle the oldest invoice first (due date, then number); a part of an invoice bears interest from
the day after its due date until the day it was paid, or until the statement's day while it is unpaid.
What is paid beyond the invoices goes to the penalties and the indemnity; beyond that, nothing is due.
Without payments the figures are those of `accrual.penalties_on` and `accrual.late_invoices`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from guide_app.cases.invoice import InvoiceSpec
from guide_app.cases.penalties import PenaltyInputs, compute
from guide_app.cases.rates import legal_indemnity_per_invoice, legal_terms, rates

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Statement:
    on: date
    total_ttc: Decimal
    paid: Decimal  # every payment received
    penalties: Decimal  # rounded to the cent
    late_invoices: int
    indemnity: Decimal

    @property
    def principal_left(self) -> Decimal:
        return max(Decimal(0), self.total_ttc - self.paid)

    @property
    def due(self) -> Decimal:
        return max(Decimal(0), self.total_ttc + self.penalties + self.indemnity - self.paid)


def _interest(amount: Decimal, due: date, until: date) -> Decimal:
    if amount <= 0 or until <= due:
        return Decimal(0)
    return compute(PenaltyInputs(amount=amount, due=due, paid=until), rates(), legal_terms()).interest


def statement(invoices: Sequence[InvoiceSpec], payments: Sequence[tuple[date, Decimal]], on: date) -> Statement:
    """`payments` are (paid on, amount) pairs; a payment dated after `on` counts as paid on `on`."""
    pool = [(min(paid_on, on), amount) for paid_on, amount in sorted(payments) if amount > 0]
    total = sum((invoice.amount_ttc for invoice in invoices), Decimal(0))
    paid = sum((amount for _, amount in pool), Decimal(0))
    interest = Decimal(0)
    late = 0
    for invoice in sorted(invoices, key=lambda i: (i.due_date, i.number)):
        left = invoice.amount_ttc
        was_late = False
        while left > 0 and pool:
            paid_on, available = pool[0]
            taken = min(available, left)
            interest += _interest(taken, invoice.due_date, paid_on)
            was_late = was_late or paid_on > invoice.due_date
            left -= taken
            if available > taken:
                pool[0] = (paid_on, available - taken)
            else:
                pool.pop(0)
        if left > 0:
            interest += _interest(left, invoice.due_date, on)
            was_late = was_late or on > invoice.due_date
        late += was_late
    return Statement(
        on=on,
        total_ttc=total,
        paid=paid,
        penalties=interest.quantize(CENT),
        late_invoices=late,
        indemnity=legal_indemnity_per_invoice() * late,
    )
