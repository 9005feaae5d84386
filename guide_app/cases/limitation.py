"""When a claim becomes time-barred (prescription), invoice by invoice. Pure functions.

Between traders the creditor has 5 years (C. com. L110-4, counted under C. civ. 2224) from each invoice's due date;
against a consumer 2 years (C. consom. L218-2); against a public buyer 4 years from the 1st of January after the
year of the due date (loi n° 68-1250, prescription quadriennale: not verified here, so shown « à confirmer »).
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
from guide_app.core.format import day


def add_years(start: date, years: int) -> date:
    """29 February + 1 year → 28 February."""
    year = start.year + years
    return date(year, start.month, min(start.day, calendar.monthrange(year, start.month)[1]))


LIMITATION_FIGURES = {  # kind of debtor → its figure in content/figures.yaml
    "professionnel": "limitation",
    "particulier": "limitation_consumer",
    "public": "limitation_public",
}
TO_CONFIRM = {"public"}  # kinds whose rule is not verified: every date says « à confirmer »
LIMITATION_WARNING_DAYS = 90  # three months before the deadline, say it loudly


def limitation_years(kind: str = "professionnel") -> int:
    return int(figures()[LIMITATION_FIGURES.get(kind, "limitation")].value.split()[0])  # "5 ans"


def runs_from(due: date, kind: str) -> date:
    """The day the period starts: the due date; for a public buyer, the 1st of January after its year."""
    return date(due.year + 1, 1, 1) if kind == "public" else due


@dataclass(frozen=True)
class Limitation:
    invoice: str
    runs_from: date  # the due date, or the last acknowledgment that restarted it
    ends_on: date  # the last day to act
    acknowledged: str  # the acknowledgment that restarted it, in French ("" when none did)


def restarts(due: date, acknowledged: Sequence[date], *, kind: str = "professionnel") -> tuple[date, list[bool]]:
    """(the day the running period started, whether each acknowledgment, oldest first, restarted it). One made after
    a period has run does not revive it: that is a waiver (C. civ. 2250), not an interruption."""
    years = limitation_years(kind)
    start, effects = runs_from(due, kind), []
    for day_ in sorted(acknowledged):
        counted = due < day_ <= add_years(start, years)
        if counted:
            start = runs_from(day_, kind)
        effects.append(counted)
    return start, effects


def limitations(
    invoices: Sequence[Owed], acknowledgments: Sequence[tuple[date, str]], *, kind: str = "professionnel"
) -> list[Limitation]:
    """`acknowledgments`: (day, what) of the debtor's acknowledgments of the debt, e.g. (a day, "paiement partiel")."""
    ordered = sorted(acknowledgments)
    result = []
    for invoice in sorted(invoices, key=lambda i: (i.due_date, i.number)):
        start, effects = restarts(invoice.due_date, [day_ for day_, _ in ordered], kind=kind)
        by = next(
            (what for (_, what), counted in zip(reversed(ordered), reversed(effects), strict=True) if counted), ""
        )
        result.append(Limitation(invoice.number, start, add_years(start, limitation_years(kind)), by))
    return result


def limitation(ends_on: date, today: date, *, acknowledged: str = "", kind: str = "professionnel") -> tuple[str, bool]:
    """The sentence about the first invoice to become time-barred, and whether it is close (urgent)."""
    rule = figures()[LIMITATION_FIGURES.get(kind, "limitation")]
    years = limitation_years(kind)
    since = (
        f"depuis le dernier acte du client qui reconnaît sa dette ({acknowledged})"
        if acknowledged
        else ("depuis l'échéance")
    )
    note = " (règle à confirmer)" if kind in TO_CONFIRM else ""
    if today > ends_on:
        text = (
            f"Prescription probablement acquise le {day(ends_on)} ({years} ans {since}, {rule.source}{note}, sans "
            "nouvelle reconnaissance de dette) : si vous agissez, le client peut l'opposer ; le juge ne la relève pas "
            "d'office (Code civil, art. 2247)."
        )
    else:
        text = (
            f"Prescription le {day(ends_on)} : {years} ans {since} ({rule.source}){note}. Chaque paiement partiel, "
            "échéancier accepté ou promesse de payer du client fait repartir le délai (Code civil, art. 2240)."
        )
    return text, (ends_on - today).days <= LIMITATION_WARNING_DAYS
