"""The presentation screen (wide: laptop or projector) and the printable summary of a workshop."""

from __future__ import annotations

import reflex as rx

from guide_app.components.layout import link_button, page
from guide_app.core import routes
from guide_app.pages.workshop.advisor import gated
from guide_app.pages.workshop.followup import next_session_form
from guide_app.pages.workshop.game import board_list, screen_game
from guide_app.workshop.room_view import RESULTS_STEP, AxisCompare, LevelBar, OptionBar, Priority, QuestionPanel
from guide_app.workshop.screen_state import ScreenState as S


def _bar(label: rx.Var[str], count: rx.Var[int], percent: rx.Var[int], *, size: str = "3") -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(label, size=size),
            rx.spacer(),
            rx.text(count, " · ", percent, "\u00a0%", size=size, weight="bold", white_space="nowrap"),
            width="100%",
            align="end",
            spacing="3",
        ),
        rx.box(rx.box(class_name="bar-fill", width=percent.to_string() + "%"), class_name="bar-track"),
        spacing="1",
        class_name="bar-row",
    )


def _option_bar(option: rx.Var[OptionBar]) -> rx.Component:
    return _bar(option.text, option.count, option.percent)


def _question_card(panel: rx.Var[QuestionPanel]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text("Question ", panel.number, " · ", panel.answered, " réponse(s)", size="2", color_scheme="gray"),
            rx.text(panel.prompt, weight="bold", size="3"),
            rx.foreach(panel.options, _option_bar),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="question-card",
    )


def _join_panel() -> rx.Component:
    return rx.cond(
        S.is_open,
        rx.card(
            rx.hstack(
                rx.vstack(
                    rx.text("Pour participer, sur votre téléphone :", size="4"),
                    rx.text(S.join_page, class_name="join-url"),
                    rx.text("puis tapez le code", size="4"),
                    rx.text(S.code, class_name="join-code", aria_label="Code de l'atelier"),
                    rx.text("ou scannez le QR code, qui ouvre directement :", size="3", color_scheme="gray"),
                    rx.text(S.join_url, class_name="join-url", size="3"),
                    spacing="3",
                    flex="1",
                ),
                rx.image(src=S.qr, alt="QR code vers " + S.join_url, class_name="qr"),
                spacing="6",
                align="center",
                width="100%",
                wrap="wrap",
            ),
            width="100%",
        ),
        rx.callout("Atelier clos : le code ne permet plus de rejoindre.", color_scheme="gray", width="100%"),
    )


def _counts() -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(S.joined, class_name="big-count", id="joined-count"),
            rx.text("participant(s)", size="4"),
            spacing="1",
        ),
        rx.vstack(
            rx.text(S.finished, class_name="big-count", id="finished-count"),
            rx.text("ont terminé", size="4"),
            spacing="1",
        ),
        spacing="9",
        role="status",
        aria_live="polite",
    )


def _live_button(label: str) -> rx.Component:
    return rx.button(label, on_click=S.advance(S.step), size="4", class_name="tap no-print")


def _live_panel() -> rx.Component:
    index_open = (S.step >= 0) & (S.step < RESULTS_STEP)
    revealed = S.step % 2 == 1
    return rx.cond(
        S.live & S.is_open,
        rx.card(
            rx.cond(
                S.step < 0,
                rx.vstack(
                    rx.text("Mode en direct : la salle attend la première question.", size="4"),
                    _live_button("Lancer la première question"),
                    spacing="4",
                ),
                rx.cond(
                    index_open,
                    rx.vstack(
                        rx.text(
                            "Question ",
                            S.current.number,
                            " sur ",
                            S.total,
                            " · ",
                            rx.el.strong(S.current.answered, id="live-answered"),
                            " réponse(s) sur ",
                            S.joined,
                            size="4",
                        ),
                        rx.text(S.current.prompt, class_name="live-prompt"),
                        rx.cond(
                            revealed,
                            rx.vstack(rx.foreach(S.current.options, _option_bar), spacing="3", width="100%"),
                            rx.text("Les réponses s'affichent quand vous fermez la question.", size="3"),
                        ),
                        rx.cond(
                            revealed,
                            rx.cond(
                                S.step == RESULTS_STEP - 1,
                                _live_button("Voir les résultats de la salle"),
                                _live_button("Question suivante"),
                            ),
                            _live_button("Afficher les réponses"),
                        ),
                        spacing="4",
                        width="100%",
                    ),
                    rx.text("Questionnaire terminé : voici les résultats de la salle.", size="4"),
                ),
            ),
            width="100%",
        ),
    )


