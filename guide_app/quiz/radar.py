"""The radar of a diagnostic's axis scores (a visitor's result, a room's averages), drawn on the server as SVG
(guide_app/core/svg.py): no charting library for the phone to fetch and run, and fast enough for a screen that
redraws it every second while a room answers."""

from __future__ import annotations

import math
import textwrap

from guide_app.core.svg import GRID, points, svg, text

ACCENT = "#3e63dd"
PREVIOUS = "#8b8d98"
RADIUS = 100  # the 100 ring, in the picture's units
LABEL_RADIUS = 1.3  # labels stand outside the 100 ring


def spoke_points(values: list[float], radius: float = 1.0) -> list[tuple[float, float]]:
    """The polygon of values (0–100) on spokes starting at 12 o'clock, clockwise, in the picture's units (y goes
    down in SVG)."""
    count = len(values)
    angles = [math.pi / 2 - 2 * math.pi * index / count for index in range(count)]
    return [
        (RADIUS * radius * value / 100 * math.cos(angle), -RADIUS * radius * value / 100 * math.sin(angle))
        for value, angle in zip(values, angles, strict=True)
    ]


def radar(labels: list[str], values: list[int], previous: list[int] | None = None) -> str:
    """A radar of axis scores (0–100), with the previous attempt dashed behind it when given."""
    parts = [
        f'<polygon points="{points(spoke_points([ring] * len(labels)))}" fill="none" stroke="{GRID}"/>'
        for ring in (25, 50, 75, 100)
    ]
    parts += [
        f'<line x1="0" y1="0" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}"/>' for x, y in spoke_points([100] * len(labels))
    ]
    if previous is not None:
        parts.append(
            f'<polygon class="radar-before" points="{points(spoke_points([float(v) for v in previous]))}"'
            f' fill="none" stroke="{PREVIOUS}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
    today = spoke_points([float(value) for value in values])
    parts.append(
        f'<polygon class="radar-today" points="{points(today)}" fill="{ACCENT}" fill-opacity="0.18"'
        f' stroke="{ACCENT}" stroke-width="3" stroke-linejoin="round"/>'
    )
    parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{ACCENT}"/>' for x, y in today]
    for label, (x, y) in zip(labels, spoke_points([100] * len(labels), radius=LABEL_RADIUS), strict=True):
        parts.append(text(x, y + 5, "\n".join(textwrap.wrap(label, 13, break_long_words=False)), size=13))
    return svg("-190 -165 380 330", parts)
