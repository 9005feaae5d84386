"""The advisor space (/conseiller) and a lead's page: usable on a phone as on a laptop."""

from __future__ import annotations

import reflex as rx

from guide_app.components.form import select_field, text_field
from guide_app.components.layout import link_button, page, spinner
from guide_app.core import routes
from guide_app.workshop.advisor_state import AdvisorSpaceState as A
from guide_app.workshop.advisor_state import LeadCard, WorkshopCard
from guide_app.workshop.advisor_state import LeadState as L
from guide_app.workshop.game import SECONDS_CHOICES, SECONDS_DEFAULT, chapter_slugs, chapter_title, field_name
from guide_app.workshop.leads import STATUS_LABELS, STATUSES
from guide_app.workshop.store import CONTENTS, MODES

MODE_CHOICES = (
    "Chacun à son rythme sur son téléphone",
    "En direct : vous faites avancer la salle question par question",
)


def refusal() -> rx.Component:
    return rx.vstack(
        rx.heading("Espace réservé aux conseillers", as_="h1", size="6"),
        rx.text(
            "Votre compte n'a pas accès à cet espace. Si vous animez des ateliers, demandez un compte conseiller "
            "à l'administrateur du guide.",
            size="3",
        ),
        link_button("Retour à l'accueil", routes.HOME),
        spacing="4",
        width="100%",
    )


def gated(access: rx.Var[str], content: rx.Component) -> rx.Component:
    return rx.match(
        access,
        ("denied", refusal()),
        ("ok", content),
        rx.center(spinner(), width="100%", min_height="200px"),
    )


def _workshop_card(card: rx.Var[WorkshopCard]) -> rx.Component:
    return rx.link(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.text(card.title, weight="bold", size="3"),
                    rx.spacer(),
                    rx.badge(card.status, color_scheme=rx.cond(card.code != "", "green", "gray"), size="2"),
                    width="100%",
                    align="center",
                ),
                rx.text(card.date, " · ", card.mode, size="2", color_scheme="gray"),
                rx.text(
                    card.joined,
                    " participant(s)",
                    rx.cond(card.code != "", rx.fragment(" · code ", rx.el.strong(card.code)), ""),
                    size="3",
                ),
                spacing="1",
                width="100%",
            ),
            width="100%",
        ),
        href=card.href,
        underline="none",
        color_scheme="gray",
        high_contrast=True,
        width="100%",
    )


def _lead_card(card: rx.Var[LeadCard], *, take: bool = False) -> rx.Component:
    body = rx.vstack(
        rx.hstack(
            rx.text(card.name, weight="bold", size="3"),
            rx.spacer(),
            rx.badge(card.status, size="2"),
            width="100%",
            align="center",
        ),
        rx.text(card.company, " · ", card.source, size="2", color_scheme="gray"),
        rx.cond(card.next_contact != "", rx.text("Prochain contact : ", card.next_contact, size="2")),
        spacing="1",
        width="100%",
    )
    if take:
        return rx.card(
            rx.vstack(
                body,
                rx.button("Prendre en charge", on_click=A.take(card.id), variant="soft", size="3", class_name="tap"),
                spacing="2",
                width="100%",
            ),
            width="100%",
        )
    return rx.link(
        rx.card(body, width="100%"),
        href=card.href,
        underline="none",
        color_scheme="gray",
        high_contrast=True,
        width="100%",
    )


CONTENT_CHOICES = (
    "L'auto-diagnostic du recouvrement (13 questions, 8 axes)",
    "Un jeu-quiz sur les chapitres (compte à rebours, points, classement)",
)


def _game_fields(errors: rx.Var[dict[str, str]]) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend("Pour un jeu-quiz", class_name="field-label"),
        rx.vstack(
            rx.text("Chapitres dont viennent les questions :", size="2"),
            *[
                rx.el.label(
                    rx.el.input(type="checkbox", name=field_name(slug), default_checked=True, class_name="consent-box"),
                    chapter_title(slug),
                    class_name="check-line",
                )
                for slug in chapter_slugs()
            ],
            rx.cond(
                errors.get("chapters", "") != "",
                rx.text(
                    errors.get("chapters", ""), id="field-chapters-error", color_scheme="red", size="2", role="alert"
                ),
            ),
            rx.el.label(
                rx.el.input(type="checkbox", name="melange", class_name="consent-box"),
                "Mélanger les questions des chapitres",
                class_name="check-line",
            ),
            select_field(
                "Temps par question",
                "seconds",
                tuple(str(s) for s in SECONDS_CHOICES),
                errors.get("seconds", ""),
                default=str(SECONDS_DEFAULT),
                suffix=" secondes",
            ),
            spacing="2",
            width="100%",
        ),
        class_name="plain-fieldset",
    )


