from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guide_app.core.clock import local_day
from guide_app.reminders.due import (
    MAX_ATTEMPTS,
    MAX_RETRY_DELAY,
    ActionSnapshot,
    CaseSnapshot,
    Pause,
    PaymentSnapshot,
    PromiseSnapshot,
    after_failure,
    due_actions,
    is_due,
    pause_reason,
    promise_verdicts,
    retry_delay,
)

# Wednesday 18 March 2026, 10:00 in Paris.
NOW = datetime(2026, 3, 18, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 18)
OPEN = CaseSnapshot()


def action(id=1, day=TODAY, channel="email", **changes):
    return ActionSnapshot(id=id, channel=channel, scheduled_for=day, **changes)


def promise(day, cents=100_00, made=date(2026, 3, 10), status="pending", id=1):
    return PromiseSnapshot(id=id, promised_for=day, amount_cents=cents, created_on=made, status=status)


# --- selection -------------------------------------------------------------------------------------


def test_scheduled_actions_dated_today_or_before_are_due_oldest_first():
    actions = [action(1, TODAY), action(2, TODAY - timedelta(days=3)), action(3, TODAY + timedelta(days=1))]
    assert [a.id for a in due_actions(OPEN, actions, NOW)] == [2, 1]


@pytest.mark.parametrize("status", ["done", "skipped", "failed"])
def test_settled_actions_are_never_due(status):
    assert due_actions(OPEN, [action(status=status)], NOW) == []


def test_an_action_waiting_for_its_retry_is_not_due_before_its_time():
    waiting = action(attempts=1, next_attempt_at=NOW + timedelta(minutes=1))
    assert not is_due(waiting, NOW)
    assert is_due(waiting, NOW + timedelta(minutes=1))


def test_an_action_out_of_attempts_is_not_due():
    assert not is_due(action(attempts=MAX_ATTEMPTS), NOW)
    assert is_due(action(attempts=MAX_ATTEMPTS - 1), NOW)


def test_a_closed_case_sends_nothing():
    closed = CaseSnapshot(status="closed")
    assert pause_reason(closed, TODAY) is Pause.CLOSED
    assert due_actions(closed, [action()], NOW) == []


def test_an_open_dispute_pauses_the_case():
    disputed = CaseSnapshot(open_disputes=1)
    assert pause_reason(disputed, TODAY) is Pause.DISPUTE
    assert due_actions(disputed, [action()], NOW) == []


@pytest.mark.parametrize(
    ("promised_for", "paused"), [(TODAY, True), (TODAY + timedelta(days=5), True), (TODAY - timedelta(days=1), False)]
)
def test_a_pending_promise_pauses_until_its_date_has_passed(promised_for, paused):
    case = CaseSnapshot(promises=(promise(promised_for),))
    assert (pause_reason(case, TODAY) is Pause.PROMISE) is paused
    assert bool(due_actions(case, [action()], NOW)) is not paused


@pytest.mark.parametrize("status", ["kept", "broken"])
def test_a_settled_promise_does_not_pause(status):
    case = CaseSnapshot(promises=(promise(TODAY + timedelta(days=5), status=status),))
    assert pause_reason(case, TODAY) is None


days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))
moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC))
snapshots = st.builds(
    ActionSnapshot,
    id=st.integers(1, 10_000),
    channel=st.sampled_from(["email", "sms", "appel", "courrier", "lrar", "professionnel"]),
    scheduled_for=days,
    status=st.sampled_from(["scheduled", "done", "skipped", "failed"]),
    attempts=st.integers(0, MAX_ATTEMPTS + 2),
    next_attempt_at=st.none() | moments,
)
cases = st.builds(
    CaseSnapshot,
    status=st.sampled_from(["open", "closed"]),
    promises=st.lists(
        st.builds(
            PromiseSnapshot,
            promised_for=days,
            amount_cents=st.integers(1, 10**7),
            created_on=days,
            status=st.sampled_from(["pending", "kept", "broken"]),
        ),
        max_size=3,
    ).map(tuple),
    open_disputes=st.integers(0, 2),
)


@given(case=cases, actions=st.lists(snapshots, max_size=8), now=moments)
def test_due_actions_respect_every_rule(case, actions, now):
    due = due_actions(case, actions, now)
    today = local_day(now)
    assert all(a in actions for a in due)
    for a in due:
        assert a.status == "scheduled" and a.scheduled_for <= today and a.attempts < MAX_ATTEMPTS
        assert a.next_attempt_at is None or a.next_attempt_at <= now
    if due:
        assert case.status == "open" and case.open_disputes == 0
        assert not any(p.status == "pending" and p.promised_for >= today for p in case.promises)
    assert [a.scheduled_for for a in due] == sorted(a.scheduled_for for a in due)


