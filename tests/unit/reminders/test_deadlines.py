"""A message that gives the debtor 8 days from receipt is never followed by the next step before they have run out,
for every default scenario, every maturity level and every due date of two years (weekends and holidays included);
no action falls on a weekend or a holiday."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from guide_app.cases.invoice import InvoiceSpec
from guide_app.cases.risk import Channel, RiskCategory
from guide_app.quiz.diagnostic import diagnostic_bank
from guide_app.reminders.messages import default_messages
from guide_app.reminders.scenario import default_scenario
from guide_app.reminders.schedule import DEADLINE_WORDS, deadline_gap, is_business_day, plan_actions

LEVELS = [None, *(level.id for level in diagnostic_bank().levels)]
DUE_DATES = [date(2026, 1, 1) + timedelta(days=n) for n in range(730)]


def _invoice(due: date) -> InvoiceSpec:
    return InvoiceSpec(number="F-1", issue_date=due, due_date=due, amount_ht=Decimal(100), vat_rate=Decimal(0))


def test_the_deadline_wording_is_the_one_of_the_law_in_every_default_text_that_gives_one():
    giving = [m for m in default_messages().values() if "8 jours" in m.body or "huit jours" in m.body]
    assert giving and all(DEADLINE_WORDS in m.body and "à compter de la réception" in m.body for m in giving)


@pytest.mark.parametrize("risk", list(RiskCategory))
@pytest.mark.parametrize("level", LEVELS)
def test_no_step_comes_before_the_deadline_an_earlier_step_announced(risk, level):
    steps = default_scenario(risk, level_id=level)
    giving = [(i, deadline_gap(step)) for i, step in enumerate(steps) if deadline_gap(step)]
    assert giving, "the last amicable reminder and the mise en demeure give the debtor a deadline"
    for due in DUE_DATES:
        actions = {a.step_index: a.date for a in plan_actions(steps, [_invoice(due)], today=due - timedelta(days=30))}
        assert all(is_business_day(day) for day in actions.values()), due
        for index, gap in giving:
            later = [i for i, step in enumerate(steps) if step.offset_days > steps[index].offset_days]
            assert all(actions[i] >= actions[index] + timedelta(days=gap) for i in later), (risk, level, due)


def test_a_letter_waits_for_the_post_as_well():
    mise_en_demeure = next(s for s in default_scenario(RiskCategory.STANDARD) if s.channel is Channel.LRAR)
    email = next(s for s in default_scenario(RiskCategory.STANDARD) if s.name == "Dernière relance amiable")
    assert deadline_gap(email) == 9 and deadline_gap(mise_en_demeure) == 12  # receipt + 8 days + the next day
