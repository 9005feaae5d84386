import re
from datetime import date
from decimal import Decimal

import pytest
import yaml
from pydantic import ValidationError

from guide_app.cases.rates import Rates, Semester, legal_terms, rates, record_semester, semester_name, semester_start
from guide_app.core.content import CONTENT_DIR, ContentError, figures

RAW = yaml.safe_load((CONTENT_DIR / "rates.yaml").read_text(encoding="utf-8"))


def test_rates_yaml_parses_with_a_source_for_every_rate():
    table = rates()
    assert table.first_start == date(2024, 1, 1)
    for semester in table.semesters:
        assert semester.ecb_source and semester.legal_source
        assert semester.penalty_rate == semester.ecb_rate + 10


@pytest.mark.parametrize(
    ("start", "ecb", "penalty", "legal"),
    [
        (date(2024, 1, 1), "4.50", "14.50", "5.07"),
        (date(2024, 7, 1), "4.25", "14.25", "4.92"),
        (date(2025, 1, 1), "3.15", "13.15", "3.71"),
        (date(2025, 7, 1), "2.15", "12.15", "2.76"),
        (date(2026, 1, 1), "2.15", "12.15", "2.62"),
    ],
)
def test_the_rates_of_each_half_year(start, ecb, penalty, legal):
    semester, confirmed = rates().for_semester(start)
    assert confirmed
    assert (semester.ecb_rate, semester.penalty_rate, semester.legal_rate) == (
        Decimal(ecb),
        Decimal(penalty),
        Decimal(legal),
    )


def test_after_the_last_known_half_year_the_latest_rates_apply_unconfirmed():
    table = rates()
    semester, confirmed = table.for_semester(date(2026, 7, 1))
    assert not confirmed and semester.start == table.last_start
    with pytest.raises(KeyError):
        table.for_semester(date(2023, 7, 1))


def test_inconsistent_rates_are_rejected():
    broken = {**RAW, "semesters": [{**RAW["semesters"][0], "penalty_rate": "13"}, *RAW["semesters"][1:]]}
    with pytest.raises(ValidationError, match="ecb_rate"):
        Rates.model_validate(broken)
    gap = {**RAW, "semesters": [RAW["semesters"][0], *RAW["semesters"][2:]]}
    with pytest.raises(ValidationError, match="se suivre sans trou"):
        Rates.model_validate(gap)
    odd_start = {**RAW, "semesters": [{**RAW["semesters"][0], "start": date(2024, 2, 1)}]}
    with pytest.raises(ValidationError, match="1 January or 1 July"):
        Rates.model_validate(odd_start)


def test_half_years():
    assert semester_start(date(2025, 6, 30)) == date(2025, 1, 1)
    assert semester_start(date(2025, 7, 1)) == date(2025, 7, 1)
    assert semester_name(date(2025, 7, 1)) == "2nd semestre 2025"


def test_the_legal_figures_come_from_the_figures_the_guide_shows():
    terms = legal_terms()
    assert (terms.indemnity, terms.max_days, terms.max_days_end_of_month) == (Decimal(40), 60, 45)


def test_the_penalty_rule_note_agrees_with_rates_yaml():
    """figures.yaml quotes the current default rate in words: it must be the one rates.yaml computes with."""
    note = figures()["penalty_rule"].note or ""
    quoted = re.search(r"Soit (\d+,\d+) % au (1er|2nd) semestre (\d{4})", note)
    assert quoted, note
    start = date(int(quoted.group(3)), 1 if quoted.group(2) == "1er" else 7, 1)
    semester, _ = rates().for_semester(start)
    assert quoted.group(1) == f"{semester.penalty_rate:.2f}".replace(".", ",")


def _semester(start: str, *, confirmed: bool = True, legal: str = "2.55") -> Semester:
    return Semester(
        start=date.fromisoformat(start),
        ecb_rate=Decimal("2.15"),
        ecb_source="BCE (exemple)",
        penalty_rate=Decimal("12.15"),
        legal_rate=Decimal(legal),
        legal_source="Arrêté (exemple)",
        confirmed=confirmed,
    )


def test_a_new_half_year_is_added_after_the_last_and_a_provisional_one_is_not_confirmed():
    text = (CONTENT_DIR / "rates.yaml").read_text(encoding="utf-8")
    added = record_semester(text, _semester("2026-07-01", confirmed=False))
    table = Rates.model_validate(yaml.safe_load(added))
    assert table.last_start == date(2026, 7, 1) and table.for_semester(date(2026, 7, 1)) == (table.semesters[-1], False)
    assert added.startswith(text.rstrip("\n")) and "confirmed: false" in added
    replaced = record_semester(added, _semester("2026-07-01", legal="2.60"))
    again = Rates.model_validate(yaml.safe_load(replaced))
    assert len(again.semesters) == len(table.semesters) and again.for_semester(date(2026, 7, 1))[1]
    assert again.semesters[-1].legal_rate == Decimal("2.60")


def test_a_half_year_that_leaves_a_gap_is_refused_in_french():
    text = (CONTENT_DIR / "rates.yaml").read_text(encoding="utf-8")
    with pytest.raises(ContentError, match="se suivre sans trou"):
        record_semester(text, _semester("2027-07-01"))
