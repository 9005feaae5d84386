"""A workshop game on screen: the big screen, the advisor's remote (a phone at the front) and each player's phone.

Every option shows a letter and a shape as well as a colour; the countdown runs in the browser (CSS), started
from the seconds left that the server sent, so a thousand phones tick without a thousand timers on the server.
"""

from __future__ import annotations

import reflex as rx

from guide_app.components.layout import link_button, page
from guide_app.core import routes
from guide_app.pages.workshop.advisor import gated
from guide_app.workshop.game import SECONDS_CHOICES
from guide_app.workshop.game_view import BoardLine, GameOption
from guide_app.workshop.phone_state import ParticipantState as P
from guide_app.workshop.screen_state import ScreenState as S

# --- shared pieces -----------------------------------------------------------------------------------


def countdown(left_ms: rx.Var[int], seconds: rx.Var[int], clock: rx.Var[str], paused: rx.Var[bool]) -> rx.Component:
    """The seconds left, as a number and a shrinking bar, animated by the browser from `left_ms` (restarted when
    `clock` changes: an opening, a reset, a resume)."""
    left = (left_ms + 999) // 1000
    duration = left_ms.to_string() + "ms"
    return rx.cond(
        paused,
        rx.box(
            rx.text("Pause · ", left, " s restantes", class_name="countdown-paused"),
            class_name="countdown",
            role="timer",
        ),
        rx.box(
            rx.el.span(
                class_name="countdown-n",
                style={"--from": left, "animationDuration": duration},
                aria_hidden="true",
            ),
            rx.box(
                rx.box(
                    class_name="countdown-bar",
                    style={
                        "width": (left_ms / 10 / rx.cond(seconds > 0, seconds, 1)).to_string() + "%",
                        "animationDuration": duration,
                    },
                ),
                class_name="countdown-track",
            ),
            rx.el.span(left, " secondes pour répondre", class_name="sr-only"),
            key=clock,
            class_name="countdown",
            role="timer",
            custom_attrs={"data-left": left},
        ),
    )


def _tile_body(option: rx.Var[GameOption]) -> list[rx.Component]:
    return [
        rx.el.span(option.shape, class_name="opt-shape", aria_hidden="true"),
        rx.el.span(option.letter, class_name="opt-letter", aria_hidden="true"),
        rx.el.span(option.text, class_name="opt-text", aria_hidden="true"),
    ]


def _revealed_tile(option: rx.Var[GameOption]) -> rx.Component:
    return rx.box(
        *_tile_body(option),
        rx.el.span(
            rx.cond(option.correct, "✓ Bonne réponse · ", ""),
            option.count,
            " (",
            option.percent,
            " %)",
            class_name="opt-count",
            aria_hidden="true",
        ),
        rx.el.span(
            option.label,
            rx.cond(option.correct, ", bonne réponse", ""),
            ", ",
            option.count,
            " réponse(s)",
            class_name="sr-only",
        ),
        class_name=rx.cond(option.correct, "game-opt opt-right", "game-opt opt-faded"),
        custom_attrs={"data-letter": option.letter},
    )


def board_list(lines: rx.Var[list[BoardLine]], *, big: bool = False) -> rx.Component:
    return rx.el.ol(
        rx.foreach(
            lines,
            lambda line: rx.el.li(
                rx.el.span(line.rank, rx.cond(line.rank == 1, "er", "e"), class_name="board-rank"),
                rx.el.span(line.name, class_name="board-name"),
                rx.el.span(line.points, " pts", class_name="board-points"),
                class_name="board-line",
            ),
        ),
        class_name="board big-board" if big else "board",
    )


def _podium(lines: rx.Var[list[BoardLine]]) -> rx.Component:
    return rx.el.ol(
        rx.foreach(
            lines,
            lambda line: rx.el.li(
                rx.el.span(line.rank, rx.cond(line.rank == 1, "er", "e"), class_name="board-rank"),
                rx.el.span(line.name, class_name="podium-name"),
                rx.el.span(line.points, " points", class_name="board-points"),
                class_name="podium-step",
                custom_attrs={"data-rank": line.rank},
            ),
        ),
        class_name="podium",
        aria_label="Podium",
    )


# --- the player's phone ------------------------------------------------------------------------------


def _phone_option(option: rx.Var[GameOption]) -> rx.Component:
    chosen = P.g_chosen == option.letter
    return rx.el.button(
        *_tile_body(option),
        rx.el.span(option.label, class_name="sr-only"),
        on_click=P.game_answer(P.g_question.number - 1, option.id),
        class_name=rx.cond(chosen, "game-opt opt-chosen", "game-opt"),
        aria_pressed=rx.cond(chosen, "true", "false"),
        disabled=(P.g_chosen != "") | (P.g_phase != "question") | P.g_paused,
        custom_attrs={"data-letter": option.letter},
        type="button",
    )


