"""A case at a glance: totals, invoices, then each scheduled action with its message and what is owed then."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from guide_app.desk.overview import ActionRow, CaseView, InvoiceRow

ActionControls = Callable[[rx.Var[ActionRow]], rx.Component]


def _invoice(row: rx.Var[InvoiceRow]) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text("Facture ", row.number, weight="bold", size="3"),
            rx.text("Émise le ", row.issued, " · échéance ", row.due, size="2", color_scheme="gray"),
            spacing="0",
        ),
        rx.spacer(),
        rx.vstack(
            rx.text(row.amount_ttc, " TTC", size="3", white_space="nowrap"),
            rx.text(row.amount_ht, " HT", size="1", color_scheme="gray", white_space="nowrap"),
            rx.text("reste ", row.remaining, size="2", color_scheme="orange", white_space="nowrap"),
            spacing="0",
            align="end",
        ),
        width="100%",
        align="center",
    )


def _action(row: rx.Var[ActionRow], controls: ActionControls | None) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(row.date, weight="bold", size="3"),
                rx.text(row.day, size="2", color_scheme="gray"),
                rx.spacer(),
                rx.badge(row.status, color_scheme=rx.cond(row.urgent, "orange", "gray"), size="2"),
                width="100%",
                align="center",
            ),
            rx.text(row.name, weight="bold", size="3"),
            rx.text(row.channel, " · ton ", row.tone.lower(), size="2", color_scheme="gray"),
            rx.text("Dû à cette date : ", row.owed, size="3"),
            rx.el.details(
                rx.el.summary("Voir le message", class_name="tap"),
                rx.cond(row.subject != "", rx.text(row.subject, weight="bold", size="2")),
                rx.text(row.body, size="3", class_name="message-body"),
            ),
            rx.cond(row.note != "", rx.text("Note : ", row.note, size="2", color_scheme="gray")),
            *([controls(row)] if controls else []),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def case_summary(view: rx.Var[CaseView]) -> rx.Component:
    """Who owes what today, why reminders may be paused, and the invoices."""
    return rx.card(
        rx.vstack(
            rx.heading(view.debtor, as_="h2", size="5"),
            rx.text("Catégorie : ", view.risk, size="2", color_scheme="gray"),
            rx.cond(view.rating != "", rx.text(view.rating, size="2", color_scheme="gray")),
            rx.text("Dû aujourd'hui : ", rx.el.strong(view.owed_today), size="3"),
            rx.cond(view.paid != "", rx.text("Déjà payé : ", view.paid, size="3")),
            rx.cond(view.pause != "", rx.callout(view.pause, color_scheme="blue", width="100%")),
            rx.cond(view.credit_warning != "", rx.callout(view.credit_warning, color_scheme="red", width="100%")),
            rx.cond(view.terms_warning != "", rx.callout(view.terms_warning, color_scheme="orange", width="100%")),
            rx.cond(
                view.limitation_warning != "", rx.callout(view.limitation_warning, color_scheme="red", width="100%")
            ),
            rx.foreach(view.invoices, _invoice),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def case_actions(view: rx.Var[CaseView], controls: ActionControls | None = None) -> rx.Component:
    """Each action with its date, message and what is owed then; `controls` adds buttons (the case page's)."""
    return rx.vstack(
        rx.heading("Actions prévues", as_="h2", size="5"),
        rx.foreach(view.actions, lambda row: _action(row, controls)),
        spacing="3",
        width="100%",
    )
