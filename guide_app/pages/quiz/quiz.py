"""A chapter's mini-quiz: one question per screen, feedback after each answer, a final score."""

from __future__ import annotations

import reflex as rx

from guide_app.components.layout import link_button, page, spinner
from guide_app.core import routes
from guide_app.core.content import Chapter
from guide_app.quiz.state import QuizState


def _choice(choice: rx.Var[dict[str, str]]) -> rx.Component:
    choice_id = choice["id"]
    is_correct = QuizState.answered & (QuizState.correct_id == choice_id)
    is_wrong_pick = QuizState.answered & (QuizState.picked_id == choice_id) & ~QuizState.right
    # Not `disabled`: the greyed-out style would hide which answer was right. The server ignores late taps.
    return rx.button(
        rx.text(
            rx.cond(is_correct, "✓ ", rx.cond(is_wrong_pick, "✗ ", "")),
            choice["text"],
            align="left",
            width="100%",
        ),
        on_click=QuizState.answer(choice_id),
        aria_disabled=QuizState.answered,
        size="3",
        variant=rx.cond(is_correct | is_wrong_pick, "solid", "outline"),
        color_scheme=rx.cond(is_correct, "green", rx.cond(is_wrong_pick, "red", "indigo")),
        width="100%",
        class_name="tap choice",
    )


def _question() -> rx.Component:
    return rx.vstack(
        rx.text(f"Question {QuizState.index + 1} sur {QuizState.total}", size="2", color_scheme="gray"),
        rx.progress(
            value=(QuizState.index + 1) * 100 // rx.cond(QuizState.total > 0, QuizState.total, 1),
            aria_label="Avancement du quiz",
        ),
        rx.heading(QuizState.prompt, as_="h2", size="5"),
        rx.vstack(rx.foreach(QuizState.choices, _choice), spacing="3", width="100%", role="group"),
        rx.cond(QuizState.error != "", rx.callout(QuizState.error, color_scheme="red", role="alert")),
        rx.cond(
            QuizState.answered,
            rx.vstack(
                rx.callout(
                    rx.vstack(
                        rx.text(rx.cond(QuizState.right, "Bonne réponse !", "Pas tout à fait."), weight="bold"),
                        rx.text(QuizState.explanation),
                        spacing="1",
                    ),
                    color_scheme=rx.cond(QuizState.right, "green", "orange"),
                    size="3",
                    role="status",
                    width="100%",
                ),
                rx.button(
                    rx.cond(QuizState.index + 1 < QuizState.total, "Question suivante", "Voir mon score"),
                    on_click=QuizState.next_question,
                    size="3",
                    width="100%",
                    class_name="tap",
                ),
                spacing="3",
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
    )


def _result(chapter: Chapter) -> rx.Component:
    return rx.vstack(
        rx.heading(f"Votre score : {QuizState.score} / {QuizState.total}", as_="h2", size="6"),
        rx.cond(
            QuizState.passed,
            rx.callout("Bravo, quiz réussi ! Le chapitre est coché sur l'accueil.", color_scheme="green"),
            rx.callout(
                f"Relisez le chapitre et retentez votre chance : il faut {QuizState.pass_mark} bonnes réponses "
                f"sur {QuizState.total} pour obtenir le ✓.",
                color_scheme="orange",
            ),
        ),
        rx.button(
            "Recommencer", on_click=QuizState.restart, size="3", variant="outline", width="100%", class_name="tap"
        ),
        link_button("Relire le chapitre", routes.chapter(chapter.slug), variant="soft"),
        link_button("Retour à l'accueil", routes.HOME),
        spacing="3",
        width="100%",
    )


def quiz_page(chapter: Chapter) -> rx.Component:
    return page(
        rx.text(f"Quiz · Chapitre {chapter.order}", size="2", color_scheme="gray"),
        rx.heading(chapter.title, as_="h1", size="5"),
        rx.cond(
            QuizState.slug == chapter.slug,
            rx.cond(QuizState.finished, _result(chapter), _question()),
            spinner(),
        ),
    )
