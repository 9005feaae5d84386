"""What a simulator shows once its inputs are valid: French text only, formatted through guide_app.core.format.

Pages lay a Report out the same way for every simulator: the headline figure, lines that each explain one
number, titled blocks (assumptions, sources, the guide's example), legal warnings, and an optional chart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from guide_app.core.content import keep_numbers_whole


@dataclass(frozen=True)
class Line:
    label: str
    value: str
    detail: str = ""  # the formula or the reason, in one line


@dataclass(frozen=True)
class Block:
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    headline: Line
    lines: tuple[Line, ...] = ()
    blocks: tuple[Block, ...] = ()
    warnings: tuple[str, ...] = ()
    chart: str = ""  # an SVG picture (simulators/charts.py); empty when there is none


def _whole(line: Line) -> Line:
    return Line(keep_numbers_whole(line.label), keep_numbers_whole(line.value), keep_numbers_whole(line.detail))


def keep_whole(report: Report) -> Report:
    """Numbers quoted from content ("10 000 €", "15 jours") never break across lines (Babel's already do not)."""
    return replace(
        report,
        headline=_whole(report.headline),
        lines=tuple(_whole(line) for line in report.lines),
        blocks=tuple(
            Block(keep_numbers_whole(block.title), tuple(keep_numbers_whole(p) for p in block.paragraphs))
            for block in report.blocks
        ),
        warnings=tuple(keep_numbers_whole(warning) for warning in report.warnings),
    )
