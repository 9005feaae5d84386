from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from guide_app.cases.invoice import InvoiceSpec
from guide_app.cases.risk import Channel, RiskCategory, Tone
from guide_app.reminders.scenario import default_scenario
from guide_app.reminders.schedule import is_business_day, late_start_shift, next_business_day, plan_actions
from guide_app.reminders.steps import ScenarioStep

D = date
MONDAY_16_MARCH_2026 = D(2026, 3, 16)


def invoice(number="F-1", due=MONDAY_16_MARCH_2026, ht="1000", vat="0.20", issued=None):
    return InvoiceSpec(
        number=number,
        issue_date=issued or due - timedelta(days=30),
        due_date=due,
        amount_ht=Decimal(ht),
        vat_rate=Decimal(vat),
    )


def step(offset, channel=Channel.SMS, name=None):
    return ScenarioStep(
        name=name or f"J{offset}", offset_days=offset, channel=channel, tone=Tone.RAPPEL, subject="Objet", body="Texte"
    )


# --- business days ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "business"),
    [
        (D(2026, 3, 16), True),  # Monday
        (D(2026, 3, 14), False),  # Saturday
        (D(2026, 3, 15), False),  # Sunday
        (D(2026, 1, 1), False),  # New Year's Day
        (D(2026, 4, 6), False),  # Easter Monday
        (D(2026, 5, 1), False),  # Labour Day, a Friday
        (D(2026, 5, 8), False),  # Victory in Europe Day, a Friday
        (D(2026, 5, 14), False),  # Ascension, a Thursday
        (D(2026, 5, 25), False),  # Whit Monday
        (D(2026, 7, 14), False),  # Bastille Day, a Tuesday
        (D(2026, 11, 11), False),  # Armistice, a Wednesday
        (D(2026, 12, 25), False),  # Christmas, a Friday
        (D(2026, 12, 24), True),
        (D(2026, 12, 26), False),  # Saturday (26 December is a holiday only in Alsace-Moselle)
        (D(2026, 4, 3), True),  # Good Friday: not a national holiday
    ],
)
def test_french_business_days(day, business):
    assert is_business_day(day) is business


@pytest.mark.parametrize(
    ("day", "moved_to"),
    [
        (D(2026, 3, 16), D(2026, 3, 16)),  # already a business day: unchanged
        (D(2026, 3, 14), D(2026, 3, 16)),  # Saturday → Monday
        (D(2026, 3, 15), D(2026, 3, 16)),  # Sunday → Monday
        (D(2026, 7, 14), D(2026, 7, 15)),  # Tuesday 14 July → Wednesday
        (D(2026, 5, 14), D(2026, 5, 15)),  # Ascension Thursday → Friday
        (D(2026, 5, 23), D(2026, 5, 26)),  # Saturday before Whit Monday → Tuesday
        (D(2026, 5, 1), D(2026, 5, 4)),  # Friday 1 May → Monday 4 May
        (D(2026, 5, 8), D(2026, 5, 11)),  # Friday 8 May → Monday 11 May
        (D(2026, 12, 25), D(2026, 12, 28)),  # Christmas Friday → Monday
        (D(2026, 12, 31), D(2026, 12, 31)),
        (D(2027, 1, 1), D(2027, 1, 4)),  # New Year's Day 2027, a Friday → Monday
    ],
)
def test_a_non_business_day_moves_to_the_next_business_day(day, moved_to):
    assert next_business_day(day) == moved_to


# --- invoices --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ht", "vat", "ttc"),
    [
        ("1000", "0.20", "1200.00"),
        ("2000", "0.20", "2400.00"),
        ("0.15", "0.10", "0.17"),  # 0,165 rounds half up (banker's rounding would give 0,16)
        ("99.99", "0.055", "105.49"),  # 105,48945
        ("10", "0", "10.00"),
        ("333.33", "0.021", "340.33"),  # 340,329993
    ],
)
def test_amount_ttc_is_rounded_to_the_cent_half_up(ht, vat, ttc):
    assert invoice(ht=ht, vat=vat).amount_ttc == Decimal(ttc)


@given(
    ht=st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10) ** 9, places=2),
    vat=st.sampled_from(["0", "0.021", "0.055", "0.10", "0.20"]),
)
def test_amount_ttc_is_within_half_a_cent_of_the_exact_value(ht, vat):
    exact = ht * (1 + Decimal(vat))
    ttc = invoice(ht=str(ht), vat=vat).amount_ttc
    assert ttc.as_tuple().exponent == -2
    assert abs(ttc - exact) <= Decimal("0.005")


@pytest.mark.parametrize(
    "changes",
    [{"ht": "0"}, {"ht": "-5"}, {"ht": "10.001"}, {"vat": "-0.1"}, {"vat": "1.5"}, {"issued": D(2026, 4, 1)}],
)
def test_invalid_invoices_are_refused(changes):
    with pytest.raises(ValidationError):
        invoice(**changes)


