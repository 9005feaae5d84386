"""Sign-in, forgotten password and account settings pages."""

from __future__ import annotations

import reflex as rx

from guide_app.accounts.calendar_state import CalendarState
from guide_app.accounts.pages_state import PasswordState, SignInState
from guide_app.accounts.reset_state import ForgottenPasswordState, NewPasswordState
from guide_app.components.form import text_field
from guide_app.components.layout import link_button, page
from guide_app.core import routes
from guide_app.pages.accounts.account_data import data_section


def sign_in_page() -> rx.Component:
    return page(
        rx.heading("Se connecter", as_="h1", size="7"),
        rx.form(
            rx.vstack(
                text_field("Adresse e-mail", "email", "", type="email", input_mode="email", autocomplete="username"),
                text_field("Mot de passe", "password", "", type="password", autocomplete="current-password"),
                rx.cond(
                    SignInState.error != "",
                    rx.callout(SignInState.error, color_scheme="red", role="alert", width="100%"),
                ),
                rx.button("Se connecter", type="submit", size="3", width="100%", class_name="tap"),
                spacing="4",
                width="100%",
            ),
            on_submit=SignInState.sign_in,
            width="100%",
        ),
        rx.link("Mot de passe oublié ?", href=routes.PASSWORD_FORGOTTEN, size="3", class_name="tap"),
        rx.text("Pas encore de compte ?", size="3"),
        link_button("Créer mon compte de recouvrement", routes.SIGN_UP, variant="soft"),
    )


def _new_password_field(error: rx.Var[str]) -> rx.Component:
    return text_field(
        "Nouveau mot de passe (12 caractères au moins)",
        "new_password",
        error,
        type="password",
        autocomplete="new-password",
    )


def forgotten_password_page() -> rx.Component:
    state = ForgottenPasswordState
    return page(
        rx.heading("Mot de passe oublié", as_="h1", size="7"),
        rx.text(
            "Indiquez l'adresse e-mail de votre compte : vous recevrez un lien pour choisir un nouveau mot de passe.",
            size="3",
        ),
        rx.form(
            rx.vstack(
                text_field(
                    "Adresse e-mail", "email", state.error, type="email", input_mode="email", autocomplete="username"
                ),
                rx.cond(state.alert != "", rx.callout(state.alert, color_scheme="red", role="alert", width="100%")),
                rx.cond(
                    state.sent_to != "",
                    rx.callout.root(
                        rx.callout.text(
                            "Si un compte existe pour cette adresse (",
                            rx.text.strong(state.sent_to),
                            "), un e-mail vient de partir avec un lien valable une heure. Rien reçu d'ici quelques "
                            "minutes ? Regardez dans les courriers indésirables, puis vérifiez l'adresse.",
                        ),
                        size="3",
                        color_scheme="green",
                        role="status",
                        width="100%",
                    ),
                ),
                rx.cond(
                    state.dev_link != "",
                    rx.callout.root(
                        rx.callout.text(
                            "Mode développement, aucun serveur d'e-mail configuré : le lien qui serait parti est ",
                            rx.link(state.dev_link, href=state.dev_link),
                        ),
                        size="2",
                        color_scheme="amber",
                        width="100%",
                    ),
                ),
                rx.button("Recevoir le lien", type="submit", size="3", width="100%", class_name="tap"),
                spacing="4",
                width="100%",
            ),
            on_submit=state.ask,
            width="100%",
        ),
        rx.link("Retour à la connexion", href=routes.SIGN_IN, size="3", class_name="tap"),
    )


def _new_password_form() -> rx.Component:
    errors = NewPasswordState.errors
    return rx.fragment(
        rx.heading("Choisir un nouveau mot de passe", as_="h1", size="7"),
        rx.text("Une fois enregistré, vos autres appareils sont déconnectés.", size="3"),
        rx.form(
            rx.vstack(
                _new_password_field(errors.get("new_password", "")),
                text_field(
                    "Le même, une seconde fois",
                    "confirmation",
                    errors.get("confirmation", ""),
                    type="password",
                    autocomplete="new-password",
                ),
                rx.button("Enregistrer et me connecter", type="submit", size="3", width="100%", class_name="tap"),
                spacing="4",
                width="100%",
            ),
            on_submit=NewPasswordState.choose,
            reset_on_submit=True,
            width="100%",
        ),
    )


