"""Charts as SVG text drawn on the server: a phone gets a picture in the page's update, not a 1 MB charting library
to download and run before it sees a line (issue « First paint »). The pages show it with rx.html; every label
is escaped, and numbers are formatted in French by the callers (guide_app.core.format)."""

from __future__ import annotations

import math
from html import escape

INK = "#1c2024"  # the text colour of the theme (slate 12)
GRID = "#d9d9e0"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


def svg(view_box: str, body: list[str]) -> str:
    """A picture that takes its container's width and keeps its proportions; hidden from screen readers (the pages
    give the same figures as text beside it)."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}" width="100%" aria-hidden="true"'
        f' focusable="false" style="display:block;height:auto;font-family:{FONT}">' + "".join(body) + "</svg>"
    )


def text(
    x: float, y: float, content: str, *, size: float = 13, anchor: str = "middle", fill: str = INK, **style: str | float
) -> str:
    """One label; `content` is escaped, and may hold several lines separated by "\\n"."""
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in style.items())
    lines = content.split("\n")
    first = -(len(lines) - 1) * 0.6  # em: a block of lines centred on y
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{(first if index == 0 else 1.2):.2f}em">{escape(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}" fill="{fill}"{extra}>{spans}</text>'
    )


def points(coordinates: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)


def nice_ticks(maximum: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `maximum` (steps of 1, 2, 2.5 or 5 × a power of ten)."""
    if maximum <= 0 or not math.isfinite(maximum):
        return [0.0, 1.0]
    raw = maximum / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(power * factor for factor in (1, 2, 2.5, 5, 10) if power * factor >= raw)
    return [step * index for index in range(math.ceil(maximum / step - 1e-9) + 1)]
