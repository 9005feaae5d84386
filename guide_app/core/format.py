"""French formatting through Babel: money, percentages, numbers, dates. Rounding happens here, once."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from guide_app.core.clock import FRANCE, as_utc

LOCALE = "fr_FR"


def money(amount: Decimal | int, *, cents: bool = True) -> str:
    """12345.678 → '12 345,68 €' (narrow no-break spaces, as Babel's fr_FR)."""
    pattern = "#,##0.00\u00a0¤" if cents else "#,##0\u00a0¤"
    return format_currency(amount, "EUR", format=pattern, locale=LOCALE, currency_digits=False)


def number(value: Decimal | int | float, *, decimals: int = 0) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def percent(value: Decimal | float, *, decimals: int = 0) -> str:
    """A ratio (0.1525) → '15,25 %'."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "\u00a0%"
    return format_percent(value, format=pattern, locale=LOCALE)


def counted(count: int, one: str, many: str) -> str:
    """« 0 virement », « 1 virement », « 3 virements »: French takes the singular for 0 and 1."""
    return f"{count} {one if count <= 1 else many}"


def day(value: date) -> str:
    """date(2026, 3, 1) → '01/03/2026'."""
    return format_date(value, format="dd/MM/yyyy", locale=LOCALE)


def moment(value: datetime) -> str:
    """An instant as read in France: '18/03/2026 à 10:15'. A naive value is UTC (SQLite gives the stored UTC back
    without its zone)."""
    local = as_utc(value).astimezone(FRANCE)
    return f"{day(local.date())} à {local:%H:%M}"


def rate(value: Decimal | float, *, up_to: int = 2) -> str:
    """A ratio with only the decimals it needs: 0.15 → '15 %', 0.1315 → '13,15 %', 0.045 → '4,5 %'."""
    pattern = "#,##0" + ("." + "#" * up_to if up_to else "") + "\u00a0%"
    return format_percent(value, format=pattern, locale=LOCALE)


def figure(value: Decimal | int | float, *, up_to: int = 2) -> str:
    """A number with only the decimals it needs: 1.2 → '1,2', 13.33 → '13,33', 74 → '74'."""
    pattern = "#,##0" + ("." + "#" * up_to if up_to else "")
    return format_decimal(value, format=pattern, locale=LOCALE)
