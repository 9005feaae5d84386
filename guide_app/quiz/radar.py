"""Plotly figures as plain JSON. Only scatter traces, so the light `rx.plotly.basic` bundle draws them."""

from __future__ import annotations

import math
import textwrap

ACCENT = "#3e63dd"
PREVIOUS = "#8b8d98"
GRID = "#d9d9e0"


def _polygon(values: list[float], radius: float = 1.0) -> tuple[list[float], list[float]]:
    """Closed polygon of values (0–100) on spokes starting at 12 o'clock, clockwise."""
    count = len(values)
    angles = [math.pi / 2 - 2 * math.pi * i / count for i in range(count)]
    xs = [radius * v / 100 * math.cos(a) for v, a in zip(values, angles, strict=True)]
    ys = [radius * v / 100 * math.sin(a) for v, a in zip(values, angles, strict=True)]
    return xs + xs[:1], ys + ys[:1]


def _line(xs: list[float], ys: list[float], **style: object) -> dict[str, object]:
    return {"type": "scatter", "x": xs, "y": ys, "mode": "lines", "hoverinfo": "skip", **style}


def radar(
    labels: list[str], values: list[int], previous: list[int] | None = None, *, height: int = 330
) -> dict[str, object]:
    """A radar of axis scores (0–100), with the previous attempt dashed behind it when given, as Plotly's plain
    JSON (scatter traces only, so the light `rx.plotly.basic` bundle draws it). Built without Plotly's objects:
    a hundred times faster, for a screen that redraws it every second while a room answers."""
    grid = {"color": GRID, "width": 1}
    traces = [_line(*_polygon([ring] * len(labels)), line=grid) for ring in (25, 50, 75, 100)]
    traces += [_line([0, x], [0, y], line=grid) for x, y in zip(*_polygon([100] * len(labels)), strict=True)]
    if previous is not None:
        dashed = {"color": PREVIOUS, "width": 2, "dash": "dash"}
        traces.append(_line(*_polygon([float(v) for v in previous]), name="Avant", line=dashed))
    xs, ys = _polygon([float(v) for v in values])
    traces.append(
        {
            "type": "scatter",
            "x": xs,
            "y": ys,
            "mode": "lines+markers",
            "name": "Aujourd'hui",
            "fill": "toself",
            "line": {"color": ACCENT, "width": 3},
            "fillcolor": "rgba(62, 99, 221, 0.18)",
        }
    )
    label_x, label_y = _polygon([100] * len(labels), radius=1.3)
    hidden = {"visible": False, "range": [-2.05, 2.05], "fixedrange": True}
    return {
        "data": traces,
        "layout": {
            "showlegend": False,
            "margin": {"l": 4, "r": 4, "t": 4, "b": 4},
            "height": height,
            "xaxis": hidden,
            "yaxis": {**hidden, "scaleanchor": "x", "range": [-1.55, 1.55]},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "annotations": [
                {
                    "x": x,
                    "y": y,
                    "text": "<br>".join(textwrap.wrap(text, 13, break_long_words=False)),
                    "showarrow": False,
                    "font": {"size": 11, "color": "#1c2024"},
                }
                for text, x, y in zip(labels, label_x, label_y, strict=False)
            ],
        },
    }
