"""The page shell: a header with the way home, one readable column, a footer."""

from __future__ import annotations

from pathlib import Path

import reflex as rx

from guide_app.accounts.state import AuthState
from guide_app.core import APP_NAME, routes

# The logo, drawn in the page from the favicon's own file: as an <img>, the phone fetched it and built a separate
# SVG document to draw it, during the first load.
LOGO = (
    (Path(__file__).resolve().parents[2] / "assets" / "favicon.svg")
    .read_text(encoding="utf-8")
    .replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
)


def spinner() -> rx.Component:
    """A wheel that turns only once a wait has lasted a second (assets/styles.css `.spinner`): a quick load shows
    none, and a page's first load does not draw 60 frames a second on a phone busy running its scripts. Decorative:
    the text next to it, or the page's status, says what is awaited."""
    return rx.el.span(class_name="spinner", aria_hidden="true")


def loading(title: str, intro: str = "") -> rx.Component:
    """What a page shows until its data arrives (a page reached by a link with an id; the account until its session
    is checked): its title where the page will have it, what the page is for (`intro`: true whatever the data), and a
    status read to screen readers. It is also the page's prerendered skeleton (core/first_paint.py): a phone reads
    the intro while the data is on its way."""
    return rx.vstack(
        rx.heading(title, as_="h1", size="7"),
        *([rx.text(intro, size="3")] if intro else []),
        rx.hstack(spinner(), rx.text("Chargement…", size="3"), role="status", align="center"),
        spacing="3",
        width="100%",
    )


def _role_notices() -> rx.Component:
    """A member's read-only access, and an action their role refused (accounts/roles.py), said on every page."""
    return rx.fragment(
        rx.cond(
            AuthState.role_refusal != "",
            rx.callout(
                AuthState.role_refusal, color_scheme="orange", role="alert", width="100%", class_name="role-refusal"
            ),
        ),
        rx.cond(
            AuthState.read_only & (AuthState.role_refusal == ""),
            rx.text("Vous consultez ce compte en lecture seule.", size="2", role="status", class_name="read-only"),
        ),
    )


def page(*children: rx.Component, wide: bool = False) -> rx.Component:
    """`wide`: the presentation screen of a workshop, for a laptop or a projector."""
    return rx.box(
        rx.el.header(
            rx.link(
                rx.hstack(
                    rx.html(LOGO, class_name="logo"),
                    rx.text(APP_NAME, weight="bold", size="3"),
                    align="center",
                    spacing="2",
                ),
                href=routes.HOME,
                class_name="tap",
                underline="none",
                color_scheme="gray",
                high_contrast=True,
            ),
            rx.spacer(),
            rx.link("Mon espace", href=routes.ACCOUNT, class_name="tap", size="2"),
            class_name="site-header",
        ),
        rx.el.main(
            rx.vstack(_role_notices(), *children, spacing="5", width="100%"),
            class_name="site-main wide" if wide else "site-main",
        ),
        rx.el.footer(
            rx.text(
                "Un guide gratuit pour se faire payer à l'heure. Chiffres et textes de loi sourcés.",
                size="1",
                color_scheme="gray",
            ),
            class_name="site-footer",
        ),
    )


def link_button(label: str, href: str | rx.Var[str], *, variant: str = "solid", **props: object) -> rx.Component:
    """A link styled as a full-width button (navigation stays a real link)."""
    return rx.button(
        rx.link(label, href=href, underline="none"),
        as_child=True,
        size="3",
        variant=variant,
        width="100%",
        class_name="tap",
        **props,
    )