@given(case=cases, actions=st.lists(snapshots, max_size=8), now=moments)
def test_an_unpaused_case_sends_exactly_its_due_actions(case, actions, now):
    due = due_actions(case, actions, now)
    if pause_reason(case, local_day(now)) is None:
        assert sorted(due, key=id) == sorted((a for a in actions if is_due(a, now)), key=id)
    else:
        assert due == []


@given(actions=st.lists(snapshots, max_size=8), now=moments, later=st.timedeltas(timedelta(0), timedelta(days=30)))
def test_what_is_due_stays_due_as_time_passes(actions, now, later):
    assert all(is_due(a, now + later) for a in due_actions(OPEN, actions, now))


# --- backoff ---------------------------------------------------------------------------------------


def test_retry_delays_grow_by_three_from_five_minutes():
    assert [retry_delay(n) for n in range(1, 5)] == [
        timedelta(minutes=5),
        timedelta(minutes=15),
        timedelta(minutes=45),
        timedelta(minutes=135),
    ]
    assert retry_delay(7) == MAX_RETRY_DELAY and retry_delay(500) == MAX_RETRY_DELAY


def test_attempts_count_from_one():
    with pytest.raises(ValueError):
        retry_delay(0)


@given(n=st.integers(1, 1000))
def test_retry_delays_never_shrink_and_stay_within_a_day(n):
    assert timedelta(minutes=5) <= retry_delay(n) <= retry_delay(n + 1) <= MAX_RETRY_DELAY


def test_a_failure_schedules_the_next_try_then_gives_up():
    first = after_failure(0, NOW)
    assert (first.attempts, first.gave_up, first.next_attempt_at) == (1, False, NOW + timedelta(minutes=5))
    last = after_failure(MAX_ATTEMPTS - 1, NOW)
    assert (last.attempts, last.gave_up, last.next_attempt_at) == (MAX_ATTEMPTS, True, None)


@given(before=st.integers(0, MAX_ATTEMPTS - 1), now=moments)
def test_a_failed_action_is_due_again_exactly_at_its_next_try(before, now):
    outcome = after_failure(before, now)
    retried = action(day=local_day(now), attempts=outcome.attempts, next_attempt_at=outcome.next_attempt_at)
    if outcome.gave_up:
        assert not is_due(retried, now + timedelta(days=365))
    else:
        assert outcome.next_attempt_at is not None
        assert not is_due(retried, outcome.next_attempt_at - timedelta(microseconds=1))
        assert is_due(retried, outcome.next_attempt_at)


# --- promises --------------------------------------------------------------------------------------


def test_an_unpaid_promise_is_broken_the_day_after_its_date():
    due_today = promise(TODAY)
    past = promise(TODAY - timedelta(days=1), id=2)
    verdicts = promise_verdicts([due_today, past], [], TODAY)
    assert verdicts.broken == [past] and verdicts.kept == []


def test_a_promise_paid_on_time_is_kept_even_in_several_payments():
    kept = promise(TODAY - timedelta(days=2), cents=300_00)
    payments = [PaymentSnapshot(date(2026, 3, 12), 100_00), PaymentSnapshot(TODAY - timedelta(days=2), 200_00)]
    assert promise_verdicts([kept], payments, TODAY).kept == [kept]


def test_payments_before_the_promise_or_after_its_date_do_not_keep_it():
    late = promise(TODAY - timedelta(days=2), made=date(2026, 3, 10))
    payments = [PaymentSnapshot(date(2026, 3, 9), 100_00), PaymentSnapshot(TODAY, 100_00)]
    verdicts = promise_verdicts([late], payments, TODAY)
    assert verdicts.broken == [late]


def test_settled_promises_are_left_alone():
    assert promise_verdicts([promise(TODAY - timedelta(days=9), status="kept")], [], TODAY).broken == []


payments = st.lists(st.builds(PaymentSnapshot, paid_on=days, amount_cents=st.integers(1, 10**6)), max_size=4)
pending = st.builds(PromiseSnapshot, promised_for=days, amount_cents=st.integers(1, 10**6), created_on=days)


@given(promises=st.lists(pending, max_size=4), paid=payments, today=days)
def test_a_promise_is_never_both_kept_and_broken_and_never_broken_before_its_date(promises, paid, today):
    verdicts = promise_verdicts(promises, paid, today)
    assert not set(map(id, verdicts.kept)) & set(map(id, verdicts.broken))
    assert all(p.promised_for < today for p in verdicts.broken)


@given(
    one=pending,
    paid=payments,
    extra=st.builds(PaymentSnapshot, paid_on=days, amount_cents=st.integers(1, 10**6)),
    today=days,
)
def test_one_more_payment_never_breaks_a_kept_promise(one, paid, extra, today):
    if promise_verdicts([one], paid, today).kept:
        assert promise_verdicts([one], [*paid, extra], today).kept == [one]
