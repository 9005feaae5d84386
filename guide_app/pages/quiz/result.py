"""The diagnostic result: score, level, verdict, radar, axes and the three actions that help most."""

from __future__ import annotations

import reflex as rx

from guide_app.components.form import text_field
from guide_app.components.layout import link_button, loading, page
from guide_app.core import routes
from guide_app.quiz.result_state import Advice, AxisRow
from guide_app.quiz.result_state import ResultState as R
from guide_app.workshop.contact_state import ContactState as C


def _axis_row(axis: rx.Var[AxisRow]) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(axis.label, size="3"),
            rx.spacer(),
            rx.text(axis.score, "\u00a0/\u00a0100", size="3", weight="bold", white_space="nowrap"),
            rx.cond(
                axis.delta != "",
                rx.badge(axis.delta, color_scheme="gray", variant="soft", size="2"),
            ),
            width="100%",
            align="center",
        ),
        rx.progress(value=axis.score, aria_label=axis.label),
        spacing="1",
        width="100%",
    )


def _advice_card(item: rx.Var[Advice]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(item.label, size="2", weight="bold", color_scheme="indigo"),
            rx.text(item.action, size="3"),
            rx.link("Lire : ", item.chapter_title, href=item.chapter_href, class_name="tap", size="3"),
            rx.link(item.simulator_title, " →", href=item.simulator_href, class_name="tap", size="3"),
            spacing="2",
        ),
        width="100%",
    )