# --- planning --------------------------------------------------------------------------------------


def test_standard_scenario_on_an_invoice_due_monday_16_march_2026():
    actions = plan_actions(default_scenario(RiskCategory.STANDARD), [invoice()], today=D(2026, 3, 1))
    assert [(a.date, a.channel) for a in actions] == [
        (D(2026, 3, 9), Channel.EMAIL),  # J−7 Monday
        (D(2026, 3, 19), Channel.EMAIL),  # J+3 Thursday
        (D(2026, 3, 26), Channel.EMAIL),  # J+10 Thursday
        (D(2026, 3, 26), Channel.APPEL),
        (D(2026, 4, 7), Channel.EMAIL),  # J+20 = Sunday 5 April, Easter Monday → Tuesday
        (D(2026, 4, 7), Channel.SMS),
        # J+30 is Wednesday 15 April, but the last reminder left on the 7th with 8 days from its receipt: the 16th
        (D(2026, 4, 16), Channel.LRAR),
        (D(2026, 4, 30), Channel.PROFESSIONNEL),  # J+45 Thursday
    ]
    assert [a.step_index for a in actions] == list(range(8))
    assert all(a.status == "a_venir" for a in actions)
    assert [a.days_late for a in actions] == [0, 3, 10, 10, 22, 22, 31, 45]
    assert actions[0].invoices == ("F-1",) and actions[0].amount_ttc == Decimal("1200.00")


def test_holiday_streaks_in_may_2026():
    # due Friday 24 April 2026: J+7 = Friday 1 May, J+14 = Friday 8 May, J+20 = Thursday 14 May (Ascension),
    # J+31 = Whit Monday 25 May
    actions = plan_actions([step(7), step(14), step(20), step(31)], [invoice(due=D(2026, 4, 24))], today=D(2026, 1, 1))
    assert [a.date for a in actions] == [D(2026, 5, 4), D(2026, 5, 11), D(2026, 5, 15), D(2026, 5, 26)]


def test_14_july_and_christmas():
    actions = plan_actions([step(-7), step(3)], [invoice(due=D(2026, 7, 21))], today=D(2026, 1, 1))
    assert actions[0].date == D(2026, 7, 15)  # J−7 = Tuesday 14 July
    actions = plan_actions([step(10)], [invoice(due=D(2026, 12, 15))], today=D(2026, 1, 1))
    assert actions[0].date == D(2026, 12, 28)  # J+10 = Friday 25 December


def test_negative_offsets_fall_before_the_due_date():
    (action,) = plan_actions([step(-10)], [invoice(due=D(2026, 3, 16))], today=D(2026, 1, 1))
    assert action.date == D(2026, 3, 6)  # Friday
    assert action.days_late == 0


def test_one_past_step_is_to_do_now_and_a_pre_reminder_after_the_due_date_is_pointless():
    steps = [step(-7), step(3), step(10), step(20)]
    today = D(2026, 3, 20)  # J+4: only J+3 (Thursday 19 March) is past
    assert late_start_shift(steps, [invoice()], today=today) == 0
    actions = plan_actions(steps, [invoice()], today=today)
    assert [a.status for a in actions] == ["sans_objet", "a_faire_maintenant", "a_venir", "a_venir"]


def test_a_pre_reminder_still_goes_when_the_due_date_has_not_come():
    (action,) = plan_actions([step(-7)], [invoice()], today=D(2026, 3, 12))  # J−7 was Monday 9 March
    assert action.status == "a_faire_maintenant"


def test_a_case_that_starts_late_begins_with_the_first_reminder_and_keeps_the_rhythm():
    steps = [step(-7), step(3), step(10), step(20)]
    today = D(2026, 3, 26)  # Thursday, J+10: J+3 (19 March) and J+10 are both past
    shift = late_start_shift(steps, [invoice()], today=today)
    assert shift == 7
    actions = plan_actions(steps, [invoice()], today=today, shift_days=shift)
    assert [(a.name, a.date, a.status) for a in actions] == [
        ("J-7", D(2026, 3, 9), "sans_objet"),
        ("J3", D(2026, 3, 26), "a_faire_maintenant"),  # the first reminder, today
        ("J10", D(2026, 4, 2), "a_venir"),  # a week after it, as the scenario spaces them
        ("J20", D(2026, 4, 13), "a_venir"),  # J+27 is Sunday 12 April → Monday 13
    ]
    assert actions[1].days_late == 10 and actions[2].days_late == 17