def _phone_result() -> rx.Component:
    return rx.box(
        rx.match(
            P.g_result,
            ("right", rx.text("Bonne réponse ! +", P.g_points, " points", class_name="result-line result-right")),
            (
                "wrong",
                rx.text(
                    "Raté : la bonne réponse était ",
                    P.g_question.right_letter,
                    " · ",
                    P.g_question.right_text,
                    class_name="result-line",
                ),
            ),
            (
                "none",
                rx.text(
                    "Pas de réponse à temps. La bonne réponse était ",
                    P.g_question.right_letter,
                    " · ",
                    P.g_question.right_text,
                    class_name="result-line",
                ),
            ),
            rx.fragment(),
        ),
        role="status",
        aria_live="polite",
    )


def _explanation(question: rx.Var, *, size: str = "3") -> rx.Component:
    return rx.vstack(
        rx.text(question.explanation, size=size),
        rx.link("Relire le chapitre « ", question.chapter_title, " »", href=question.chapter_href, class_name="tap"),
        spacing="2",
        width="100%",
    )


def _phone_question_head() -> rx.Component:
    return rx.hstack(
        rx.text("Question ", P.g_question.number, " sur ", P.g_total, size="2", color_scheme="gray"),
        rx.spacer(),
        rx.text(P.seat_label, size="2", color_scheme="gray"),
        width="100%",
    )


def phone_game() -> rx.Component:
    """/atelier/<code> when the room is a game."""
    return rx.vstack(
        rx.match(
            P.g_phase,
            (
                "lobby",
                rx.vstack(
                    rx.text("Jeu-quiz · code ", P.code, size="2", color_scheme="gray"),
                    rx.heading("Vous êtes dans la partie", as_="h1", size="6"),
                    rx.text(
                        "Bienvenue, ",
                        rx.el.strong(P.seat_label),
                        ". La première question s'affichera ici dès que l'animateur la lance.",
                        size="3",
                    ),
                    rx.text(P.points_rule, size="2", color_scheme="gray"),
                    spacing="3",
                    width="100%",
                ),
            ),
            (
                "board",
                rx.vstack(
                    rx.heading("Classement", as_="h1", size="6"),
                    rx.text("Vous : ", rx.el.strong(P.g_place), size="4", id="my-place"),
                    board_list(P.g_top),
                    rx.text("La question suivante arrive bientôt.", size="2", color_scheme="gray"),
                    spacing="3",
                    width="100%",
                    role="status",
                    aria_live="polite",
                ),
            ),
            (
                "podium",
                rx.vstack(
                    rx.heading("Podium", as_="h1", size="7"),
                    _podium(P.g_top),
                    rx.text("Vous : ", rx.el.strong(P.g_place), size="4", id="my-place"),
                    rx.text("Merci d'avoir joué ! Les chapitres du guide restent à votre disposition.", size="3"),
                    link_button("Relire les chapitres", routes.HOME),
                    spacing="4",
                    width="100%",
                    role="status",
                    aria_live="polite",
                ),
            ),
            rx.vstack(
                _phone_question_head(),
                rx.cond(
                    P.g_phase == "question",
                    countdown(P.g_left_ms, P.g_seconds, P.g_clock, P.g_paused),
                    rx.text(
                        rx.cond(
                            P.g_phase == "closed",
                            "Réponses closes : la bonne réponse s'affiche dans un instant.",
                            "Réponse révélée",
                        ),
                        class_name="phase-line",
                        role="status",
                        aria_live="polite",
                    ),
                ),
                rx.heading(P.g_question.prompt, as_="h1", size="5"),
                rx.cond(
                    P.g_phase == "reveal",
                    rx.vstack(rx.foreach(P.g_question.options, _revealed_tile), class_name="game-grid", width="100%"),
                    rx.el.div(rx.foreach(P.g_question.options, _phone_option), class_name="game-grid", role="group"),
                ),
                rx.cond(P.g_phase == "reveal", _phone_result()),
                rx.cond(P.g_phase == "reveal", _explanation(P.g_question)),
                rx.cond(
                    (P.g_phase != "reveal") & (P.g_chosen != ""),
                    rx.text(
                        "Réponse ",
                        P.g_chosen,
                        " enregistrée. Le résultat s'affiche à la révélation.",
                        size="3",
                        role="status",
                        aria_live="polite",
                    ),
                ),
                rx.cond(
                    P.g_paused,
                    rx.text("Partie en pause : l'animateur reprend dans un instant.", size="3", role="status"),
                ),
                rx.cond(P.error != "", rx.callout(P.error, color_scheme="red", role="alert", width="100%")),
                spacing="4",
                width="100%",
            ),
        ),
        width="100%",
    )


