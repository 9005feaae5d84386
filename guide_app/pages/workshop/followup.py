"""« Prochaine session »: a card of the workshop's screen where the advisor sets the next session that the follow-up
e-mail announces (NextSessionState.load must run in the page's on_load, after ScreenState.load)."""

from __future__ import annotations

import reflex as rx

from guide_app.components.form import text_field
from guide_app.workshop.followup_mail import PLACE, PLACE_MAX, WHEN
from guide_app.workshop.followup_state import NextSessionState as N


def next_session_form() -> rx.Component:
    errors = N.errors
    return rx.cond(
        N.found,
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading("Prochaine session", as_="h2", size="5"),
                    rx.text(
                        "Les participants qui ont laissé leur e-mail recevront, à la clôture, leur résultat, trois "
                        "chapitres à relire et cette invitation.",
                        size="3",
                    ),
                    text_field(
                        "Date et heure (heure de Paris)",
                        WHEN,
                        errors.get(WHEN, ""),
                        type="datetime-local",
                        hint="Laissez vide pour ne pas annoncer de prochaine session.",
                        autocomplete="off",
                        default=N.when,
                    ),
                    text_field(
                        "Lieu",
                        PLACE,
                        errors.get(PLACE, ""),
                        hint=f"{PLACE_MAX} caractères au plus.",
                        placeholder="Ex. CCI de Lyon, salle 2 — ou en visio",
                        autocomplete="off",
                        default=N.place,
                    ),
                    rx.button("Enregistrer", type="submit", size="3", width="100%", class_name="tap"),
                    rx.cond(N.notice != "", rx.callout(N.notice, color_scheme="green", role="status", width="100%")),
                    spacing="3",
                    width="100%",
                ),
                on_submit=N.save,
                reset_on_submit=False,
                key=N.when + "|" + N.place,  # shown again from the database after a save
                width="100%",
            ),
            width="100%",
        ),
    )
