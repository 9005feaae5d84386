"""The app: theme, head, and every page registered from routes.py."""

from __future__ import annotations

from functools import partial

import reflex as rx

from guide_app import routes
from guide_app.components.layout import APP_NAME
from guide_app.content import chapters
from guide_app.pages import simulators
from guide_app.pages.chapter import chapter_page
from guide_app.pages.home import home
from guide_app.pages.quiz import quiz_page
from guide_app.pages.simple import coming_soon, not_found
from guide_app.quiz.state import QuizState
from guide_app.simulators import catalog
from guide_app.simulators.state import CostsState, DsoState, MarginState, PenaltiesState
from guide_app.state import VisitorState

DESCRIPTION = (
    "Le guide gratuit pour faire payer vos factures à temps : 4 chapitres, des quiz, "
    "un auto-diagnostic et des simulateurs en euros."
)

app = rx.App(
    html_lang="fr",
    stylesheets=["/styles.css"],
    head_components=[
        rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml"),
        rx.el.link(rel="manifest", href="/manifest.webmanifest"),
        rx.el.meta(name="theme-color", content="#3e63dd"),
    ],
)

app.add_page(home, route=routes.HOME, title=APP_NAME, description=DESCRIPTION, on_load=VisitorState.load_progress)
app.add_page(
    partial(
        coming_soon,
        "Auto-diagnostic",
        "Un questionnaire court pour situer votre gestion des impayés et recevoir des conseils concrets.",
    ),
    route=routes.DIAGNOSTIC,
    title=f"Auto-diagnostic · {APP_NAME}",
    description=DESCRIPTION,
)
app.add_page(
    simulators.index,
    route=routes.SIMULATORS,
    title=f"Simulateurs · {APP_NAME}",
    description="Marge perdue, trésorerie libérée, pénalités de retard, coût du recouvrement : chiffrez-les en euros.",
)
for _page, _simulator, _state in (
    (simulators.margin, catalog.MARGIN, MarginState),
    (simulators.dso, catalog.DSO, DsoState),
    (simulators.penalties, catalog.PENALTIES, PenaltiesState),
    (simulators.costs, catalog.COSTS, CostsState),
):
    app.add_page(
        _page,
        route=_simulator.route,
        title=f"{_simulator.title} · Simulateur · {APP_NAME}",
        description=_simulator.summary,
        on_load=_state.load,
    )
for _chapter in chapters():
    app.add_page(
        partial(chapter_page, _chapter),
        route=routes.chapter(_chapter.slug),
        title=f"{_chapter.title} · {APP_NAME}",
        description=_chapter.summary,
        on_load=VisitorState.load_progress,
    )
    app.add_page(
        partial(quiz_page, _chapter),
        route=routes.chapter_quiz(_chapter.slug),
        title=f"Quiz · {_chapter.title} · {APP_NAME}",
        description=_chapter.summary,
        on_load=QuizState.start(_chapter.slug),
    )
app.add_page(not_found, route=routes.NOT_FOUND, title=f"Page introuvable · {APP_NAME}", description=DESCRIPTION)
