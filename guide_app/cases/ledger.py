"""What is still owed, per invoice and per age bucket, and how reliably a client pays. Pure functions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class OpenItem:
    number: str
    due_date: date
    amount_ttc: Decimal


@dataclass(frozen=True)
class Remaining:
    number: str
    due_date: date
    amount_ttc: Decimal
    remaining: Decimal


def allocate(items: Sequence[OpenItem], paid: Decimal) -> list[Remaining]:
    """Payments settle the oldest due invoices first (the usual rule, Code civil 1342-10); any excess is ignored."""
    left = max(paid, Decimal(0))
    result = []
    for item in sorted(items, key=lambda i: (i.due_date, i.number)):
        settled = min(left, item.amount_ttc)
        left -= settled
        result.append(Remaining(item.number, item.due_date, item.amount_ttc, item.amount_ttc - settled))
    return result


BUCKETS = ("Non échu", "1 à 30 jours", "31 à 60 jours", "61 à 90 jours", "Plus de 90 jours")


def bucket_of(due_date: date, today: date) -> int:
    late = (today - due_date).days
    if late <= 0:
        return 0
    return 1 if late <= 30 else 2 if late <= 60 else 3 if late <= 90 else 4


def aged_balance(remaining: Sequence[Remaining], today: date) -> list[Decimal]:
    """Amounts still due, by age past the due date (the five BUCKETS)."""
    totals = [Decimal(0)] * len(BUCKETS)
    for item in remaining:
        totals[bucket_of(item.due_date, today)] += item.remaining
    return totals


@dataclass(frozen=True)
class Rating:
    grade: str  # A (pays on time) … E (pays very late or breaks promises); "" without history
    label: str  # French, one line
    average_days_late: int | None
    broken_promises: int


def payment_rating(days_late_of_paid_invoices: Sequence[int], broken_promises: int) -> Rating:
    """From the client's history: how late their settled invoices were, and how many promises they broke."""
    if not days_late_of_paid_invoices and not broken_promises:
        return Rating("", "Pas encore d'historique de paiement.", None, 0)
    paid = list(days_late_of_paid_invoices)
    average = round(sum(max(days, 0) for days in paid) / len(paid)) if paid else None
    score = (average or 0) + 15 * broken_promises
    grade = "A" if score <= 5 else "B" if score <= 15 else "C" if score <= 30 else "D" if score <= 60 else "E"
    if average is None:
        habit = "aucune facture réglée pour l'instant"
    elif average == 0:
        habit = "paie à l'échéance"
    else:
        habit = f"paie en moyenne {average} jours après l'échéance"
    if broken_promises:
        plural = "s" if broken_promises > 1 else ""
        habit += f", {broken_promises} promesse{plural} non tenue{plural}"
    return Rating(grade, f"Note {grade} : {habit}.", average, broken_promises)
