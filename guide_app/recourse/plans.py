"""Payment plans ("recouvrement modulable"): the creditor splits what is due into instalments, the debtor
accepts or proposes another schedule. Pure functions on Decimal euros and dates.

Rules every schedule obeys, whoever wrote it: 1 to MAX_INSTALMENTS instalments, each > 0 with at most two
decimals, dates strictly increasing, none in the past, none beyond MAX_HORIZON_DAYS, and amounts adding up
exactly to the amount due. Payments made after a plan is accepted settle its instalments in date order.
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from guide_app.core.format import day, money
from guide_app.core.parse import InputError, parse_amount, parse_date

CENT = Decimal("0.01")
MAX_INSTALMENTS = 12
MAX_HORIZON_DAYS = 731  # two years: beyond, a plan is a loan, not a collection tool
MISSED_AFTER_DAYS = 5  # an instalment still unpaid 5 days after its date is missed (after the J+2 reminder)
REMINDER_BEFORE_DAYS = 3  # J−3: friendly e-mail before each instalment
REMINDER_AFTER_DAYS = 2  # J+2: e-mail when an instalment is still unpaid


class Instalment(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    due_on: date
    amount: Decimal = Field(gt=0, decimal_places=2)


class PlanError(ValueError):
    """The schedule cannot be proposed; the message is French, for the person who typed it."""


def add_months(start: date, months: int) -> date:
    """Same day `months` later, on the month's last day when it is shorter (31 January + 1 → 28/29 February)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def equal_split(total: Decimal, count: int, first: date) -> list[Instalment]:
    """`count` monthly instalments from `first`; each is total / count rounded down to the cent, and the last
    one takes the cents left over, so that they add up exactly to `total`."""
    if not 1 <= count <= MAX_INSTALMENTS:
        raise PlanError(f"Le nombre d'échéances doit être compris entre 1 et {MAX_INSTALMENTS}.")
    if total <= 0 or total != total.quantize(CENT):
        raise PlanError("Le montant à échelonner doit être positif, au centime près.")
    base = (total / count).quantize(CENT, rounding=ROUND_DOWN)
    if base <= 0:
        raise PlanError("Le montant est trop faible pour autant d'échéances.")
    amounts = [base] * (count - 1) + [total - base * (count - 1)]
    return [Instalment(due_on=add_months(first, i), amount=amount) for i, amount in enumerate(amounts)]


def schedule_errors(schedule: Sequence[Instalment], *, total: Decimal, today: date) -> list[str]:
    """What makes a schedule unacceptable, in French; empty when it can be proposed."""
    errors: list[str] = []
    if not 1 <= len(schedule) <= MAX_INSTALMENTS:
        return [f"Un échéancier compte de 1 à {MAX_INSTALMENTS} échéances."]
    dates = [item.due_on for item in schedule]
    if dates[0] < today:
        errors.append("La première échéance ne peut pas être dans le passé.")
    if any(later <= earlier for earlier, later in itertools.pairwise(dates)):
        errors.append("Les dates des échéances doivent se suivre, sans doublon.")
    if dates[-1] > today + timedelta(days=MAX_HORIZON_DAYS):
        errors.append("La dernière échéance doit tomber dans les deux ans.")
    summed = sum((item.amount for item in schedule), Decimal(0))
    if summed != total:
        errors.append(f"Les échéances totalisent {money(summed)} au lieu des {money(total)} dus.")
    return errors


_LINE = re.compile(r"^\s*(\S+?)(?:\s*[;:=–]\s*|\s+)(\S.*?)\s*$")


