"""Home: the promise, the four chapters with progress marks, the way to the diagnostic and simulators."""

from __future__ import annotations

import reflex as rx

from guide_app.components.layout import link_button, page
from guide_app.core import routes
from guide_app.core.content import Chapter, chapters
from guide_app.quiz.visitor_state import VisitorState


def _mark(done: rx.Var[bool], label: str) -> rx.Component:
    """Said once it is true only: a grey « Lu » on a chapter never opened read as done."""
    return rx.cond(done, rx.badge(f"✓ {label}", color_scheme="green", size="2", variant="soft"))


def chapter_card(chapter: Chapter, total: int) -> rx.Component:
    return rx.link(
        rx.card(
            rx.vstack(
                rx.text(
                    f"Chapitre {chapter.order} sur {total} · {chapter.reading_time} min", size="1", color_scheme="gray"
                ),
                rx.heading(chapter.title, as_="h3", size="4"),
                rx.text(chapter.summary, size="3"),
                rx.hstack(
                    _mark(VisitorState.read_slugs.contains(chapter.slug), "Lu"),
                    _mark(VisitorState.passed_slugs.contains(chapter.slug), "Quiz réussi"),
                    spacing="2",
                    wrap="wrap",
                ),
                spacing="2",
            ),
            width="100%",
        ),
        href=routes.chapter(chapter.slug),
        underline="none",
        color_scheme="gray",
        high_contrast=True,
        width="100%",
    )


def home() -> rx.Component:
    all_chapters = chapters()
    return page(
        rx.vstack(
            rx.heading("Faites-vous payer à l'heure, sans y passer vos journées.", as_="h1", size="7"),
            rx.text(
                "Faites le point en quelques minutes, lisez quatre chapitres courts et chiffrez en euros ce que vos "
                "retards de paiement vous coûtent.",
                size="3",
            ),
            # Both ways in, within a phone's first screen (390×844): the diagnostic, and a workshop's code.
            link_button("Faire mon auto-diagnostic", routes.DIAGNOSTIC),
            link_button("Rejoindre un atelier", routes.WORKSHOP_JOIN, variant="soft"),
            spacing="3",
            width="100%",
        ),
        rx.vstack(
            rx.heading("Le guide en 4 chapitres", as_="h2", size="5"),
            *[chapter_card(chapter, len(all_chapters)) for chapter in all_chapters],
            spacing="3",
            width="100%",
        ),
        rx.card(
            rx.vstack(
                rx.heading("Combien vous coûtent vos impayés ?", as_="h2", size="5"),
                rx.text("Marge perdue, trésorerie immobilisée, pénalités dues : le calcul en euros.", size="2"),
                link_button("Ouvrir les simulateurs", routes.SIMULATORS, variant="soft"),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
    )
