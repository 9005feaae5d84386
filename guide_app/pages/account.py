"""The account home and a case page (phone first)."""

from __future__ import annotations

import reflex as rx

from guide_app import routes
from guide_app.collection.state import AccountState as A
from guide_app.collection.state import CaseLine
from guide_app.collection.state import CaseState as K
from guide_app.components.layout import link_button, page
from guide_app.components.timeline import case_timeline


def _line(line: rx.Var[CaseLine]) -> rx.Component:
    return rx.link(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.text(line.debtor, weight="bold", size="3"),
                    rx.spacer(),
                    rx.text(line.amount, size="3", white_space="nowrap"),
                    width="100%",
                ),
                rx.text(
                    rx.cond(line.days_late > 0, f"{line.days_late} jours de retard", "Pas encore échu"),
                    size="2",
                    color_scheme=rx.cond(line.days_late > 0, "orange", "gray"),
                ),
                rx.cond(line.next_action != "", rx.text("Prochaine action : ", line.next_action, size="2")),
                spacing="1",
                width="100%",
            ),
            width="100%",
        ),
        href=line.href,
        underline="none",
        color_scheme="gray",
        high_contrast=True,
        width="100%",
    )


def account_page() -> rx.Component:
    return page(
        rx.text(A.company_name, size="2", color_scheme="gray"),
        rx.heading(f"Bonjour {A.contact_name}", as_="h1", size="7"),
        rx.cond(
            ~A.live,
            rx.callout("Mode test : aucune relance n'est envoyée à vos clients.", color_scheme="blue", width="100%"),
        ),
        rx.cond(~A.onboarding_done, link_button("Reprendre mon inscription", routes.SIGN_UP)),
        rx.heading("Vos dossiers", as_="h2", size="5"),
        rx.cond(
            A.lines.length() > 0,
            rx.vstack(rx.foreach(A.lines, _line), spacing="3", width="100%"),
            rx.text("Aucun dossier pour l'instant.", size="3"),
        ),
        link_button("Paramètres du compte", routes.ACCOUNT_SETTINGS, variant="soft"),
    )


def case_page() -> rx.Component:
    return page(
        rx.link("← Mes dossiers", href=routes.ACCOUNT, class_name="tap", size="3"),
        rx.cond(
            K.found,
            rx.vstack(rx.heading("Dossier", as_="h1", size="6"), case_timeline(K.view), spacing="3", width="100%"),
            rx.vstack(
                rx.heading("Dossier introuvable", as_="h1", size="6"),
                rx.text("Ce dossier n'existe pas ou n'appartient pas à votre compte.", size="3"),
                spacing="3",
            ),
        ),
    )