def phone_removed() -> rx.Component:
    return rx.vstack(
        rx.heading("Vous avez quitté la partie", as_="h1", size="6"),
        rx.text(
            "L'animateur vous a retiré de ce jeu : vos réponses ne comptent plus. Merci d'être venu ; les chapitres du "
            "guide restent à votre disposition.",
            size="3",
        ),
        link_button("Relire les chapitres", routes.HOME),
        spacing="4",
        width="100%",
        role="status",
    )


# --- the big screen and the remote ---------------------------------------------------------------------


def _screen_option(option: rx.Var[GameOption]) -> rx.Component:
    return rx.box(*_tile_body(option), rx.el.span(option.label, class_name="sr-only"), class_name="game-opt")


def _status_line() -> rx.Component:
    asking = (S.g_phase == "question") | (S.g_phase == "closed") | (S.g_phase == "reveal")
    return rx.hstack(
        rx.text(S.g_phase_label, weight="bold", size="4"),
        rx.cond(
            asking,
            rx.text("Question ", S.g_question.number, " sur ", S.g_total, size="4"),
        ),
        rx.text(
            rx.cond(asking, rx.fragment(rx.el.strong(S.g_answered, id="game-answered"), " réponse(s) sur "), ""),
            rx.el.strong(S.g_players, id="game-players"),
            " joueur(s)",
            size="4",
        ),
        spacing="5",
        wrap="wrap",
        role="status",
        aria_live="polite",
    )


def _next_button(size: str = "4") -> rx.Component:
    return rx.cond(
        S.g_next_label != "",
        rx.button(S.g_next_label, on_click=S.game_next(S.g_seen), size=size, width="100%", class_name="tap game-next"),
    )


def _messages() -> rx.Component:
    return rx.fragment(
        rx.cond(S.g_error != "", rx.callout(S.g_error, color_scheme="red", role="alert", width="100%")),
        rx.cond(S.g_notice != "", rx.text(S.g_notice, size="3", role="status")),
    )


def screen_game() -> rx.Component:
    """The game on the presentation screen (large text, for the room)."""
    return rx.vstack(
        rx.text("Chapitres : ", S.g_chapters, size="3", color_scheme="gray"),
        rx.cond(
            S.is_open & (S.g_phase != "lobby"),
            rx.text("Pour rejoindre : ", S.join_page, " · code ", rx.el.strong(S.code), size="4"),
        ),
        _status_line(),
        rx.match(
            S.g_phase,
            (
                "lobby",
                rx.vstack(
                    rx.text(S.points_rule, size="4"),
                    rx.box(
                        rx.foreach(S.g_people, lambda p: rx.el.span(p["name"], class_name="player-chip")),
                        class_name="player-chips",
                    ),
                    spacing="4",
                    width="100%",
                ),
            ),
            ("board", rx.vstack(rx.heading("Classement", as_="h2", size="8"), board_list(S.g_board, big=True))),
            ("podium", rx.vstack(rx.heading("Podium", as_="h2", size="8"), _podium(S.g_board[:3]), width="100%")),
            rx.vstack(
                rx.cond(S.g_phase == "question", countdown(S.g_left_ms, S.g_seconds, S.g_clock, S.g_paused)),
                rx.cond(S.g_phase == "closed", rx.text("Réponses closes.", class_name="phase-line")),
                rx.text(S.g_question.prompt, class_name="live-prompt"),
                rx.cond(
                    S.g_phase == "reveal",
                    rx.box(rx.foreach(S.g_question.options, _revealed_tile), class_name="game-grid big-grid"),
                    rx.box(rx.foreach(S.g_question.options, _screen_option), class_name="game-grid big-grid"),
                ),
                rx.cond(S.g_phase == "reveal", _explanation(S.g_question, size="5")),
                spacing="4",
                width="100%",
            ),
        ),
        rx.hstack(
            rx.cond(S.g_next_label != "", rx.box(_next_button(), min_width="260px")),
            rx.link("Ouvrir la télécommande sur un téléphone", href=S.remote_href, class_name="tap", size="3"),
            spacing="4",
            align="center",
            wrap="wrap",
            class_name="no-print",
        ),
        _messages(),
        spacing="5",
        width="100%",
    )