def _level(level: rx.Var[LevelBar]) -> rx.Component:
    return _bar(level.label, level.count, level.percent)


def _priority(item: rx.Var[Priority]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(item.label, " · ", item.score, " / 100", weight="bold", size="4", color_scheme="indigo"),
            rx.text(item.action, size="3"),
            rx.link("Chapitre à discuter : ", item.chapter_title, href=item.chapter_href, size="3", class_name="tap"),
            spacing="2",
        ),
        width="100%",
    )


def _compare_row(row: rx.Var[AxisCompare]) -> rx.Component:
    return rx.el.tr(
        rx.el.th(row.label, scope="row"),
        rx.el.td(row.room, " / 100"),
        rx.el.td(row.everyone, " / 100"),
        rx.el.td(row.gap),
    )


def _against_everyone() -> rx.Component:
    """The room's averages beside every diagnostic taken in the app (anonymous averages from the database)."""
    return rx.cond(
        S.compare.length() > 0,
        rx.vstack(
            rx.heading("La salle face à l'ensemble des diagnostics", as_="h2", size="6"),
            rx.el.table(
                rx.el.caption(
                    "Score moyen par axe, sur 100 : la salle, et les ",
                    S.everyone_count,
                    " diagnostics faits dans l'application (anonymes). Écart : la salle moins l'ensemble.",
                ),
                rx.el.thead(
                    rx.el.tr(
                        rx.el.th("Axe", scope="col"),
                        rx.el.th("La salle", scope="col"),
                        rx.el.th("Ensemble", scope="col"),
                        rx.el.th("Écart", scope="col"),
                    )
                ),
                rx.el.tbody(rx.foreach(S.compare, _compare_row)),
                class_name="compare-table",
            ),
            spacing="3",
            width="100%",
        ),
    )


def _results() -> rx.Component:
    return rx.cond(
        S.has_results,
        rx.vstack(
            rx.heading("Résultats de la salle", as_="h2", size="6"),
            rx.text("Moyenne des ", S.finished, " participant(s) qui ont terminé.", size="3"),
            rx.box(
                rx.card(
                    rx.html(S.radar, class_name="radar"),
                    role="img",
                    aria_label="Radar moyen de la salle",
                    width="100%",
                ),
                rx.card(
                    rx.vstack(
                        rx.heading("Niveaux", as_="h3", size="4"),
                        rx.foreach(S.levels, _level),
                        spacing="3",
                        width="100%",
                    ),
                    width="100%",
                ),
                class_name="screen-grid",
            ),
            _against_everyone(),
            rx.heading("Les trois axes à travailler", as_="h2", size="6"),
            rx.box(rx.foreach(S.priorities, _priority), class_name="screen-grid"),
            spacing="4",
            width="100%",
        ),
        rx.text("Le radar de la salle apparaît dès qu'un participant a terminé.", size="3", color_scheme="gray"),
    )


def _questions() -> rx.Component:
    return rx.cond(
        ~S.live | (S.step == RESULTS_STEP) | ~S.is_open,
        rx.vstack(
            rx.heading("Réponses question par question", as_="h2", size="6"),
            rx.box(rx.foreach(S.questions, _question_card), class_name="screen-grid"),
            spacing="3",
            width="100%",
        ),
    )


