"""Workshops on a participant's phone: type the code (/atelier), then the room (/atelier/<code>)."""

from __future__ import annotations

import reflex as rx

from guide_app.components.layout import link_button, loading, page, spinner
from guide_app.core import routes
from guide_app.pages.workshop.game import phone_game, phone_removed
from guide_app.workshop.phone_state import JoinCodeState as J
from guide_app.workshop.phone_state import ParticipantState as P


def join_page() -> rx.Component:
    return page(
        rx.heading("Rejoindre un atelier", as_="h1", size="7"),
        rx.text("Tapez le code à 6 chiffres affiché sur l'écran de l'animateur.", size="3"),
        rx.form(
            rx.vstack(
                rx.el.label("Code de l'atelier", html_for="field-code", class_name="field-label"),
                rx.input(
                    id="field-code",
                    name="code",
                    input_mode="numeric",
                    auto_complete="off",
                    placeholder="234 567",
                    max_length=12,
                    size="3",
                    width="100%",
                    class_name="code-input",
                    aria_describedby="field-code-error",
                ),
                rx.cond(
                    J.error != "", rx.text(J.error, id="field-code-error", color_scheme="red", size="3", role="alert")
                ),
                rx.button("Rejoindre", type="submit", size="3", width="100%", class_name="tap"),
                spacing="3",
                width="100%",
            ),
            on_submit=J.go,
            width="100%",
        ),
        rx.text(
            "Pas de compte, pas de nom : un pseudo suffit, et vos réponses restent anonymes.",
            size="3",
            color_scheme="gray",
        ),
    )


def _missing() -> rx.Component:
    return rx.vstack(
        rx.heading("Aucun atelier ouvert avec ce code", as_="h1", size="6"),
        rx.text("L'atelier est peut-être terminé, ou le code mal recopié.", size="3"),
        link_button("Taper un autre code", routes.WORKSHOP_JOIN),
        spacing="4",
        width="100%",
    )


def _join() -> rx.Component:
    return rx.vstack(
        rx.text("Atelier · code ", P.code, size="2", color_scheme="gray"),
        rx.heading(P.title, as_="h1", size="7"),
        rx.cond(
            P.game,
            rx.text(
                "Un jeu-quiz sur le recouvrement : répondez vite et juste pour marquer des points. Seul votre pseudo "
                "apparaît au classement.",
                size="3",
            ),
            rx.text(
                "Un auto-diagnostic de votre recouvrement en ",
                P.total,
                " questions. Vos réponses restent anonymes : l'animateur voit les résultats de la salle.",
                size="3",
            ),
        ),
        rx.form(
            rx.vstack(
                rx.el.label("Votre pseudo (facultatif)", html_for="field-pseudonym", class_name="field-label"),
                rx.input(
                    id="field-pseudonym",
                    name="pseudonym",
                    placeholder="Ex. Renard, Table 3…",
                    max_length=40,
                    auto_complete="off",
                    size="3",
                    width="100%",
                    aria_describedby="field-pseudonym-error",
                ),
                rx.text("Pas besoin de votre vrai nom.", size="2", color_scheme="gray"),
                rx.cond(
                    P.join_error != "",
                    rx.text(P.join_error, id="field-pseudonym-error", color_scheme="red", size="2", role="alert"),
                ),
                rx.button("Entrer dans l'atelier", type="submit", size="3", width="100%", class_name="tap"),
                spacing="3",
                width="100%",
            ),
            on_submit=P.join,
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


def _option(option: rx.Var[dict[str, str]]) -> rx.Component:
    chosen = P.selected == option["id"]
    return rx.button(
        rx.text(rx.cond(chosen, "✓ ", ""), option["text"], align="left", width="100%"),
        on_click=P.answer(P.question_id, option["id"]),
        size="3",
        variant=rx.cond(chosen, "solid", "outline"),
        width="100%",
        class_name="tap choice",
        aria_pressed=rx.cond(chosen, "true", "false"),
        disabled=(P.selected != "") | (P.phase == "reveal"),
    )


def _question() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(f"Question {P.index + 1} sur {P.total}", size="2", color_scheme="gray"),
            rx.spacer(),
            rx.text(P.seat_label, size="2", color_scheme="gray"),
            width="100%",
        ),
        rx.progress(value=P.index * 100 // P.total, aria_label="Avancement"),
        rx.heading(P.prompt, as_="h1", size="5"),
        rx.vstack(rx.foreach(P.options, _option), spacing="3", width="100%", role="group"),
        rx.text(
            "Une seule réponse par question : elle est enregistrée dès que vous la touchez.",
            size="2",
            color_scheme="gray",
        ),
        rx.cond(P.error != "", rx.callout(P.error, color_scheme="red", role="alert", width="100%")),
        rx.cond(
            P.live,
            rx.cond(
                P.phase == "reveal",
                rx.callout("Réponses closes : regardez l'écran de la salle.", color_scheme="blue", width="100%"),
                rx.cond(
                    P.selected != "",
                    rx.callout(
                        "Réponse enregistrée. La question suivante arrive quand l'animateur la lance.",
                        color_scheme="green",
                        role="status",
                        width="100%",
                    ),
                ),
            ),
        ),
        spacing="4",
        width="100%",
    )


def _wait() -> rx.Component:
    return rx.vstack(
        rx.text("Atelier · code ", P.code, size="2", color_scheme="gray"),
        rx.heading("Vous êtes dans la salle", as_="h1", size="6"),
        rx.text(
            "Bienvenue, ",
            rx.el.strong(P.seat_label),
            ". L'animateur va lancer la première question : elle s'affichera ici toute seule.",
            size="3",
        ),
        rx.center(spinner(), width="100%", min_height="80px"),
        spacing="4",
        width="100%",
    )


def _done() -> rx.Component:
    return rx.vstack(
        rx.heading("Merci, c'est terminé !", as_="h1", size="7"),
        rx.text("Votre résultat est prêt : votre score sur chaque axe, votre niveau et vos trois priorités.", size="3"),
        link_button("Voir mon résultat", routes.DIAGNOSTIC_RESULT),
        rx.text(
            "Sous votre résultat, vous pouvez demander à l'animateur de vous recontacter. Sinon, rien ne vous "
            "identifie.",
            size="3",
            color_scheme="gray",
        ),
        spacing="4",
        width="100%",
    )


def room_page() -> rx.Component:
    return page(
        rx.match(
            P.view,
            ("missing", _missing()),
            ("join", _join()),
            ("question", _question()),
            ("wait", _wait()),
            ("done", _done()),
            ("game", phone_game()),
            ("removed", phone_removed()),
            loading(
                "Atelier",
                "Un pseudo suffit pour entrer : ni compte, ni nom, ni adresse e-mail. Les questions de l'atelier "
                "s'affichent ensuite sur ce téléphone, une à une : répondez d'un toucher, à votre rythme ou à celui "
                "de l'animateur.",
            ),
        )
    )