def _create_form() -> rx.Component:
    errors = A.errors
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading("Nouvel atelier", as_="h2", size="5"),
                text_field("Titre", "title", errors.get("title", ""), placeholder="Ex. Matinale CCI — se faire payer"),
                text_field("Date", "held_on", errors.get("held_on", ""), type="date", default=A.today_iso),
                select_field(
                    "Contenu",
                    "content",
                    CONTENTS,
                    errors.get("content", ""),
                    labels=CONTENT_CHOICES,
                    default=CONTENTS[0],
                ),
                select_field(
                    "Déroulé du diagnostic",
                    "mode",
                    MODES,
                    errors.get("mode", ""),
                    labels=MODE_CHOICES,
                    default=MODES[0],
                ),
                _game_fields(errors),
                rx.button("Créer l'atelier", type="submit", size="3", width="100%", class_name="tap"),
                spacing="3",
                width="100%",
            ),
            on_submit=A.create,
            width="100%",
        ),
        width="100%",
    )


def advisor_page() -> rx.Component:
    return page(
        gated(
            A.access,
            rx.vstack(
                rx.text("Espace conseiller · ", A.contact_name, size="2", color_scheme="gray"),
                rx.heading("Vos ateliers et vos contacts", as_="h1", size="7"),
                _create_form(),
                rx.heading("Mes ateliers", as_="h2", size="5"),
                rx.cond(
                    A.workshops.length() > 0,
                    rx.vstack(rx.foreach(A.workshops, _workshop_card), spacing="3", width="100%"),
                    rx.text("Aucun atelier pour l'instant.", size="3"),
                ),
                rx.heading("Mes contacts", as_="h2", size="5"),
                rx.cond(
                    A.my_leads.length() > 0,
                    rx.vstack(rx.foreach(A.my_leads, _lead_card), spacing="3", width="100%"),
                    rx.text("Les participants qui demandent à être recontactés apparaîtront ici.", size="3"),
                ),
                rx.cond(
                    A.waiting_leads.length() > 0,
                    rx.vstack(
                        rx.heading("Contacts sans conseiller", as_="h2", size="5"),
                        rx.text("Laissés après un diagnostic en ligne : le premier qui les prend les suit.", size="2"),
                        rx.foreach(A.waiting_leads, lambda card: _lead_card(card, take=True)),
                        spacing="3",
                        width="100%",
                    ),
                ),
                rx.button(
                    "Se déconnecter",
                    on_click=A.sign_out,
                    variant="outline",
                    color_scheme="red",
                    size="3",
                    width="100%",
                    class_name="tap",
                ),
                spacing="5",
                width="100%",
            ),
        )
    )