def _contact_card() -> rx.Component:
    """Leave one's contact details for an advisor (a lead), with consent; or withdraw them."""
    errors = C.errors
    return rx.match(
        C.status,
        (
            "form",
            rx.card(
                rx.form(
                    rx.vstack(
                        rx.heading(
                            rx.cond(
                                C.in_workshop, "Être recontacté par l'animateur", "Être recontacté par un conseiller"
                            ),
                            as_="h2",
                            size="4",
                        ),
                        rx.text(
                            "Un conseiller vous rappelle pour passer vos trois priorités en actions. Facultatif : "
                            "sans cette demande, votre résultat reste anonyme.",
                            size="3",
                        ),
                        text_field("Votre nom", "contact_name", errors.get("contact_name", ""), autocomplete="name"),
                        text_field(
                            "Votre entreprise",
                            "company_name",
                            errors.get("company_name", ""),
                            autocomplete="organization",
                        ),
                        text_field(
                            "E-mail",
                            "email",
                            errors.get("email", ""),
                            type="email",
                            input_mode="email",
                            autocomplete="email",
                        ),
                        text_field(
                            "Téléphone (facultatif)",
                            "phone",
                            errors.get("phone", ""),
                            type="tel",
                            input_mode="tel",
                            autocomplete="tel",
                        ),
                        rx.el.label(
                            rx.el.input(type="checkbox", name="consent", class_name="consent-box"),
                            rx.text(C.consent_text, size="3"),
                            class_name="consent",
                        ),
                        rx.cond(
                            errors.get("consent", "") != "",
                            rx.text(errors.get("consent", ""), color_scheme="red", size="2", role="alert"),
                        ),
                        rx.button("Envoyer ma demande", type="submit", size="3", width="100%", class_name="tap"),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=C.submit,
                    width="100%",
                ),
                width="100%",
            ),
        ),
        (
            "sent",
            rx.card(
                rx.vstack(
                    rx.heading("Demande de contact envoyée", as_="h2", size="4"),
                    rx.text("Envoyée le ", C.sent_on, ". Un conseiller vous recontactera.", size="3"),
                    rx.button(
                        "Retirer ma demande et effacer mes coordonnées",
                        on_click=C.erase,
                        variant="soft",
                        color_scheme="red",
                        size="3",
                        width="100%",
                        class_name="tap wrap-button",
                    ),
                    spacing="3",
                    width="100%",
                ),
                width="100%",
            ),
        ),
        rx.fragment(),
    )


def _result(owner: bool) -> rx.Component:
    return rx.vstack(
        rx.text("Résultat de l'auto-diagnostic", size="2", color_scheme="gray"),
        rx.heading(f"{R.overall} / 100 · {R.level_label}", as_="h1", size="8"),
        rx.text("Verdict : ", rx.el.strong(R.verdict), " dans la digitalisation du recouvrement.", size="3"),
        rx.text(R.level_summary, size="3"),
        rx.card(
            rx.box(  # a picture of the scores that follow as text, axis by axis
                rx.html(R.radar, class_name="radar"),
                aria_hidden="true",
                width="100%",
            ),
            rx.text("Radar de vos scores par axe ; le détail, axe par axe, suit.", size="2", color_scheme="gray"),
            rx.cond(
                R.compared,
                rx.text("En pointillés : votre diagnostic précédent.", size="2", color_scheme="gray"),
            ),
            width="100%",
        ),
        rx.cond(
            R.stake != "",
            rx.card(
                rx.vstack(
                    rx.heading("Ce qui est en jeu pour vous", as_="h2", size="4"),
                    rx.text(R.stake, size="3"),
                    rx.link(
                        "Simuler ce que vous libérez en réduisant ce délai →",
                        href=R.stake_href,
                        class_name="tap",
                        size="3",
                    ),
                    spacing="2",
                ),
                width="100%",
            ),
        ),
        rx.heading("Vos trois priorités", as_="h2", size="5"),
        rx.foreach(R.advice, _advice_card),
        rx.heading("Votre score par axe", as_="h2", size="5"),
        rx.cond(R.compared, rx.text("Le badge indique l'évolution depuis la fois précédente.", size="2")),
        rx.vstack(rx.foreach(R.axes, _axis_row), spacing="3", width="100%"),
        *(
            [
                rx.card(
                    rx.vstack(
                        rx.heading("Partager ce résultat", as_="h2", size="4"),
                        rx.text(
                            "Ce lien montre vos scores, jamais vos réponses ni les chiffres de votre entreprise.",
                            size="2",
                        ),
                        rx.button(
                            "Copier le lien de partage",
                            on_click=rx.call_script(
                                f"navigator.clipboard.writeText(window.location.origin + {R.share_path.to_string()})"
                            ),
                            size="3",
                            width="100%",
                            variant="soft",
                            class_name="tap",
                        ),
                        rx.text(R.share_path, size="2", class_name="share-link"),
                        spacing="3",
                        width="100%",
                    ),
                    width="100%",
                ),
                rx.card(
                    rx.vstack(
                        rx.heading("Passez à l'action", as_="h2", size="4"),
                        rx.text(
                            "Créez votre compte de recouvrement : un scénario de relance adapté à ce diagnostic et "
                            "votre premier dossier planifié, en quelques minutes.",
                            size="3",
                        ),
                        link_button("Créer mon compte de recouvrement", routes.SIGN_UP),
                        spacing="3",
                        width="100%",
                    ),
                    width="100%",
                ),
                _contact_card(),
                link_button("Refaire le diagnostic", routes.DIAGNOSTIC, variant="outline"),
            ]
            if owner
            else [link_button("Faire mon propre diagnostic", routes.DIAGNOSTIC)]
        ),
        spacing="4",
        width="100%",
    )


def _missing(owner: bool) -> rx.Component:
    return rx.vstack(
        rx.heading("Aucun résultat à afficher", as_="h1", size="6"),
        rx.text(
            "Vous n'avez pas encore terminé le diagnostic sur ce téléphone."
            if owner
            else "Ce lien de partage n'existe pas ou n'est plus valable.",
            size="3",
        ),
        link_button("Faire le diagnostic", routes.DIAGNOSTIC),
        spacing="4",
        width="100%",
    )


def result_page(owner: bool) -> rx.Component:
    return page(
        rx.match(
            R.status,
            ("shown", _result(owner)),
            ("missing", _missing(owner)),
            loading("Résultat de l'auto-diagnostic"),
        )
    )
