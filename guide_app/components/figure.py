"""A key-figure callout: value, what it measures, its source and date."""

from __future__ import annotations

import reflex as rx

from guide_app.core.content import Figure, keep_numbers_whole


def figure_callout(figure: Figure) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(keep_numbers_whole(figure.value), size="7", weight="bold", color_scheme="indigo"),
            rx.text(keep_numbers_whole(figure.label), size="3"),
            *([rx.text(figure.note, size="2", color_scheme="gray")] if figure.note else []),
            rx.text(f"Source : {figure.source} ({figure.dated})", size="1", color_scheme="gray"),
            spacing="1",
        ),
        class_name="figure-callout",
        width="100%",
    )
