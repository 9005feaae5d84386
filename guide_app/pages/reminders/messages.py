"""The account's e-mails (sent, or kept in test mode), the sends waiting for a retry, and real sending on/off."""

from __future__ import annotations

import reflex as rx

from guide_app.components.layout import link_button, page
from guide_app.core import routes
from guide_app.reminders.digest import HeldClient
from guide_app.reminders.outbox import SHOWN, MessageRow, RetryRow
from guide_app.reminders.outbox_state import DIGEST_CHOICES, NO_DIGEST
from guide_app.reminders.outbox_state import OutboxState as O


def _mode() -> rx.Component:
    return rx.cond(
        O.live,
        rx.card(
            rx.vstack(
                rx.heading("Envoi réel activé", as_="h2", size="4"),
                rx.text("Vos relances e-mail partent à vos clients à leur date, en votre nom.", size="3"),
                rx.cond(
                    ~O.mailer_ready,
                    rx.callout(
                        "Le serveur n'a pas encore d'envoi d'e-mails configuré : vos relances restent dans cette "
                        "liste en attendant. Prévenez la personne qui administre l'application.",
                        color_scheme="orange",
                        width="100%",
                    ),
                ),
                rx.button(
                    "Repasser en mode test",
                    on_click=O.go_test,
                    variant="outline",
                    size="3",
                    width="100%",
                    class_name="tap",
                ),
                spacing="3",
            ),
            width="100%",
        ),
        rx.card(
            rx.vstack(
                rx.heading("Mode test", as_="h2", size="4"),
                rx.text(
                    "Rien ne part : chaque relance arrivée à sa date est écrite ici, telle que votre client la "
                    "recevrait. Quand les textes vous conviennent, activez l'envoi réel : les relances suivantes "
                    "partiront à leur date ; celles déjà écrites en mode test ne seront pas renvoyées.",
                    size="3",
                ),
                rx.form(
                    rx.vstack(
                        rx.el.label(
                            rx.el.input(type="checkbox", name="confirm_live", class_name="consent-box"),
                            rx.text(
                                "Je confirme que mes clients recevront ces relances par e-mail, en mon nom.", size="3"
                            ),
                            class_name="consent",
                        ),
                        rx.cond(
                            O.confirm_error != "",
                            rx.text(O.confirm_error, color_scheme="red", size="2", role="alert"),
                        ),
                        rx.button("Activer l'envoi réel", type="submit", size="3", width="100%", class_name="tap"),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=O.go_live,
                    width="100%",
                ),
                spacing="3",
            ),
            width="100%",
        ),
    )


def _retry(row: rx.Var[RetryRow]) -> rx.Component:
    return rx.callout(
        rx.vstack(
            rx.link(rx.el.strong(row.debtor), " · ", row.name, href=row.href, class_name="tap", size="3"),
            rx.text("Dernier refus : ", row.reason, size="2"),
            rx.cond(row.next_try != "", rx.text("Prochain essai le ", row.next_try, size="2")),
            spacing="1",
        ),
        color_scheme="orange",
        width="100%",
    )


def _message(row: rx.Var[MessageRow]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(row.when, size="2", color_scheme="gray"),
                rx.spacer(),
                rx.cond(
                    row.sent,
                    rx.badge("Envoyé", color_scheme="green", size="2"),
                    rx.badge("Non envoyé", color_scheme="gray", size="2"),
                ),
                width="100%",
            ),
            rx.link(rx.el.strong(row.debtor), href=row.href, size="3", class_name="tap"),
            rx.text("À : ", row.recipient, size="2", overflow_wrap="anywhere"),
            rx.text(row.subject, weight="bold", size="3"),
            rx.el.details(
                rx.el.summary("Lire le message", class_name="tap"),
                rx.text(row.body, size="3", class_name="message-body"),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _held(row: rx.Var[HeldClient]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(rx.el.strong(row.client), " · suspendu depuis le ", row.since, size="3"),
            rx.button(
                "Reprendre les envois",
                on_click=O.resume(row.debtor_id),
                variant="outline",
                size="3",
                width="100%",
                class_name="tap",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _preferences() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading("Vos préférences d'envoi", as_="h2", size="4"),
                rx.el.label(
                    rx.el.input(
                        type="checkbox", name="thank_payers", default_checked=O.thank_payers, class_name="consent-box"
                    ),
                    rx.text("Remercier le client par un court e-mail quand il a tout réglé.", size="3"),
                    class_name="consent",
                ),
                rx.el.label("Point du matin par e-mail", html_for="digest-hour", class_name="field-label"),
                rx.el.select(
                    *[
                        rx.el.option("Ne pas le recevoir" if choice == NO_DIGEST else f"À {choice} h", value=choice)
                        for choice in DIGEST_CHOICES
                    ],
                    id="digest-hour",
                    name="digest_hour",
                    value=O.digest_hour,
                    on_change=O.choose_digest_hour,
                    class_name="native-select",
                ),
                rx.text(
                    "Chaque matin où il y a du nouveau : ce qui part à vos clients (à partir de ",
                    O.send_from_hour,
                    " h), avec un lien pour suspendre un envoi, ce que vous avez à faire vous-même et ce qui s'est "
                    "passé depuis le point précédent.",
                    size="2",
                ),
                rx.cond(
                    O.preferences_error != "", rx.text(O.preferences_error, color_scheme="red", size="2", role="alert")
                ),
                rx.cond(O.preferences_notice != "", rx.text(O.preferences_notice, size="2", role="status")),
                rx.button("Enregistrer", type="submit", size="3", width="100%", class_name="tap"),
                spacing="3",
                width="100%",
            ),
            on_submit=O.save_preferences,
            width="100%",
        ),
        width="100%",
    )


def messages_page() -> rx.Component:
    view = O.view
    return page(
        rx.heading("Relances e-mail", as_="h1", size="7"),
        _mode(),
        rx.cond(
            view.retrying.length() > 0,
            rx.vstack(
                rx.heading("En attente d'un nouvel essai", as_="h2", size="5"),
                rx.foreach(view.retrying, _retry),
                spacing="3",
                width="100%",
            ),
        ),
        rx.cond(
            O.held.length() > 0,
            rx.vstack(
                rx.heading("Clients suspendus", as_="h2", size="5"),
                rx.foreach(O.held, _held),
                spacing="3",
                width="100%",
            ),
        ),
        _preferences(),
        rx.heading("Dernières relances", as_="h2", size="5"),
        rx.cond(
            view.total > 0,
            rx.vstack(
                rx.cond(
                    view.total > SHOWN,
                    rx.text(f"Les {SHOWN} plus récentes sur ", view.total, ".", size="2", color_scheme="gray"),
                ),
                rx.foreach(view.messages, _message),
                spacing="3",
                width="100%",
            ),
            rx.text("Aucune relance e-mail n'est encore arrivée à sa date.", size="3"),
        ),
        link_button("Revenir à mon espace", routes.ACCOUNT, variant="outline"),
    )
