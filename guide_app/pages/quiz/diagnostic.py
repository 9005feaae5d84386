"""The diagnostic on a phone: intro, one question per screen, the optional company profile."""

from __future__ import annotations

import reflex as rx

from guide_app.components.form import select_field, text_field
from guide_app.components.layout import link_button, page, spinner
from guide_app.core import routes
from guide_app.quiz.diagnostic_state import DiagnosticState as S
from guide_app.quiz.profile import HEADCOUNTS, SECTORS


def _intro() -> rx.Component:
    return rx.vstack(
        rx.heading("Auto-diagnostic : où en êtes-vous ?", as_="h1", size="7"),
        rx.text(
            f"{S.total} questions, environ 4 minutes, pour savoir si vous êtes plutôt novice ou déjà avancé dans "
            "la gestion de vos impayés, axe par axe, avec trois actions concrètes à la clé.",
            size="3",
        ),
        rx.text(
            "Vos réponses sont enregistrées au fil de l'eau : vous pouvez vous arrêter et reprendre plus tard "
            "sur ce téléphone. Aucune donnée personnelle n'est demandée.",
            size="3",
            color_scheme="gray",
        ),
        rx.button(
            rx.cond(S.has_result, "Refaire le diagnostic", "Commencer"),
            on_click=S.start,
            size="3",
            width="100%",
            class_name="tap",
        ),
        rx.cond(S.has_result, link_button("Voir mon dernier résultat", routes.DIAGNOSTIC_RESULT, variant="soft")),
        spacing="4",
        width="100%",
    )


def _option(option: rx.Var[dict[str, str]]) -> rx.Component:
    chosen = S.selected == option["id"]
    return rx.button(
        rx.text(rx.cond(chosen, "✓ ", ""), option["text"], align="left", width="100%"),
        on_click=S.answer(S.question_id, option["id"]),
        size="3",
        variant=rx.cond(chosen, "solid", "outline"),
        width="100%",
        class_name="tap choice",
        aria_pressed=rx.cond(chosen, "true", "false"),
    )


def _back_button() -> rx.Component:
    return rx.cond(
        S.index > 0,
        rx.button("← Question précédente", on_click=S.back, variant="ghost", size="3", class_name="tap"),
    )


def _question() -> rx.Component:
    return rx.vstack(
        rx.text(f"Question {S.index + 1} sur {S.total}", size="2", color_scheme="gray"),
        rx.progress(value=S.index * 100 // S.total, aria_label="Avancement du diagnostic"),
        rx.heading(S.prompt, as_="h1", size="5"),
        rx.vstack(rx.foreach(S.options, _option), spacing="3", width="100%", role="group"),
        rx.cond(S.error != "", rx.callout(S.error, color_scheme="red", role="alert", width="100%")),
        _back_button(),
        spacing="4",
        width="100%",
    )


def _profile() -> rx.Component:
    errors = S.profile_errors
    return rx.vstack(
        rx.text("Dernière étape, facultative", size="2", color_scheme="gray"),
        rx.progress(value=100, aria_label="Avancement du diagnostic"),
        rx.heading("Votre entreprise en quelques chiffres", as_="h1", size="6"),
        rx.text(
            "Ils servent à chiffrer ce qui est en jeu et à pré-remplir les simulateurs. "
            "Laissez vide ce que vous ne savez pas.",
            size="3",
        ),
        rx.form(
            rx.vstack(
                select_field("Secteur d'activité", "sector", SECTORS, errors.get("sector", "")),
                select_field("Effectif", "headcount", HEADCOUNTS, errors.get("headcount", "")),
                text_field(
                    "Chiffre d'affaires annuel HT",
                    "revenue",
                    errors.get("revenue", ""),
                    input_mode="decimal",
                    placeholder="Ex. 850 000",
                    suffix="€",
                ),
                text_field(
                    "Part des factures payées en retard",
                    "overdue_share",
                    errors.get("overdue_share", ""),
                    input_mode="decimal",
                    placeholder="Ex. 30",
                    suffix="%",
                ),
                text_field(
                    "Délai de paiement accordé d'habitude",
                    "payment_terms",
                    errors.get("payment_terms", ""),
                    input_mode="numeric",
                    placeholder="Ex. 30",
                    suffix="jours",
                ),
                text_field(
                    "Votre DSO actuel, si vous le connaissez",
                    "dso",
                    errors.get("dso", ""),
                    input_mode="numeric",
                    placeholder="Ex. 55",
                    suffix="jours",
                    hint="Délai moyen réel entre la facture et l'encaissement.",
                ),
                rx.button("Voir mon résultat", type="submit", size="3", width="100%", class_name="tap"),
                spacing="4",
                width="100%",
            ),
            on_submit=S.save_profile,
            width="100%",
        ),
        rx.button(
            "Passer cette étape", on_click=S.skip_profile, variant="soft", size="3", width="100%", class_name="tap"
        ),
        _back_button(),
        spacing="4",
        width="100%",
    )


def diagnostic_page() -> rx.Component:
    return page(
        rx.match(
            S.view,
            ("intro", _intro()),
            ("question", _question()),
            ("profile", _profile()),
            rx.center(spinner(), width="100%", min_height="200px"),
        )
    )