def test_a_case_with_several_invoices_is_anchored_on_the_earliest_due_date():
    invoices = [
        invoice("F-2", due=D(2026, 3, 18), ht="200"),
        invoice("F-1", due=D(2026, 3, 16), ht="100"),
        invoice("F-3", due=D(2026, 3, 17), ht="300"),
    ]
    actions = plan_actions([step(-7), step(3), step(6), step(20)], invoices, today=D(2026, 1, 1))
    assert [a.date for a in actions] == [D(2026, 3, 9), D(2026, 3, 19), D(2026, 3, 23), D(2026, 4, 7)]
    assert [a.invoices for a in actions] == [
        ("F-1",),  # F-3's own J−7 is 10 March
        ("F-1",),  # F-3's own J+3 is 20 March
        ("F-1", "F-3"),  # Sunday 22 March → Monday 23: F-3's J+6 has come, F-2's (24 March) not yet
        ("F-1", "F-3", "F-2"),  # Easter Monday → Tuesday 7 April, F-2's J+20: oldest due date first
    ]
    assert [a.amount_ttc for a in actions] == [
        Decimal("120.00"),
        Decimal("120.00"),
        Decimal("480.00"),
        Decimal("720.00"),
    ]
    assert actions[3].days_late == 22  # counted from the anchor, the earliest due date


def test_actions_on_the_same_date_keep_the_scenario_order():
    steps = [step(20, Channel.EMAIL, "mail"), step(19, Channel.SMS, "sms"), step(20, Channel.APPEL, "appel")]
    # due Monday 16 March: J+19 = Saturday 4 April, J+20 = Sunday 5 April, then Easter Monday → Tuesday 7 April
    actions = plan_actions(steps, [invoice()], today=D(2026, 1, 1))
    assert {a.date for a in actions} == {D(2026, 4, 7)}
    assert [a.name for a in actions] == ["mail", "sms", "appel"]


def test_a_case_needs_an_invoice():
    with pytest.raises(ValueError, match="at least one invoice"):
        plan_actions([step(3)], [], today=D(2026, 1, 1))


# --- properties ------------------------------------------------------------------------------------

due_dates = st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31))
offsets = st.lists(st.integers(min_value=-30, max_value=180), min_size=1, max_size=12)
case_invoices = st.lists(
    st.builds(lambda due, n: invoice(f"F-{n}", due=due), due_dates, st.integers(min_value=1, max_value=10**6)),
    min_size=1,
    max_size=5,
)


def _steps(days):
    return [step(day, name=f"Étape {i}") for i, day in enumerate(days)]


@given(days=offsets, invoices=case_invoices, today=due_dates)
def test_every_action_is_on_a_business_day_at_most_7_days_after_its_theoretical_date(days, invoices, today):
    steps = _steps(days)
    anchor = min(inv.due_date for inv in invoices)
    actions = plan_actions(steps, invoices, today=today)
    assert len(actions) == len(steps)
    for action in actions:
        theoretical = anchor + timedelta(days=steps[action.step_index].offset_days)
        assert is_business_day(action.date)
        assert theoretical <= action.date <= theoretical + timedelta(days=7)
        pointless = steps[action.step_index].offset_days < 0 and action.date <= today and anchor < today
        assert action.status == (
            "sans_objet" if pointless else "a_faire_maintenant" if action.date <= today else "a_venir"
        )
        assert action.invoices  # at least the anchor invoice
        assert action.days_late == max(0, (action.date - anchor).days)


@given(days=offsets, invoices=case_invoices)
def test_dates_do_not_decrease_when_offsets_do_not(days, invoices):
    ordered = sorted(days)
    actions = plan_actions(_steps(ordered), invoices, today=D(2020, 1, 1))
    by_step = [a.date for a in sorted(actions, key=lambda a: a.step_index)]
    assert by_step == sorted(by_step)
    assert [(a.date, a.step_index) for a in actions] == sorted((a.date, a.step_index) for a in actions)


@given(day=due_dates)
def test_next_business_day_is_the_first_business_day_on_or_after(day):
    moved = next_business_day(day)
    assert is_business_day(moved)
    assert all(not is_business_day(day + timedelta(days=i)) for i in range((moved - day).days))


@given(days=offsets, invoices=case_invoices, today=due_dates)
def test_a_late_case_sends_at_once_only_what_was_due_on_one_same_day(days, invoices, today):
    steps = _steps(days)
    anchor = min(inv.due_date for inv in invoices)
    shift = late_start_shift(steps, invoices, today=today)
    actions = plan_actions(steps, invoices, today=today, shift_days=shift)
    now = [a for a in actions if a.status == "a_faire_maintenant"]
    after_due = [steps[a.step_index].offset_days for a in now if steps[a.step_index].offset_days >= 0]
    assert len({next_business_day(anchor + timedelta(days=offset)) for offset in after_due}) <= 1
    assert all(steps[a.step_index].offset_days >= 0 or anchor >= today for a in now)  # no stale pre-reminder
    for action in actions:  # every step is still there, pushed by `shift` at most (plus a week-end or holidays)
        offset = steps[action.step_index].offset_days
        theoretical = anchor + timedelta(days=offset + (shift if offset >= 0 else 0))
        assert theoretical <= action.date <= theoretical + timedelta(days=7)
