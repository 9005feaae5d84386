from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guide_app.recourse import cascade
from guide_app.recourse.cascade import CascadeError

TODAY = date(2026, 3, 16)
PROS = [("a", "Agence A", 60), ("b", "Étude B", 90), ("c", "Agence C", 60)]


def started(count=3):
    return cascade.start(PROS[:count], today=TODAY).cascade


def statuses(c):
    return [h.status for h in c.handovers]


def test_start_gives_the_case_to_the_first_only():
    step = cascade.start(PROS, today=TODAY)
    assert statuses(step.cascade) == ["en_cours", "en_attente", "en_attente"]
    assert step.cascade.current == 0 and step.cascade.handovers[0].deadline == TODAY + timedelta(days=60)
    assert "Dossier confié à Agence A (1er professionnel sur 3), mandat du 16/03/2026" in step.events[0]
    cascade.check(step.cascade)


@pytest.mark.parametrize("choices", [[], [*PROS, ("d", "D", 60)], [PROS[0], PROS[0]]])
def test_start_refuses_none_more_than_three_or_twice_the_same(choices):
    with pytest.raises(CascadeError):
        cascade.start(choices, today=TODAY)


def test_partial_then_recovered():
    step = cascade.report_partial(started(), amount=Decimal(400), today=TODAY)
    assert statuses(step.cascade)[0] == "recouvre_partiellement" and step.cascade.current == 0
    step = cascade.report_partial(step.cascade, amount=Decimal(100), today=TODAY)
    assert step.cascade.handovers[0].recovered == Decimal(500)
    step = cascade.report_recovered(step.cascade, amount=Decimal(1900), today=TODAY)
    assert step.cascade.status == "recouvre" and step.cascade.current is None
    assert step.cascade.recovered == Decimal(2400) and statuses(step.cascade)[1:] == ["en_attente", "en_attente"]
    cascade.check(step.cascade)
    with pytest.raises(CascadeError):
        cascade.report_failed(step.cascade, today=TODAY)
    with pytest.raises(CascadeError):
        cascade.report_partial(started(), amount=Decimal(0), today=TODAY)
    with pytest.raises(CascadeError):
        cascade.report_recovered(started(), amount=Decimal(-1), today=TODAY)


def test_each_failure_moves_on_and_the_third_ends_the_cascade():
    later = TODAY + timedelta(days=10)
    step = cascade.report_failed(started(), today=later)
    assert statuses(step.cascade) == ["echec", "en_cours", "en_attente"]
    assert step.cascade.handovers[1].started_on == later
    assert "transmis automatiquement à Étude B (2e professionnel sur 3)" in step.events[1]
    step = cascade.report_failed(step.cascade, today=later)
    assert statuses(step.cascade) == ["echec", "echec", "en_cours"]
    step = cascade.report_failed(step.cascade, today=later)
    assert statuses(step.cascade) == ["echec", "echec", "echec"] and step.cascade.status == "epuise"
    assert "s'arrête" in step.events[1]
    cascade.check(step.cascade)


def test_no_result_by_the_agreed_delay_moves_on():
    c = started(2)
    assert cascade.expire(c, today=TODAY + timedelta(days=60)) is None
    step = cascade.expire(c, today=TODAY + timedelta(days=61))
    assert statuses(step.cascade) == ["sans_resultat", "en_cours"] and "60 jours" in step.events[0]
    assert cascade.expire(step.cascade, today=TODAY + timedelta(days=61)) is None
    ended = cascade.expire(step.cascade, today=TODAY + timedelta(days=200)).cascade
    assert ended.status == "epuise" and cascade.expire(ended, today=TODAY + timedelta(days=400)) is None


def test_withdraw_releases_everyone():
    step = cascade.withdraw(started(), today=TODAY, why="le dossier est soldé")
    assert statuses(step.cascade) == ["retire"] * 3 and step.cascade.status == "retire"
    assert step.events == ("Dossier repris à Agence A : le dossier est soldé.",)
    with pytest.raises(CascadeError):
        cascade.withdraw(step.cascade, today=TODAY, why="encore")


operations = st.lists(
    st.tuples(st.sampled_from(["partial", "recovered", "failed", "expire", "withdraw"]), st.integers(0, 120)),
    max_size=12,
)


@given(count=st.integers(1, 3), ops=operations)
def test_never_two_professionals_and_the_last_failure_ends_it(count, ops):
    c = started(count)
    failures = 0
    day = TODAY
    for op, days in ops:
        day += timedelta(days=days)
        try:
            if op == "partial":
                step = cascade.report_partial(c, amount=Decimal(10), today=day)
            elif op == "recovered":
                step = cascade.report_recovered(c, amount=Decimal(10), today=day)
            elif op == "failed":
                step = cascade.report_failed(c, today=day)
            elif op == "withdraw":
                step = cascade.withdraw(c, today=day, why="test")
            else:
                step = cascade.expire(c, today=day)
                if step is None:
                    continue
        except CascadeError:
            assert c.finished
            continue
        if op in ("failed", "expire"):
            failures += 1
        c = step.cascade
        cascade.check(c)
        assert len([h for h in c.handovers if h.status in cascade.HOLDING]) <= 1
        if failures == count and op in ("failed", "expire"):
            assert c.status == "epuise"
    assert failures <= count
