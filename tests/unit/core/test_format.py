from datetime import UTC, date, datetime
from decimal import Decimal

from guide_app.core.format import day, figure, moment, money, number, percent, rate


def test_french_money_percent_and_dates():
    assert money(Decimal("12345.675")) == "12\u202f345,68\u00a0€"
    assert money(Decimal("66666.6666")) == "66\u202f666,67\u00a0€"
    assert money(5_000_000, cents=False) == "5\u202f000\u202f000\u00a0€"
    assert percent(Decimal("0.1525"), decimals=2) == "15,25\u00a0%"
    assert number(1234567) == "1\u202f234\u202f567"
    assert day(date(2026, 3, 1)) == "01/03/2026"


def test_rates_and_figures_show_only_the_decimals_they_need():
    assert rate(Decimal("0.15")) == "15\u00a0%"
    assert rate(Decimal("0.1315")) == "13,15\u00a0%"
    assert rate(Decimal("0.055")) == "5,5\u00a0%"
    assert figure(Decimal("1.2")) == "1,2"
    assert figure(Decimal("13.333"), up_to=1) == "13,3"
    assert figure(1607) == "1\u202f607"


def test_an_instant_reads_in_paris_time_naive_values_being_utc():
    assert moment(datetime(2026, 3, 18, 9, 15, tzinfo=UTC)) == "18/03/2026 à 10:15"  # winter: UTC+1
    assert moment(datetime(2026, 7, 1, 22, 30)) == "02/07/2026 à 00:30"  # summer: UTC+2, and the next day
