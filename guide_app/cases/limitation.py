"""When a claim becomes time-barred (prescription), invoice by invoice. Pure functions.

Between traders the creditor has 5 years (C. com. L110-4, counted under C. civ. 2224) from each invoice's due date.
Every acknowledgment of the debt by the debtor (C. civ. 2240: a payment, a payment plan accepted, a promise to pay)
interrupts it, and a new period of the same length starts on that day (C. civ. 2231); a partial acknowledgment
interrupts it for the whole debt. Reminders and the mise en demeure do not. Once it has run, the judge does not
raise it himself: the debtor must plead it (C. civ. 2247)."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from guide_app.cases.ledger import Owed
from guide_app.core.content import figures


def add_years(start: date, years: int) -> date:
    """29 February + 1 year → 28 February."""
    year = start.year + years
    return date(year, start.month, min(start.day, calendar.monthrange(year, start.month)[1]))


def limitation_years() -> int:
    return int(figures()["limitation"].value.split()[0])  # "5 ans"


@dataclass(frozen=True)
class Limitation:
    invoice: str
    runs_from: date  # the due date, or the last acknowledgment that restarted it
    ends_on: date  # the last day to act
    acknowledged: str  # the acknowledgment that restarted it, in French ("" when none did)


def limitations(invoices: Sequence[Owed], acknowledgments: Sequence[tuple[date, str]]) -> list[Limitation]:
    """`acknowledgments`: (day, what) of the debtor's acknowledgments of the debt, e.g. (a day, "paiement partiel").
    One made after a period has run does not revive it (that is a waiver, C. civ. 2250, not an interruption)."""
    years = limitation_years()
    result = []
    for invoice in sorted(invoices, key=lambda i: (i.due_date, i.number)):
        runs_from, by = invoice.due_date, ""
        for day, what in sorted(acknowledgments):
            if runs_from < day <= add_years(runs_from, years):
                runs_from, by = day, what
        result.append(Limitation(invoice.number, runs_from, add_years(runs_from, years), by))
    return result
