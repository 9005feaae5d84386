"""A payment plan as a card: its summary and one line per instalment (date, amount, status), then any buttons.

Takes plain values (no State): the owner's recours page and the debtor page both render it, e.g.
`plan_card("Échéancier proposé", State.plan.summary, State.plan.rows, rx.button("J'accepte", …))` with rows built
by recourse_view.plan_view()."""

from __future__ import annotations

import reflex as rx

from guide_app.recourse.view import InstalmentRow


def _row(row: rx.Var[InstalmentRow]) -> rx.Component:
    return rx.hstack(
        rx.text(row.position, ".", size="3", color_scheme="gray", width="1.6em"),
        rx.text(row.date, size="3", white_space="nowrap"),
        rx.spacer(),
        rx.text(row.amount, size="3", weight="bold", white_space="nowrap"),
        rx.badge(row.status, color_scheme=rx.cond(row.late, "orange", "gray"), size="2"),
        align="center",
        spacing="2",
        width="100%",
        class_name="plan-row",
    )


def plan_card(
    title: str | rx.Var[str],
    summary: str | rx.Var[str],
    rows: rx.Var[list[InstalmentRow]],
    *actions: rx.Component,
) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(title, as_="h3", size="4"),
            rx.text(summary, size="3"),
            rx.vstack(rx.foreach(rows, _row), spacing="2", width="100%"),
            *actions,
            spacing="3",
            width="100%",
        ),
        width="100%",
        class_name="plan-card",
    )
