"""What a French user sees when something goes wrong: Reflex's own toast, error screen and connection notice speak
English, so the app replaces all three.

- an unexpected error in a handler: a French notice (the details go to the server's log, never to the browser; not
  a toast: one sent from the server is a script run with eval, which the CSP forbids);
- an error while drawing a page: a French screen with a way back, instead of Reflex's English one;
- the server unreachable: a French notice that the app is trying again, instead of "Cannot connect to server".
"""

from __future__ import annotations

import logging
import traceback

import reflex as rx
from reflex.event import EventSpec
from reflex_components_core.base.error_boundary import ErrorBoundary
from reflex_components_core.core.banner import has_too_many_connection_errors

from guide_app.core import routes

logger = logging.getLogger("guide_app.errors")

UNEXPECTED = "Une erreur inattendue est survenue."
UNEXPECTED_DETAIL = (
    "Votre dernière action n'a peut-être pas abouti : vérifiez-la, puis réessayez. Si l'erreur revient, rechargez "
    "la page."
)
OFFLINE = (
    "Connexion au serveur perdue : nouvel essai en cours. Vos réponses sont gardées et partiront dès le retour de "
    "la connexion."
)


class ErrorNotice(rx.State):
    shown: bool = False

    @rx.event
    def show(self) -> None:
        self.shown = True

    @rx.event
    def hide(self) -> None:
        self.shown = False


def backend_error(exception: Exception) -> EventSpec:  # a name Reflex can resolve: it checks this annotation
    """rx.App's backend_exception_handler: the traceback to the log, a French notice to the user."""
    logger.error("".join(traceback.format_exception(type(exception), exception, exception.__traceback__)))
    return ErrorNotice.show()


def error_screen(*children: rx.Component, **props: object) -> rx.Component:
    """The page shown in place of one that failed to draw."""
    return ErrorBoundary.create(
        *children,
        fallback_render=rx.el.div(
            rx.el.h1("Cette page n'a pas pu s'afficher", style={"fontSize": "1.5rem", "margin": "0 0 1rem"}),
            rx.el.p(
                "Une erreur s'est produite dans l'application. Rechargez la page ; si elle revient, repartez de "
                "l'accueil."
            ),
            rx.el.p(
                rx.el.a("Recharger la page", href="", style={"marginRight": "1.5rem"}),
                rx.el.a("Retour à l'accueil", href=routes.HOME),
            ),
            role="alert",
            lang="fr",
            style={"maxWidth": "36rem", "margin": "15vh auto", "padding": "1rem", "fontFamily": "sans-serif"},
        ),
        **props,
    )


def notices() -> rx.Component:
    """Over every page: the unexpected error, and the lost connection."""
    return rx.fragment(
        rx.cond(
            ErrorNotice.shown,
            rx.el.div(
                rx.el.strong(UNEXPECTED),
                rx.el.p(UNEXPECTED_DETAIL),
                rx.el.button("Fermer", on_click=ErrorNotice.hide, type="button", class_name="tap"),
                role="alert",
                class_name="error-notice",
            ),
        ),
        rx.cond(
            has_too_many_connection_errors,
            rx.el.div(OFFLINE, role="status", aria_live="polite", class_name="connection-notice"),
        ),
    )
