"""A chapter of the guide: rendered once from content/, figures as sourced callouts."""

from __future__ import annotations

import reflex as rx

from guide_app.components.figure import figure_callout
from guide_app.components.layout import link_button, page
from guide_app.core import routes
from guide_app.core.content import Chapter, FigureBlock, chapters, render_blocks
from guide_app.quiz.visitor_state import VisitorState


def _neighbour_links(chapter: Chapter) -> rx.Component:
    all_chapters = chapters()
    previous = all_chapters[chapter.order - 2] if chapter.order > 1 else None
    following = all_chapters[chapter.order] if chapter.order < len(all_chapters) else None
    links = []
    if previous:
        links.append(link_button(f"← Chapitre {previous.order}", routes.chapter(previous.slug), variant="outline"))
    if following:
        # A link, so that it also works offline; « read » is recorded on the way (sent when the connection returns).
        links.append(
            link_button(
                f"Chapitre {following.order} →",
                routes.chapter(following.slug),
                variant="outline",
                on_click=VisitorState.mark_read(chapter.slug),
            )
        )
    else:
        links.append(link_button("Retour au sommaire", routes.HOME, variant="outline"))
    return rx.grid(*links, columns=str(len(links)), spacing="3", width="100%")


def chapter_page(chapter: Chapter) -> rx.Component:
    total = len(chapters())
    blocks = [
        figure_callout(block.figure) if isinstance(block, FigureBlock) else rx.html(block.html, class_name="prose")
        for block in render_blocks(chapter)
    ]
    return page(
        rx.vstack(
            rx.text(
                f"Chapitre {chapter.order} sur {total} · {chapter.reading_time} min de lecture",
                size="2",
                color_scheme="gray",
            ),
            rx.progress(value=chapter.order * 100 // total, aria_label=f"Chapitre {chapter.order} sur {total}"),
            rx.heading(chapter.title, as_="h1", size="7"),
            rx.cond(
                VisitorState.read_slugs.contains(chapter.slug),
                rx.badge("✓ Chapitre lu", color_scheme="green", size="2"),
            ),
            spacing="3",
            width="100%",
        ),
        *blocks,
        rx.card(
            rx.vstack(
                rx.heading("Vérifiez ce que vous avez retenu", as_="h2", size="4"),
                rx.text("Quelques questions, une explication après chaque réponse.", size="2"),
                rx.button(
                    "Faire le quiz du chapitre",
                    size="3",
                    width="100%",
                    class_name="tap",
                    on_click=[VisitorState.mark_read(chapter.slug), rx.redirect(routes.chapter_quiz(chapter.slug))],
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
        _neighbour_links(chapter),
    )
