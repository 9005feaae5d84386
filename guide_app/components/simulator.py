"""Simulator pieces: labelled inputs with their French error, and the result laid out from a Report's parts.

They take values and event callbacks, never a State class, so each simulator page binds its own state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from guide_app.simulators.report import Block, Line

OnChange = Callable[[rx.Var[str]], Any]


def _error(input_id: str, error: rx.Var[str]) -> rx.Component:
    return rx.cond(
        error,
        rx.text(error, id=f"{input_id}-erreur", color_scheme="red", size="2", role="alert", class_name="field-error"),
    )


def field(
    *,
    name: str,
    label: str | rx.Var[str],
    value: rx.Var[str],
    error: rx.Var[str],
    on_change: OnChange,
    unit: str = "",
    hint: str = "",
    kind: str = "decimal",
) -> rx.Component:
    """A text input as French users type numbers ("12 345,67", "15 %"), or a date picker (kind="date")."""
    input_id = f"champ-{name}"
    hint_id = f"{input_id}-aide"
    props: dict[str, Any] = (
        {"type": "date"}
        if kind == "date"
        else {"type": "text", "input_mode": kind, "auto_complete": "off", "spell_check": False}
    )
    return rx.vstack(
        rx.el.label(label, html_for=input_id, class_name="field-label"),
        rx.input(
            *([rx.input.slot(unit, side="right")] if unit else []),
            id=input_id,
            name=name,
            value=value,
            on_change=on_change,
            size="3",
            width="100%",
            aria_invalid=rx.cond(error, "true", "false"),
            aria_describedby=f"{input_id}-erreur {hint_id}" if hint else f"{input_id}-erreur",
            class_name="field-input",
            **props,
        ),
        *([rx.text(hint, id=hint_id, size="2", color_scheme="gray")] if hint else []),
        _error(input_id, error),
        spacing="1",
        width="100%",
    )


def choice(
    *,
    name: str,
    label: str,
    value: rx.Var[str],
    error: rx.Var[str],
    options: list[tuple[str, str]],
    on_change: OnChange,
) -> rx.Component:
    """A few exclusive options (HT / TTC) as thumb-sized segments: native radio buttons, which assets/styles.css
    draws as a segmented control (the browser gives them their role, arrow keys and focus; no toggle-group script)."""
    return rx.vstack(
        rx.text(label, as_="div", class_name="field-label", id=f"champ-{name}-titre"),
        rx.el.div(
            *[
                rx.el.label(
                    rx.el.input(
                        type="radio",
                        name=name,
                        value=code,
                        checked=value == code,
                        on_change=on_change,
                        class_name="choice-input",
                    ),
                    text,
                    class_name="choice-option",
                )
                for code, text in options
            ],
            role="radiogroup",
            class_name="choice-control",
            aria_labelledby=f"champ-{name}-titre",
        ),
        _error(f"champ-{name}", error),
        spacing="1",
        width="100%",
    )


def select(
    *,
    name: str,
    label: str,
    value: rx.Var[str],
    error: rx.Var[str],
    options: list[tuple[str, str]],
    on_change: OnChange,
) -> rx.Component:
    """Options too long for a segmented control on a phone: a native select, bound to the simulator's values."""
    input_id = f"champ-{name}"
    return rx.vstack(
        rx.el.label(label, html_for=input_id, class_name="field-label"),
        rx.el.select(
            *[rx.el.option(text, value=code) for code, text in options],
            id=input_id,
            name=name,
            value=value,
            on_change=on_change,
            class_name="native-select",
            aria_invalid=rx.cond(error, "true", "false"),
            aria_describedby=f"{input_id}-erreur",
        ),
        _error(input_id, error),
        spacing="1",
        width="100%",
    )


def form_card(*children: rx.Component) -> rx.Component:
    return rx.card(rx.vstack(*children, spacing="4", width="100%"), width="100%", class_name="sim-form")


def _line(line: rx.Var[Line]) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(line.label, weight="medium", size="3"),
            rx.text(line.value, weight="bold", size="3", class_name="figure-value"),
            justify="between",
            align="baseline",
            width="100%",
            spacing="3",
            wrap="wrap",
        ),
        rx.cond(line.detail, rx.text(line.detail, size="2", color_scheme="gray")),
        spacing="1",
        width="100%",
        class_name="result-line",
    )


def _block(block: rx.Var[Block]) -> rx.Component:
    return rx.vstack(
        rx.heading(block.title, as_="h3", size="3"),
        rx.foreach(block.paragraphs, lambda paragraph: rx.text(paragraph, size="3")),
        spacing="2",
        width="100%",
    )


def chart(picture: rx.Var[str], label: str) -> rx.Component:
    """A simulator's chart: an SVG picture drawn on the server (simulators/charts.py), named for screen readers."""
    return rx.box(
        rx.html(picture),
        role="img",
        aria_label=label,
        class_name="sim-chart",
        width="100%",
    )


def result(
    *,
    has_result: rx.Var[bool],
    headline: rx.Var[Line],
    lines: rx.Var[list[Line]],
    blocks: rx.Var[list[Block]],
    warnings: rx.Var[list[str]],
    extra: rx.Component | None = None,
) -> rx.Component:
    return rx.cond(
        has_result,
        rx.vstack(
            rx.card(
                rx.vstack(
                    rx.text(headline.label, size="2", weight="medium", color_scheme="gray"),
                    rx.text(
                        headline.value, size="7", weight="bold", color_scheme="indigo", class_name="headline-value"
                    ),
                    rx.text(headline.detail, size="3"),
                    spacing="2",
                    width="100%",
                ),
                width="100%",
                class_name="sim-headline",
                role="status",
                aria_live="polite",
            ),
            rx.foreach(
                warnings,
                lambda warning: rx.callout(warning, color_scheme="orange", role="note", width="100%", size="2"),
            ),
            *([extra] if extra is not None else []),
            rx.vstack(rx.foreach(lines, _line), spacing="4", width="100%"),
            rx.foreach(blocks, _block),
            spacing="4",
            width="100%",
        ),
        rx.callout(
            "Corrigez le champ signalé en rouge pour voir le résultat.",
            color_scheme="red",
            variant="soft",
            width="100%",
        ),
    )
