"""From a scenario and a case's invoices to dated actions on French business days.

A case (one debtor) may hold several invoices. Its actions are anchored on the EARLIEST due date among
them: the oldest debt drives the reminders, and a later invoice joins an action once that action is due
for it as well (its own due date + the step's offset ≤ the action's date). Each invoice keeps its own
due date for penalties; the debtor receives one message per step, not one per invoice.

A case that starts late (its invoice already past due when it is entered) does not fire every past step at once:
a pre-reminder whose due date has passed is pointless ("sans_objet"), and when two or more steps after the due
date are already past, the first of them goes today and the others keep their spacing after it
(`late_start_shift`): no debtor gets a "second reminder" that no first one preceded, nor three e-mails at once.

Business days: Monday to Friday except French public holidays of metropolitan France, from the
`holidays` package (Alsace-Moselle's Good Friday and 26 December are not counted).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

import holidays
from pydantic import BaseModel, ConfigDict

from guide_app.cases.invoice import InvoiceSpec
from guide_app.cases.risk import Channel, Tone
from guide_app.reminders.steps import ScenarioStep

_FRENCH_HOLIDAYS = holidays.country_holidays("FR")  # years are added on demand

Status = Literal["a_venir", "a_faire_maintenant", "sans_objet"]


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _FRENCH_HOLIDAYS


def next_business_day(day: date) -> date:
    """`day` itself when it is a business day, else the first business day after it."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


class PlannedAction(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    step_index: int  # index of the step in the scenario as given
    date: date
    channel: Channel
    tone: Tone
    name: str
    invoices: tuple[str, ...]  # numbers of the invoices concerned, oldest due date first
    amount_ttc: Decimal  # sum of the concerned invoices, TTC
    status: Status  # "a_faire_maintenant" when the date is today or past; "sans_objet": a pre-reminder too late
    days_late: int  # days past the anchor due date on that date; 0 before it (a pre-reminder)


DEADLINE_WORDS = "dans un délai de 8 jours"  # the one deadline wording of messages and letters (content/messages.yaml)
DEADLINE_DAYS = 8  # from receipt; the day of receipt does not count (CPC 641, by analogy)
POSTAL_DAYS = 3  # a registered letter may take this long to arrive


def deadline_gap(step: ScenarioStep) -> int:
    """Days the next step must wait after this one when it gives the debtor a deadline (0 when it gives none): an
    e-mail or SMS is received the day it leaves, a letter some days later."""
    if DEADLINE_WORDS not in step.body:
        return 0
    receipt = POSTAL_DAYS if step.channel in (Channel.COURRIER, Channel.LRAR) else 0
    return receipt + DEADLINE_DAYS + 1


def _post_due_dates(steps: Sequence[ScenarioStep], anchor: date) -> list[date]:
    return sorted(next_business_day(anchor + timedelta(days=s.offset_days)) for s in steps if s.offset_days >= 0)


def late_start_shift(steps: Sequence[ScenarioStep], invoices: Sequence[InvoiceSpec], *, today: date) -> int:
    """Days to push the steps after the due date when a case starts with two or more of them already past, so
    that the first of them falls today; 0 otherwise. Computed once, when the case is created."""
    if not invoices:
        raise ValueError("a case needs at least one invoice")
    past = [day for day in _post_due_dates(steps, min(i.due_date for i in invoices)) if day <= today]
    return (today - past[0]).days if len(past) >= 2 else 0


def plan_actions(
    steps: Sequence[ScenarioStep], invoices: Sequence[InvoiceSpec], *, today: date, shift_days: int = 0
) -> list[PlannedAction]:
    """One action per step for the case, sorted by date then step order. `shift_days` (late_start_shift) pushes
    the steps after the due date. A step that follows one giving the debtor a deadline (« dans un délai de 8 jours »)
    waits until that deadline has run out, however weekends and holidays moved the dates."""
    if not invoices:
        raise ValueError("a case needs at least one invoice")
    by_due = sorted(invoices, key=lambda invoice: (invoice.due_date, invoice.number))
    anchor = by_due[0].due_date
    actions = []
    not_before: dict[int, date] = {}  # offset of a step that gave a deadline → when its deadline has run out
    for index, step in sorted(enumerate(steps), key=lambda pair: (pair[1].offset_days, pair[0])):
        before_due = step.offset_days < 0
        offset = timedelta(days=step.offset_days + (0 if before_due else shift_days))
        when = next_business_day(anchor + offset)
        waits = [day for earlier, day in not_before.items() if earlier < step.offset_days]
        if waits:  # never before the deadline an earlier step announced has run out
            when = max(when, next_business_day(max(waits)))
        if gap := deadline_gap(step):
            not_before[step.offset_days] = max(not_before.get(step.offset_days, when), when + timedelta(days=gap))
        concerned = [invoice for invoice in by_due if invoice.due_date + offset <= when]
        status: Status = "a_faire_maintenant" if when <= today else "a_venir"
        if before_due and when <= today and anchor < today:
            status = "sans_objet"
        actions.append(
            PlannedAction(
                step_index=index,
                date=when,
                channel=step.channel,
                tone=step.tone,
                name=step.name,
                invoices=tuple(invoice.number for invoice in concerned),
                amount_ttc=sum((invoice.amount_ttc for invoice in concerned), Decimal(0)),
                status=status,
                days_late=max(0, (when - anchor).days),
            )
        )
    return sorted(actions, key=lambda action: (action.date, action.step_index))
