"""The account's team (/compte/equipe) and the page an invitation link opens."""

from __future__ import annotations

import reflex as rx

from guide_app.accounts.roles import MEMBER_ROLES
from guide_app.accounts.team import Member, Pending
from guide_app.accounts.team_state import InvitationState as I
from guide_app.accounts.team_state import TeamState as T
from guide_app.components.form import password_and_consent, select_field, text_field
from guide_app.components.layout import link_button, page
from guide_app.core import routes


def _member(row: rx.Var[Member]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(rx.el.strong(row.name), " · ", row.role, size="3"),
            rx.text(row.email, size="2", overflow_wrap="anywhere"),
            rx.cond(
                T.is_owner & ~row.owner,
                rx.button(
                    "Retirer de l'équipe",
                    on_click=T.remove_member(row.user_id),
                    variant="outline",
                    color_scheme="red",
                    size="3",
                    width="100%",
                    class_name="tap",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _invite(row: rx.Var[Pending]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(rx.el.strong(row.email), " · ", row.role, size="3", overflow_wrap="anywhere"),
            rx.text("Invitation valable jusqu'au ", row.until, size="2"),
            rx.cond(
                T.is_owner,
                rx.button(
                    "Annuler l'invitation",
                    on_click=T.cancel_invite(row.invite_id),
                    variant="outline",
                    size="3",
                    width="100%",
                    class_name="tap",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _invite_form() -> rx.Component:
    errors = T.errors
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading("Inviter une personne", as_="h2", size="4"),
                text_field("Son adresse e-mail", "email", errors.get("email", ""), type="email", input_mode="email"),
                select_field(
                    "Son accès",
                    "role",
                    tuple(MEMBER_ROLES),
                    errors.get("role", ""),
                    labels=tuple(MEMBER_ROLES.values()),
                ),
                rx.button("Envoyer l'invitation", type="submit", size="3", width="100%", class_name="tap"),
                spacing="3",
                width="100%",
            ),
            on_submit=T.invite,
            reset_on_submit=True,
            width="100%",
        ),
        width="100%",
    )


def team_page() -> rx.Component:
    return page(
        rx.heading("Mon équipe", as_="h1", size="7"),
        rx.text(
            "Faites-vous aider : chaque personne a son propre accès. « Lecture » voit tout sans rien modifier ; "
            "« Gestion » traite les dossiers mais ne gère ni l'équipe, ni les réglages du compte, ni ses données.",
            size="3",
        ),
        rx.cond(
            T.notice != "",
            rx.callout(
                rx.vstack(
                    rx.text(T.notice, size="3"),
                    rx.el.label("Lien d'invitation", html_for="invite-link", class_name="field-label"),
                    rx.input(id="invite-link", value=T.link, read_only=True, size="3", width="100%"),
                    spacing="2",
                    width="100%",
                ),
                color_scheme="green",
                role="status",
                width="100%",
            ),
        ),
        rx.cond(T.is_owner, _invite_form()),
        rx.heading("Membres", as_="h2", size="5"),
        rx.foreach(T.members, _member),
        rx.cond(
            T.invites.length() > 0,
            rx.vstack(
                rx.heading("Invitations en attente", as_="h2", size="5"),
                rx.foreach(T.invites, _invite),
                spacing="3",
                width="100%",
            ),
        ),
        link_button("Revenir à mon espace", routes.ACCOUNT, variant="outline"),
    )


def _join_form() -> rx.Component:
    errors = I.errors
    return rx.fragment(
        rx.heading("Rejoindre l'équipe de ", I.invited_company, as_="h1", size="7"),
        rx.text("Accès proposé à ", rx.el.strong(I.invited_email), " : ", I.invited_role, ".", size="3"),
        rx.form(
            rx.vstack(
                text_field("Votre nom", "contact_name", errors.get("contact_name", ""), autocomplete="name"),
                password_and_consent(errors.get("password", ""), errors.get("consent", "")),
                rx.button("Rejoindre l'équipe", type="submit", size="3", width="100%", class_name="tap"),
                spacing="4",
                width="100%",
            ),
            on_submit=I.join,
            width="100%",
        ),
    )


def invitation_page() -> rx.Component:
    return page(
        rx.match(
            I.status,
            ("valid", _join_form()),
            (
                "invalid",
                rx.fragment(
                    rx.heading("Invitation non valable", as_="h1", size="7"),
                    rx.callout(I.error, color_scheme="orange", role="alert", width="100%"),
                    link_button("Se connecter", routes.SIGN_IN),
                ),
            ),
            rx.text("Vérification de l'invitation…", size="3"),
        )
    )
