"""Plotly figures built in Python, as JSON for rx.plotly.basic (scatter and bar only: the light bundle).

Every label is French: tick numbers through Plotly's separators (", " → "4,5" and "1 000"), hover and point
labels through guide_app.core.format.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import plotly.graph_objects as go

from guide_app.core.format import figure, money

ACCENT = "#3e63dd"  # the app's indigo (assets/styles.css theme)
MUTED = "#8b8d98"
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


def _layout(**extra: Any) -> dict[str, Any]:
    return {
        "template": "none",
        "separators": ", ",
        "height": 280,
        "autosize": True,
        "margin": {"l": 56, "r": 20, "t": 28, "b": 52},
        "font": {"family": "system-ui, sans-serif", "size": 13, "color": "#1c2024"},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "showlegend": False,
        "dragmode": False,
        "hovermode": "closest",
        **extra,
    }


def _axis(title: str, **extra: Any) -> dict[str, Any]:
    return {"title": {"text": title}, "fixedrange": True, "gridcolor": "#e8e8ec", "zeroline": False, **extra}


def _as_json(fig: go.Figure) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(fig.to_json())
    return data


def cash_freed_figure(points: list[tuple[int, Decimal]], chosen: tuple[int, Decimal]) -> dict[str, Any]:
    """Cash freed (y) against days cut (x), the user's choice marked and labelled."""
    divisor, unit = scale(max(value for _, value in [*points, chosen]))
    fig = go.Figure(
        layout=_layout(
            xaxis=_axis("Jours de délai en moins", rangemode="tozero"),
            yaxis=_axis(f"Trésorerie libérée ({unit})", tickformat=",.2~f", rangemode="tozero"),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[days for days, _ in points],
            y=[float(value / divisor) for _, value in points],
            mode="lines",
            line={"color": ACCENT, "width": 3},
            customdata=[f"{days} jours de moins : {money(value, cents=False)}" for days, value in points],
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    days, value = chosen
    fig.add_trace(
        go.Scatter(
            x=[days],
            y=[float(value / divisor)],
            mode="markers+text",
            marker={"color": ACCENT, "size": 12, "line": {"color": "white", "width": 2}},
            text=[f"{days} j : {short_money(value)}"],
            textposition="bottom right",
            textfont={"size": 14, "color": "#1c2024"},
            hoverinfo="skip",
        )
    )
    return _as_json(fig)


def comparison_figure(bars: list[tuple[str, Decimal]]) -> dict[str, Any]:
    """Yearly cost of each option, as horizontal bars labelled in euros (the cheapest in the accent colour)."""
    cheapest = min(value for _, value in bars)
    divisor, unit = scale(max(value for _, value in bars))
    fig = go.Figure(
        layout=_layout(
            height=230,
            margin={"l": 96, "r": 20, "t": 12, "b": 48},
            xaxis=_axis(f"Coût par an ({unit})", tickformat=",.2~f", rangemode="tozero"),
            yaxis={"fixedrange": True, "autorange": "reversed"},
        )
    )
    fig.add_trace(
        go.Bar(
            x=[float(value / divisor) for _, value in bars],
            y=[label for label, _ in bars],
            orientation="h",
            marker={"color": [ACCENT if value == cheapest else MUTED for _, value in bars]},
            text=[money(value, cents=False) for _, value in bars],
            textposition="auto",
            insidetextanchor="end",
            cliponaxis=False,
            hoverinfo="skip",
        )
    )
    return _as_json(fig)
