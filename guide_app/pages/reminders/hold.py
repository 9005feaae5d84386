"""« Suspendre les envois à ce client », from the owner's morning digest."""

from __future__ import annotations

import reflex as rx

from guide_app.components.layout import link_button, page
from guide_app.core import routes
from guide_app.reminders.hold_state import HoldState as H


def hold_page() -> rx.Component:
    return page(
        rx.heading("Suspendre les envois", as_="h1", size="7"),
        rx.match(
            H.status,
            (
                "valid",
                rx.vstack(
                    rx.text(
                        "Aucun message ne partira plus à ",
                        rx.el.strong(H.client),
                        " tant que vous ne reprendrez pas les envois depuis la page « Relances e-mail » de votre "
                        "espace. Vos autres clients ne sont pas concernés.",
                        size="3",
                    ),
                    rx.button(
                        "Suspendre les envois à ce client", on_click=H.hold, size="3", width="100%", class_name="tap"
                    ),
                    spacing="3",
                    width="100%",
                ),
            ),
            (
                "held",
                rx.callout(
                    rx.text("Envois suspendus pour ", rx.el.strong(H.client), ". Rien ne part avant votre reprise."),
                    color_scheme="green",
                    role="status",
                    width="100%",
                ),
            ),
            ("invalid", rx.callout(H.error, color_scheme="orange", role="alert", width="100%")),
            rx.text("Vérification du lien…", size="3"),
        ),
        link_button("Gérer mes relances", routes.ACCOUNT_MESSAGES, variant="outline"),
    )