def _lead_details() -> rx.Component:
    errors = L.errors
    return rx.vstack(
        rx.link("← Espace conseiller", href=routes.ADVISOR, class_name="tap", size="3"),
        rx.heading(L.name, as_="h1", size="7"),
        rx.text(L.company, " · ", L.source, size="3"),
        rx.card(
            rx.vstack(
                rx.cond(L.email != "", rx.link(L.email, href="mailto:" + L.email, class_name="tap", size="3")),
                rx.cond(L.phone != "", rx.link(L.phone, href="tel:" + L.phone, class_name="tap", size="3")),
                rx.cond(
                    L.result != "",
                    rx.link("Diagnostic : ", L.result, " →", href=L.result_href, class_name="tap", size="3"),
                ),
                rx.text(L.consent, size="2", color_scheme="gray"),
                rx.cond(L.converted, rx.badge("Compte créé", color_scheme="green", size="2")),
                spacing="2",
                width="100%",
            ),
            width="100%",
        ),
        rx.form(
            rx.vstack(
                rx.heading("Suivi", as_="h2", size="5"),
                rx.el.label("Statut", html_for="field-status", class_name="field-label"),
                rx.el.select(
                    *[rx.el.option(STATUS_LABELS[s], value=s) for s in STATUSES],
                    id="field-status",
                    name="status",
                    default_value=L.status,
                    key=L.status,
                    class_name="native-select",
                ),
                rx.cond(
                    errors.get("status", "") != "", rx.text(errors.get("status", ""), color_scheme="red", size="2")
                ),
                rx.el.label("Notes", html_for="field-notes", class_name="field-label"),
                rx.text_area(
                    id="field-notes",
                    name="notes",
                    default_value=L.notes,
                    max_length=2000,
                    size="3",
                    width="100%",
                    class_name="lead-notes",
                    key=L.notes,
                ),
                rx.cond(errors.get("notes", "") != "", rx.text(errors.get("notes", ""), color_scheme="red", size="2")),
                text_field(
                    "Prochain contact",
                    "next_contact_on",
                    errors.get("next_contact_on", ""),
                    type="date",
                    default=L.next_contact,
                ),
                rx.button("Enregistrer le suivi", type="submit", size="3", width="100%", class_name="tap"),
                spacing="3",
                width="100%",
            ),
            on_submit=L.save,
            width="100%",
        ),
        rx.cond(L.notice != "", rx.callout(L.notice, color_scheme="green", role="status", width="100%")),
        rx.cond(
            ~L.converted,
            rx.card(
                rx.vstack(
                    rx.heading("Inviter à créer un compte", as_="h2", size="5"),
                    rx.text(
                        "Le lien ouvre l'inscription pré-remplie avec son entreprise, et son diagnostic est "
                        "rattaché au compte créé. Valable 30 jours, une seule fois.",
                        size="3",
                    ),
                    rx.button(
                        "Créer le lien d'invitation", on_click=L.invite, size="3", width="100%", class_name="tap"
                    ),
                    rx.cond(
                        L.invitation_link != "",
                        rx.vstack(
                            rx.text(L.invitation_link, size="2", class_name="share-link invitation-link"),
                            rx.button(
                                "Copier le lien",
                                on_click=rx.set_clipboard(L.invitation_link),
                                variant="soft",
                                size="3",
                                width="100%",
                                class_name="tap",
                            ),
                            rx.cond(
                                L.mailto != "",
                                rx.button(
                                    rx.link("Envoyer par e-mail", href=L.mailto, underline="none"),
                                    as_child=True,
                                    variant="outline",
                                    size="3",
                                    width="100%",
                                    class_name="tap",
                                ),
                            ),
                            spacing="2",
                            width="100%",
                        ),
                    ),
                    spacing="3",
                    width="100%",
                ),
                width="100%",
            ),
        ),
        rx.cond(
            L.confirming_erase,
            rx.callout(
                rx.vstack(
                    rx.text("Effacer définitivement ce contact ? Son diagnostic restera anonyme.", size="3"),
                    rx.hstack(
                        rx.button("Effacer", on_click=L.erase, color_scheme="red", size="3", class_name="tap"),
                        rx.button("Annuler", on_click=L.cancel_erase, variant="soft", size="3", class_name="tap"),
                        spacing="3",
                    ),
                    spacing="2",
                ),
                color_scheme="red",
                width="100%",
            ),
            rx.button(
                "Effacer ce contact (RGPD)",
                on_click=L.ask_erase,
                variant="ghost",
                color_scheme="red",
                size="3",
                class_name="tap",
            ),
        ),
        spacing="4",
        width="100%",
    )


def lead_page() -> rx.Component:
    return page(
        gated(
            L.access,
            rx.cond(
                L.found,
                _lead_details(),
                rx.vstack(
                    rx.heading("Contact introuvable", as_="h1", size="6"),
                    rx.text("Ce contact n'existe pas, a été effacé, ou est suivi par un autre conseiller.", size="3"),
                    link_button("Retour à l'espace conseiller", routes.ADVISOR),
                    spacing="4",
                    width="100%",
                ),
            ),
        )
    )
