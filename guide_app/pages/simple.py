"""Small pages: features coming soon, and the French 404."""

from __future__ import annotations

import reflex as rx

from guide_app.components.layout import link_button, page
from guide_app.core import routes


def coming_soon(title: str, promise: str) -> rx.Component:
    return page(
        rx.badge("Bientôt", color_scheme="amber", size="2"),
        rx.heading(title, as_="h1", size="7"),
        rx.text(promise, size="3"),
        rx.text("En attendant, les chapitres du guide vous donnent déjà l'essentiel.", size="3"),
        link_button("Lire le guide", routes.HOME),
    )


def not_found() -> rx.Component:
    return page(
        rx.heading("Page introuvable", as_="h1", size="7"),
        rx.text(
            "Cette adresse ne correspond à aucune page du guide. Le lien est peut-être incomplet ou ancien.", size="3"
        ),
        link_button("Retour à l'accueil", routes.HOME),
    )
