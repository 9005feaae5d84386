"""The simulators' charts, drawn on the server as SVG (guide_app/core/svg.py): the cash a shorter DSO frees, and
what each way of collecting costs a year. Every label is French (guide_app.core.format): « 4,5 », « 1 000 »."""

from __future__ import annotations

from decimal import Decimal

from guide_app.core.format import figure, money
from guide_app.core.svg import GRID, nice_ticks, points, svg, text

ACCENT = "#3e63dd"  # the app's indigo (assets/styles.css theme)
MUTED = "#60646c"  # the other options' bars (white text on them: 6:1)
MAX_POINTS = 60


def scale(maximum: Decimal) -> tuple[Decimal, str]:
    """The unit that keeps tick labels short on a phone: €, k€, M€ or Md€."""
    for divisor, unit in ((Decimal(10) ** 9, "Md€"), (Decimal(10) ** 6, "M€"), (Decimal(10) ** 3, "k€")):
        if maximum >= divisor:
            return divisor, unit
    return Decimal(1), "€"


def short_money(amount: Decimal) -> str:
    """4 931 506,85 → '4,93 M€' (for chart labels; the result lines give the exact amount)."""
    divisor, unit = scale(amount)
    return f"{figure(amount / divisor, up_to=2)}\u00a0{unit}" if divisor > 1 else money(amount, cents=False)


def _x_ticks(left: float, right: float, bottom: float, top: float, ticks: list[float], label: str) -> list[str]:
    """Vertical grid lines with their values under the axis, and the axis' title."""
    span = ticks[-1]  # nice_ticks ends above 0
    parts = []
    for tick in ticks:
        x = left + (right - left) * tick / span
        parts.append(f'<line x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="{GRID}"/>')
        parts.append(text(x, bottom + 17, figure(tick, up_to=2), size=12))
    parts.append(text((left + right) / 2, bottom + 38, label, size=13))
    return parts


def cash_freed_figure(curve: list[tuple[int, Decimal]], chosen: tuple[int, Decimal]) -> str:
    """Cash freed (y) against days cut (x), the user's choice marked and labelled."""
    width, height, left, right, top, bottom = 360, 280, 56, 340, 28, 228
    highest = max(value for _, value in [*curve, chosen])
    divisor, unit = scale(highest)
    x_ticks = nice_ticks(max(days for days, _ in [*curve, chosen]))
    y_ticks = nice_ticks(float(highest / divisor))

    def at(days: int, value: Decimal) -> tuple[float, float]:
        return (
            left + (right - left) * days / x_ticks[-1],
            bottom - (bottom - top) * float(value / divisor) / y_ticks[-1],
        )

    parts = _x_ticks(left, right, bottom, top, x_ticks, "Jours de délai en moins")
    for tick in y_ticks:
        y = bottom - (bottom - top) * tick / y_ticks[-1]
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(text(left - 6, y + 4, figure(tick, up_to=2), size=12, anchor="end"))
    parts.append(
        text(
            14,
            (top + bottom) / 2,
            f"Trésorerie libérée ({unit})",
            size=13,
            transform=f"rotate(-90 14 {(top + bottom) / 2:.1f})",
        )
    )
    line = points([at(days, value) for days, value in curve])
    parts.append(f'<polyline points="{line}" fill="none" stroke="{ACCENT}" stroke-width="3" stroke-linejoin="round"/>')
    x, y = at(*chosen)
    parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{ACCENT}" stroke="white" stroke-width="2"/>')
    days, value = chosen
    on_the_left = x > (left + right) / 2  # the label stays inside the picture
    label_y = y + 22 if y < bottom - 30 else y - 14
    parts.append(
        text(
            x - 10 if on_the_left else x + 10,
            label_y,
            f"{days} j : {short_money(value)}",
            size=14,
            anchor="end" if on_the_left else "start",
            font_weight="600",
        )
    )
    return svg(f"0 0 {width} {height}", parts)


def comparison_figure(bars: list[tuple[str, Decimal]]) -> str:
    """Yearly cost of each option, as horizontal bars labelled in euros (the cheapest in the accent colour)."""
    width, left, right, top, row = 360, 96, 340, 12, 44
    bottom = top + row * len(bars)
    cheapest, highest = min(value for _, value in bars), max(value for _, value in bars)
    divisor, unit = scale(highest)
    ticks = nice_ticks(float(highest / divisor))
    parts = _x_ticks(left, right, bottom, top, ticks, f"Coût par an ({unit})")
    for index, (label, value) in enumerate(bars):
        y = top + row * index + 8
        middle = y + (row - 16) / 2 + 4  # the baseline of text centred on the bar
        length = (right - left) * float(value / divisor) / ticks[-1]
        colour = ACCENT if value == cheapest else MUTED
        parts.append(f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{row - 16}" rx="3" fill="{colour}"/>')
        parts.append(text(left - 8, middle, label, size=13, anchor="end"))
        amount = money(value, cents=False)
        inside = length > 8 * len(amount) + 12  # room for the amount in the bar: white on the bar's colour
        parts.append(
            text(
                left + length - 6,
                middle,
                amount,
                size=13,
                anchor="end",
                fill="white",
                font_weight="600",
            )
            if inside
            else text(left + length + 6, middle, amount, size=13, anchor="start", font_weight="600")
        )
    return svg(f"0 0 {width} {bottom + 48}", parts)