def parse_lines(text: object) -> list[Instalment]:
    """A schedule typed one instalment per line, "15/07/2026 ; 800" (date, then amount)."""
    if not isinstance(text, str):
        raise InputError("Écrivez une échéance par ligne : date ; montant.")
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise InputError("Écrivez une échéance par ligne : date ; montant.")
    if len(lines) > MAX_INSTALMENTS:
        raise InputError(f"Un échéancier compte au plus {MAX_INSTALMENTS} échéances.")
    schedule = []
    for number, line in enumerate(lines, start=1):
        match = _LINE.match(line)
        if match is None:
            raise InputError(f"Ligne {number} : écrivez « date ; montant », par exemple 15/07/2026 ; 800.")
        when = parse_date(match.group(1), field=f"Ligne {number} : la date")
        amount = parse_amount(match.group(2), field=f"Ligne {number} : le montant")
        if amount != amount.quantize(CENT):
            raise InputError(f"Ligne {number} : le montant s'arrête au centime.")
        schedule.append(Instalment(due_on=when, amount=amount))
    return schedule


def read_rows(rows: object) -> list[Instalment]:
    """A schedule sent as [{"due_on": "2026-07-15", "amount": "800"}, …] (the debtor page's form rows)."""
    if not isinstance(rows, list | tuple) or not rows or len(rows) > MAX_INSTALMENTS:
        raise InputError(f"Un échéancier compte de 1 à {MAX_INSTALMENTS} échéances.")
    schedule = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise InputError(f"Échéance {number} illisible.")
        when = parse_date(row.get("due_on"), field=f"Échéance {number} : la date")
        amount = parse_amount(row.get("amount"), field=f"Échéance {number} : le montant")
        if amount != amount.quantize(CENT):
            raise InputError(f"Échéance {number} : le montant s'arrête au centime.")
        schedule.append(Instalment(due_on=when, amount=amount))
    return schedule


def as_lines(schedule: Sequence[Instalment]) -> str:
    """The schedule in the form parse_lines reads, to pre-fill a text area."""
    return "\n".join(f"{day(item.due_on)} ; {str(item.amount).replace('.', ',')}" for item in schedule)


# --- Following an accepted plan ----------------------------------------------------------------------

Progress = Literal["payee", "partielle", "a_venir", "en_retard", "manquee"]
PROGRESS_LABELS: dict[Progress, str] = {
    "payee": "payée",
    "partielle": "payée en partie",
    "a_venir": "à venir",
    "en_retard": "en retard",
    "manquee": "manquée",
}


@dataclass(frozen=True)
class InstalmentProgress:
    position: int  # 1-based
    due_on: date
    amount: Decimal
    paid: Decimal
    status: Progress


def progress(
    schedule: Sequence[Instalment], *, paid_since_acceptance: Decimal, today: date
) -> list[InstalmentProgress]:
    """Payments since acceptance settle instalments in date order; an unpaid one becomes late the day after its
    date and missed MISSED_AFTER_DAYS later."""
    left = max(paid_since_acceptance, Decimal(0))
    result = []
    for position, item in enumerate(sorted(schedule, key=lambda i: i.due_on), start=1):
        paid = min(left, item.amount)
        left -= paid
        status: Progress
        if paid == item.amount:
            status = "payee"
        elif today > item.due_on + timedelta(days=MISSED_AFTER_DAYS):
            status = "manquee"
        elif today > item.due_on:
            status = "en_retard"
        else:
            status = "partielle" if paid > 0 else "a_venir"
        result.append(InstalmentProgress(position, item.due_on, item.amount, paid, status))
    return result


def first_missed(rows: Sequence[InstalmentProgress]) -> InstalmentProgress | None:
    return next((row for row in rows if row.status == "manquee"), None)


def summary(schedule: Sequence[Instalment]) -> str:
    """ "3 échéances de 800,00 € du 15/07/2026 au 15/09/2026" — one French line."""
    count = len(schedule)
    amounts = {item.amount for item in schedule}
    what = f"{count} échéance{'s' if count > 1 else ''}"
    if len(amounts) == 1:
        what += f" de {money(schedule[0].amount)}"
    elif count > 1 and len(set(item.amount for item in schedule[:-1])) == 1:
        what += f" de {money(schedule[0].amount)} (la dernière de {money(schedule[-1].amount)})"
    if count == 1:
        return f"{what} le {day(schedule[0].due_on)}"
    return f"{what} du {day(schedule[0].due_on)} au {day(schedule[-1].due_on)}"
