"""The "Vos données" section of the account settings (copy, erasure) and the page shown once the account is gone."""

from __future__ import annotations

import reflex as rx

from guide_app.accounts.data_state import CONFIRM_WORD
from guide_app.accounts.data_state import AccountDataState as D
from guide_app.components.form import text_field
from guide_app.components.layout import link_button, page
from guide_app.core import routes


def data_section() -> rx.Component:
    errors = D.erase_errors
    return rx.vstack(
        rx.heading("Vos données", as_="h2", size="5"),
        rx.text(
            "Téléchargez une copie de tout ce que votre compte contient (clients, dossiers, factures, relances, "
            "paiements, historique) dans un fichier JSON lisible par d'autres logiciels.",
            size="3",
        ),
        rx.button(
            "Télécharger mes données",
            on_click=D.download,
            size="3",
            variant="outline",
            width="100%",
            class_name="tap",
        ),
        rx.heading("Supprimer mon compte", as_="h3", size="4"),
        rx.text(
            "La suppression est définitive : le compte, vos clients, dossiers, factures, relances prévues et leur "
            "historique sont effacés tout de suite, et plus aucune relance ne part. Téléchargez vos données avant "
            "si vous voulez les garder.",
            size="3",
        ),
        rx.form(
            rx.vstack(
                text_field(
                    "Votre mot de passe",
                    "erase_password",
                    errors.get("erase_password", ""),
                    type="password",
                    autocomplete="current-password",
                ),
                text_field(
                    f"Tapez {CONFIRM_WORD} pour confirmer",
                    "erase_confirm",
                    errors.get("erase_confirm", ""),
                    autocomplete="off",
                ),
                rx.button(
                    "Supprimer définitivement mon compte",
                    type="submit",
                    size="3",
                    color_scheme="red",
                    width="100%",
                    class_name="tap",
                ),
                spacing="4",
                width="100%",
            ),
            on_submit=D.erase,
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


def erased_page() -> rx.Component:
    return page(
        rx.heading("Votre compte est supprimé", as_="h1", size="7"),
        rx.text(
            "Le compte, ses clients, dossiers, factures, relances et leur historique ont été effacés. "
            "Aucune relance ne partira plus en votre nom.",
            size="3",
        ),
        rx.text(
            "Les diagnostics faits dans ce navigateur avant l'inscription restent visibles ici seulement, sans lien "
            "avec votre entreprise.",
            size="3",
            color_scheme="gray",
        ),
        link_button("Revenir à l'accueil", routes.HOME),
    )