def _link_not_valid() -> rx.Component:
    return rx.fragment(
        rx.heading("Ce lien n'est plus valable", as_="h1", size="7"),
        rx.text(
            "Un lien pour choisir un nouveau mot de passe sert une seule fois, pendant une heure, et seul le dernier "
            "demandé fonctionne.",
            size="3",
        ),
        link_button("Demander un nouveau lien", routes.PASSWORD_FORGOTTEN),
        rx.link("Se connecter", href=routes.SIGN_IN, size="3", class_name="tap"),
    )


def new_password_page() -> rx.Component:
    return page(
        rx.match(
            NewPasswordState.status,
            ("valid", _new_password_form()),
            ("invalid", _link_not_valid()),
            rx.text("Vérification du lien…", size="3"),
        )
    )


def _calendar_section() -> rx.Component:
    c = CalendarState
    return rx.vstack(
        rx.heading("Votre agenda", as_="h2", size="5"),
        rx.text(
            "Vos appels, SMS et courriers à faire, les dates de paiement promises et les dates de prescription, dans "
            "l'agenda de votre téléphone : un abonnement qui se met à jour seul.",
            size="3",
        ),
        rx.cond(
            c.feed_link != "",
            rx.vstack(
                rx.callout(
                    "Copiez ce lien maintenant : pour votre sécurité, il ne sera plus affiché. Qui le détient voit "
                    "votre agenda de relances.",
                    color_scheme="orange",
                    width="100%",
                ),
                rx.el.label("Lien de votre agenda", html_for="calendar-link", class_name="field-label"),
                rx.input(id="calendar-link", value=c.feed_link, read_only=True, size="3", width="100%"),
                link_button("S'abonner depuis ce téléphone", c.subscribe_link),
                spacing="2",
                width="100%",
            ),
            rx.cond(c.has_feed, rx.text("Un lien d'agenda est actif.", size="3")),
        ),
        rx.button(
            rx.cond(c.has_feed, "Créer un nouveau lien (l'ancien cesse de fonctionner)", "Créer mon lien d'agenda"),
            on_click=c.create_feed,
            size="3",
            variant="outline",
            width="100%",
            class_name="tap",
        ),
        rx.cond(
            c.has_feed,
            rx.button(
                "Révoquer le lien",
                on_click=c.revoke_feed,
                size="3",
                variant="soft",
                color_scheme="red",
                width="100%",
                class_name="tap",
            ),
        ),
        spacing="3",
        width="100%",
    )


def settings_page() -> rx.Component:
    errors = PasswordState.errors
    return page(
        rx.heading("Paramètres du compte", as_="h1", size="7"),
        rx.text(PasswordState.contact_name, " · ", PasswordState.company_name, size="3"),
        rx.heading("Vos coordonnées bancaires", as_="h2", size="5"),
        rx.text(
            "Affiché à vos clients sur leur page de paiement, avec un QR code de virement, et dans vos relances.",
            size="3",
        ),
        rx.form(
            rx.vstack(
                text_field(
                    "IBAN",
                    "iban",
                    errors.get("iban", ""),
                    placeholder="FR76 3000 6000 0112 3456 7890 189",
                    default=PasswordState.iban,
                ),
                rx.cond(PasswordState.iban_saved != "", rx.callout(PasswordState.iban_saved, color_scheme="green")),
                rx.button("Enregistrer l'IBAN", type="submit", size="3", width="100%", class_name="tap"),
                spacing="3",
                width="100%",
            ),
            on_submit=PasswordState.save_iban,
            width="100%",
        ),
        rx.heading("Changer de mot de passe", as_="h2", size="5"),
        rx.form(
            rx.vstack(
                text_field(
                    "Mot de passe actuel",
                    "current_password",
                    errors.get("current_password", ""),
                    type="password",
                    autocomplete="current-password",
                ),
                _new_password_field(errors.get("new_password", "")),
                rx.cond(
                    PasswordState.done,
                    rx.callout("Mot de passe changé. Vos autres appareils sont déconnectés.", color_scheme="green"),
                ),
                rx.button("Changer le mot de passe", type="submit", size="3", width="100%", class_name="tap"),
                spacing="4",
                width="100%",
            ),
            on_submit=PasswordState.change,
            reset_on_submit=True,
            width="100%",
        ),
        _calendar_section(),
        data_section(),
        rx.button(
            "Se déconnecter",
            on_click=PasswordState.sign_out,
            size="3",
            variant="outline",
            color_scheme="red",
            width="100%",
            class_name="tap",
        ),
    )