def _actions() -> rx.Component:
    return rx.hstack(
        rx.button("Exporter en CSV", on_click=S.export_csv, variant="soft", size="3", class_name="tap"),
        rx.button(
            rx.link("Synthèse imprimable", href=S.summary_href, underline="none"),
            as_child=True,
            variant="soft",
            size="3",
            class_name="tap",
        ),
        rx.el.details(
            rx.el.summary("Nouvelle session…", class_name="tap"),
            rx.text(
                "Une session vide de cet atelier, avec un nouveau code. Celle-ci est close et garde ses résultats "
                "(synthèse et export).",
                size="3",
            ),
            rx.button("Oui, ouvrir une nouvelle session", on_click=S.reuse, size="3", class_name="tap"),
        ),
        rx.cond(
            S.is_open,
            rx.el.details(
                rx.el.summary("Clore l'atelier…", class_name="tap"),
                rx.text("Chacun reçoit son résultat sur ce qu'il a répondu ; le code ne marche plus.", size="3"),
                rx.button("Oui, clore l'atelier", on_click=S.close, color_scheme="red", size="3", class_name="tap"),
            ),
        ),
        spacing="4",
        wrap="wrap",
        align="center",
        class_name="no-print",
    )


def _screen() -> rx.Component:
    return rx.vstack(
        rx.link("← Espace conseiller", href=routes.ADVISOR, class_name="tap no-print", size="3"),
        rx.text(S.held_on, " · ", S.mode_label, size="3", color_scheme="gray"),
        rx.heading(S.title, as_="h1", size="8"),
        rx.cond(S.game & (S.g_phase != "lobby"), rx.fragment(), _join_panel()),
        rx.cond(
            S.game,
            screen_game(),
            rx.fragment(_counts(), _live_panel(), _results(), _questions()),
        ),
        rx.cond(S.game, rx.fragment(), next_session_form()),
        _actions(),
        spacing="5",
        width="100%",
    )


def _missing() -> rx.Component:
    return rx.vstack(
        rx.heading("Atelier introuvable", as_="h1", size="6"),
        rx.text("Cet atelier n'existe pas ou appartient à un autre conseiller.", size="3"),
        link_button("Retour à l'espace conseiller", routes.ADVISOR),
        spacing="4",
        width="100%",
    )


def screen_page() -> rx.Component:
    return page(gated(S.access, rx.cond(S.found, _screen(), _missing())), wide=True)


def _summary() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.link("← Écran de l'atelier", href=S.screen_href, class_name="tap", size="3"),
            rx.button(
                "Imprimer", on_click=rx.call_function(rx.Var("() => window.print()")), size="3", class_name="tap"
            ),
            spacing="4",
            align="center",
            class_name="no-print",
        ),
        rx.text("Synthèse d'atelier · ", S.held_on, size="3", color_scheme="gray"),
        rx.heading(S.title, as_="h1", size="8"),
        rx.cond(
            S.game,
            rx.vstack(
                rx.text(S.joined, " joueur(s) · chapitres : ", S.g_chapters, size="4"),
                rx.heading("Classement", as_="h2", size="6"),
                board_list(S.g_board),
                rx.text("Le détail des réponses est dans l'export CSV.", size="3"),
                spacing="3",
                width="100%",
            ),
            rx.vstack(
                rx.text(S.joined, " participant(s), dont ", S.finished, " ont terminé le diagnostic.", size="4"),
                _results(),
                rx.heading("Réponses question par question", as_="h2", size="6"),
                rx.box(rx.foreach(S.questions, _question_card), class_name="screen-grid"),
                spacing="5",
                width="100%",
            ),
        ),
        rx.text(
            "Données anonymes : les participants ne sont identifiés que par un pseudo, sauf ceux qui ont demandé "
            "à être recontactés.",
            size="2",
            color_scheme="gray",
        ),
        spacing="5",
        width="100%",
    )


def summary_page() -> rx.Component:
    return page(gated(S.access, rx.cond(S.found, _summary(), _missing())), wide=True)
