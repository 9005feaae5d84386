import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guide_app.core.parse import InputError
from guide_app.recourse.plans import (
    MAX_INSTALMENTS,
    Instalment,
    PlanError,
    add_months,
    as_lines,
    equal_split,
    first_missed,
    parse_lines,
    progress,
    read_rows,
    schedule_errors,
    summary,
)

TODAY = date(2026, 3, 16)
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2)


@given(total=amounts, count=st.integers(1, MAX_INSTALMENTS), days=st.integers(0, 365))
def test_equal_split_adds_up_with_increasing_dates_none_in_the_past(total, count, days):
    if total < Decimal("0.01") * count:
        with pytest.raises(PlanError):
            equal_split(total, count, TODAY + timedelta(days=days))
        return
    schedule = equal_split(total, count, TODAY + timedelta(days=days))
    assert sum(item.amount for item in schedule) == total
    assert len(schedule) == count and all(item.amount > 0 for item in schedule)
    assert all(a.due_on < b.due_on for a, b in itertools.pairwise(schedule))
    assert schedule[0].due_on >= TODAY
    assert len({item.amount for item in schedule[:-1]}) <= 1  # equal, the last one takes the cents
    assert Decimal(0) <= schedule[-1].amount - schedule[0].amount < Decimal("0.01") * count
    assert schedule_errors(schedule, total=total, today=TODAY) == [] or days + 31 * (count - 1) > 731


def test_equal_split_example_and_month_ends():
    schedule = equal_split(Decimal("100"), 3, date(2026, 1, 31))
    assert [i.amount for i in schedule] == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert [i.due_on for i in schedule] == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]
    assert add_months(date(2027, 12, 15), 2) == date(2028, 2, 15)
    assert summary(schedule) == "3 échéances de 33,33\u00a0€ (la dernière de 33,34\u00a0€) du 31/01/2026 au 31/03/2026"


@pytest.mark.parametrize(("total", "count"), [(Decimal("0.02"), 3), (Decimal(0), 1), (Decimal("10.001"), 1)])
def test_equal_split_refuses_what_cannot_be_split(total, count):
    with pytest.raises(PlanError):
        equal_split(total, count, TODAY)
    with pytest.raises(PlanError):
        equal_split(Decimal(100), 0, TODAY)


def test_schedule_errors_in_french():
    ok = [
        Instalment(due_on=TODAY, amount=Decimal(50)),
        Instalment(due_on=TODAY + timedelta(days=30), amount=Decimal(50)),
    ]
    assert schedule_errors(ok, total=Decimal(100), today=TODAY) == []
    past = [Instalment(due_on=TODAY - timedelta(days=1), amount=Decimal(100))]
    assert schedule_errors(past, total=Decimal(100), today=TODAY) == [
        "La première échéance ne peut pas être dans le passé."
    ]
    same_day = [ok[0], ok[0]]
    assert "sans doublon" in schedule_errors(same_day, total=Decimal(100), today=TODAY)[0]
    assert "totalisent 100,00\u00a0€ au lieu des 99,00\u00a0€" in schedule_errors(ok, total=Decimal(99), today=TODAY)[0]
    far = [Instalment(due_on=TODAY + timedelta(days=800), amount=Decimal(100))]
    assert "deux ans" in schedule_errors(far, total=Decimal(100), today=TODAY)[0]
    assert schedule_errors([], total=Decimal(1), today=TODAY)


def test_lines_and_rows_are_read_as_typed():
    schedule = parse_lines("15/07/2026 ; 800\n\n2026-08-15 1 000,50\n15/09/2026 : 3")
    assert schedule == [
        Instalment(due_on=date(2026, 7, 15), amount=Decimal(800)),
        Instalment(due_on=date(2026, 8, 15), amount=Decimal("1000.50")),
        Instalment(due_on=date(2026, 9, 15), amount=Decimal(3)),
    ]
    assert parse_lines(as_lines(schedule)) == schedule
    assert read_rows([{"due_on": "2026-07-15", "amount": "800"}]) == schedule[:1]
    for bad in ("", "15/07/2026", "demain ; 3", "15/07/2026 ; -3", "15/07/2026 ; 1,005", None, ["x"]):
        with pytest.raises(InputError):
            parse_lines(bad)
    for bad in ("x", [], [1], [{"due_on": "x", "amount": "1"}], [{}] * 13):
        with pytest.raises(InputError):
            read_rows(bad)


def test_progress_settles_in_date_order_and_detects_a_missed_instalment():
    schedule = equal_split(Decimal(300), 3, TODAY)
    rows = progress(schedule, paid_since_acceptance=Decimal(150), today=TODAY + timedelta(days=32))
    assert [r.status for r in rows] == ["payee", "en_retard", "a_venir"]
    assert rows[1].paid == Decimal(50)
    rows = progress(schedule, paid_since_acceptance=Decimal(150), today=TODAY + timedelta(days=40))
    assert first_missed(rows).position == 2
    rows = progress(schedule, paid_since_acceptance=Decimal(10), today=TODAY)
    assert rows[0].status == "partielle" and first_missed(rows) is None
    rows = progress(schedule, paid_since_acceptance=Decimal(300), today=TODAY + timedelta(days=400))
    assert all(r.status == "payee" for r in rows)