def _person(person: rx.Var[dict[str, str]]) -> rx.Component:
    return rx.hstack(
        rx.text(person["name"], size="3"),
        rx.spacer(),
        rx.cond(
            person["state"] == "retiré",
            rx.text("retiré", size="2", color_scheme="gray"),
            rx.button(
                "Retirer",
                on_click=S.game_remove(person["id"]),
                size="2",
                variant="soft",
                color_scheme="red",
                class_name="tap",
                aria_label="Retirer " + person["name"],
            ),
        ),
        width="100%",
        align="center",
        class_name="person-line",
    )


def _remote() -> rx.Component:
    playing = S.g_phase == "question"
    return rx.vstack(
        rx.link("← Écran de la salle", href=S.screen_href, class_name="tap", size="3"),
        rx.heading("Télécommande", as_="h1", size="6"),
        rx.text(S.title, " · code ", S.code, size="3", color_scheme="gray"),
        _status_line(),
        rx.cond(playing, countdown(S.g_left_ms, S.g_seconds, S.g_clock, S.g_paused)),
        rx.cond(S.g_question.prompt != "", rx.text(S.g_question.prompt, size="3", weight="bold")),
        rx.cond(
            S.g_phase == "reveal",
            rx.text("Bonne réponse : ", S.g_question.right_letter, " · ", S.g_question.right_text, size="3"),
        ),
        rx.cond(
            S.is_open,
            rx.vstack(
                _next_button(),
                rx.cond(
                    playing,
                    rx.hstack(
                        rx.cond(
                            S.g_paused,
                            rx.button("Reprendre", on_click=S.game_resume(S.g_seen), size="3", class_name="tap"),
                            rx.button(
                                "Pause", on_click=S.game_pause(S.g_seen), size="3", variant="soft", class_name="tap"
                            ),
                        ),
                        spacing="3",
                        width="100%",
                    ),
                ),
                rx.cond(
                    (S.g_phase == "question") | (S.g_phase == "closed") | (S.g_phase == "reveal"),
                    rx.el.details(
                        rx.el.summary("Recommencer la question…", class_name="tap"),
                        rx.text("Ses réponses sont effacées et le compte à rebours repart.", size="3"),
                        rx.button(
                            "Oui, recommencer",
                            on_click=S.game_reset(S.g_seen),
                            size="3",
                            color_scheme="orange",
                            class_name="tap",
                        ),
                    ),
                ),
                rx.vstack(
                    rx.el.label("Temps par question", html_for="field-game-seconds", class_name="field-label"),
                    rx.el.select(
                        *[rx.el.option(f"{s} secondes", value=str(s)) for s in SECONDS_CHOICES],
                        id="field-game-seconds",
                        value=S.g_seconds.to_string(),
                        on_change=S.game_seconds,
                        class_name="native-select",
                    ),
                    rx.text("S'applique aux questions suivantes.", size="2", color_scheme="gray"),
                    spacing="1",
                    width="100%",
                ),
                _messages(),
                rx.cond(
                    S.g_phase != "lobby",
                    rx.fragment(rx.heading("Classement", as_="h2", size="4"), board_list(S.g_board[:5])),
                ),
                rx.heading("Joueurs", as_="h2", size="4"),
                rx.vstack(rx.foreach(S.g_people, _person), spacing="2", width="100%"),
                rx.el.details(
                    rx.el.summary("Terminer le jeu…", class_name="tap"),
                    rx.text("Le podium s'affiche partout et le code ne permet plus de rejoindre.", size="3"),
                    rx.button("Oui, terminer", on_click=S.game_end, color_scheme="red", size="3", class_name="tap"),
                ),
                spacing="4",
                width="100%",
            ),
            rx.vstack(
                rx.text("Partie terminée.", size="4"),
                _podium(S.g_board[:3]),
                rx.button("Exporter les réponses en CSV", on_click=S.export_csv, variant="soft", class_name="tap"),
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
    )


def _not_a_game() -> rx.Component:
    return rx.vstack(
        rx.heading("Télécommande indisponible", as_="h1", size="6"),
        rx.text("Cet atelier n'est pas un jeu, ou il appartient à un autre conseiller.", size="3"),
        link_button("Retour à l'espace conseiller", routes.ADVISOR),
        spacing="4",
        width="100%",
    )


def remote_page() -> rx.Component:
    """/conseiller/ateliers/<id>/telecommande: made for a phone at 390×844."""
    return page(gated(S.access, rx.cond(S.found & S.game, _remote(), _not_a_game())))
