"""The onboarding wizard on a phone: one step per screen, with its progress."""

from __future__ import annotations

import reflex as rx

from guide_app.cases.risk import CHANNEL_LABELS, RISK_LABELS, TONE_LABELS
from guide_app.components.effects import scroll_into_view
from guide_app.components.form import client_kind_fields, password_and_consent, select_field, text_field
from guide_app.components.layout import link_button, page
from guide_app.components.timeline import case_actions, case_summary
from guide_app.core import routes
from guide_app.onboarding.state import MAX_INVOICES, STEP_TITLES, StepCard
from guide_app.onboarding.state import CaseForm as C
from guide_app.onboarding.state import OnboardingState as O
from guide_app.onboarding.state import ScenarioEditor as E
from guide_app.onboarding.state import TimelineStep as T
from guide_app.reminders.templates import MERGE_FIELDS

MERGE_HELP = ", ".join("{" + name + "}" for name in MERGE_FIELDS)


def _progress() -> rx.Component:
    return rx.vstack(
        rx.text(
            f"Étape {O.step} sur {len(STEP_TITLES)} · ",
            rx.match(O.step, *[(i + 1, title) for i, title in enumerate(STEP_TITLES)], ""),
            size="2",
            color_scheme="gray",
        ),
        rx.progress(value=O.step * 100 // len(STEP_TITLES), aria_label="Avancement de l'inscription"),
        spacing="2",
        width="100%",
    )


def _account_step() -> rx.Component:
    errors = O.errors
    return rx.vstack(
        rx.heading("Créez votre compte de recouvrement", as_="h1", size="6"),
        rx.text(
            "En quatre étapes, vous repartez avec un scénario de relance adapté à vos réponses et votre premier "
            "dossier planifié. Rien n'est envoyé à vos clients tant que vous n'activez pas l'envoi réel.",
            size="3",
        ),
        rx.form(
            rx.vstack(
                rx.cond(
                    O.prefill.length() > 0,
                    rx.callout(
                        "Invitation de votre conseiller : votre diagnostic sera rattaché à ce compte.",
                        color_scheme="blue",
                        width="100%",
                    ),
                ),
                text_field(
                    "Nom de votre entreprise",
                    "company_name",
                    errors.get("company_name", ""),
                    autocomplete="organization",
                    default=O.prefill.get("company_name", ""),
                ),
                text_field(
                    "SIREN (9 chiffres)",
                    "siren",
                    errors.get("siren", ""),
                    input_mode="numeric",
                    placeholder="Ex. 732 829 320",
                ),
                text_field(
                    "Votre nom",
                    "contact_name",
                    errors.get("contact_name", ""),
                    autocomplete="name",
                    default=O.prefill.get("contact_name", ""),
                ),
                text_field(
                    "Adresse e-mail",
                    "email",
                    errors.get("email", ""),
                    type="email",
                    input_mode="email",
                    autocomplete="email",
                    default=O.prefill.get("email", ""),
                ),
                password_and_consent(errors.get("password", ""), errors.get("consent", "")),
                rx.button("Créer mon compte", type="submit", size="3", width="100%", class_name="tap"),
                spacing="4",
                width="100%",
            ),
            on_submit=O.create_account,
            width="100%",
        ),
        rx.text("Déjà inscrit ?", size="3"),
        link_button("Se connecter", routes.SIGN_IN, variant="soft"),
        spacing="4",
        width="100%",
    )


def _step_card(card: rx.Var[StepCard]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.badge(card.day, size="2"),
                rx.text(card.channel, size="2", color_scheme="gray"),
                rx.spacer(),
                rx.text(card.tone, size="2", color_scheme="gray"),
                width="100%",
                align="center",
            ),
            rx.text(card.name, weight="bold", size="3"),
            rx.el.details(
                rx.el.summary("Aperçu du message", class_name="tap"),
                rx.cond(card.preview_subject != "", rx.text(card.preview_subject, weight="bold", size="2")),
                rx.text(card.preview_body, size="3", class_name="message-body"),
            ),
            rx.grid(
                rx.button("Modifier", on_click=E.edit(card.index), variant="soft", size="3", class_name="tap"),
                rx.button(
                    "↑",
                    on_click=E.move(card.index, -1),
                    variant="outline",
                    size="3",
                    class_name="tap",
                    aria_label="Plus tôt",
                    disabled=card.index == 0,
                ),
                rx.button(
                    "↓",
                    on_click=E.move(card.index, 1),
                    variant="outline",
                    size="3",
                    class_name="tap",
                    aria_label="Plus tard",
                    disabled=card.index == E.cards.length() - 1,
                ),
                rx.button(
                    "Supprimer",
                    on_click=E.remove(card.index),
                    variant="ghost",
                    color_scheme="red",
                    size="3",
                    class_name="tap",
                    disabled=E.cards.length() <= 1,
                ),
                columns="4",
                spacing="2",
                width="100%",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _draft_input(label: str, name: str, **props: object) -> rx.Component:
    field_id = f"draft-{name}"
    return rx.vstack(
        rx.el.label(label, html_for=field_id, class_name="field-label"),
        rx.input(
            id=field_id,
            value=E.draft.get(name, ""),
            on_change=lambda v: E.set_draft(name, v),
            size="3",
            width="100%",
            **props,
        ),
        rx.cond(
            E.draft_errors.get(name, "") != "",
            rx.text(E.draft_errors.get(name, ""), color_scheme="red", size="2", role="alert"),
        ),
        spacing="1",
        width="100%",
    )


def _draft_select(label: str, name: str, options: dict[str, str]) -> rx.Component:
    field_id = f"draft-{name}"
    return rx.vstack(
        rx.el.label(label, html_for=field_id, class_name="field-label"),
        rx.el.select(
            *[rx.el.option(text, value=value) for value, text in options.items()],
            id=field_id,
            value=E.draft.get(name, ""),
            on_change=lambda v: E.set_draft(name, v),
            class_name="native-select",
        ),
        spacing="1",
        width="100%",
    )


def _editor() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(rx.cond(E.editing < E.cards.length(), "Modifier l'étape", "Nouvelle étape"), as_="h2", size="4"),
            _draft_input("Nom de l'étape", "name"),
            _draft_input("Jour par rapport à l'échéance (−7 = 7 jours avant)", "offset_days", input_mode="numeric"),
            _draft_select("Canal", "channel", {c.value: label for c, label in CHANNEL_LABELS.items()}),
            _draft_select("Ton", "tone", {t.value: label for t, label in TONE_LABELS.items()}),
            _draft_input("Objet", "subject"),
            rx.vstack(
                rx.el.label("Message", html_for="draft-body", class_name="field-label"),
                rx.text_area(
                    id="draft-body",
                    value=E.draft.get("body", ""),
                    on_change=lambda v: E.set_draft("body", v),
                    rows="8",
                    width="100%",
                    size="3",
                ),
                rx.cond(
                    E.draft_errors.get("body", "") != "",
                    rx.text(E.draft_errors.get("body", ""), color_scheme="red", size="2", role="alert"),
                ),
                rx.text("Champs disponibles : ", MERGE_HELP, size="2", color_scheme="gray"),
                spacing="1",
                width="100%",
            ),
            rx.text("Aperçu avec un exemple", weight="bold", size="2"),
            rx.cond(
                E.draft_preview != "",
                rx.text(E.draft_preview, size="3", class_name="message-body"),
                rx.text("Corrigez le modèle pour voir l'aperçu.", size="2", color_scheme="orange"),
            ),
            rx.grid(
                rx.button("Enregistrer l'étape", on_click=E.save_draft, size="3", class_name="tap"),
                rx.button("Annuler", on_click=E.cancel_draft, variant="soft", size="3", class_name="tap"),
                columns="2",
                spacing="2",
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="step-editor",
    )


def _scenario_step() -> rx.Component:
    return rx.vstack(
        scroll_into_view(rx.Var.create("step-editor"), E.edit_serial),
        rx.heading("Votre scénario de relance", as_="h1", size="6"),
        rx.text(
            "Pré-rempli à partir de votre diagnostic. Chaque catégorie de client a sa variante : plus le risque est "
            "élevé, plus les relances commencent tôt et fermement.",
            size="3",
        ),
        rx.grid(
            *[
                rx.button(
                    label,
                    on_click=E.choose_risk(risk.value),
                    size="3",
                    class_name="tap",
                    variant=rx.cond(E.risk == risk.value, "solid", "outline"),
                    aria_pressed=rx.cond(E.risk == risk.value, "true", "false"),
                )
                for risk, label in RISK_LABELS.items()
            ],
            columns="3",
            spacing="2",
            width="100%",
        ),
        rx.el.details(
            rx.el.summary("Pourquoi ce scénario ?", class_name="tap"),
            rx.el.ul(rx.foreach(E.reasons, lambda reason: rx.el.li(reason)), class_name="reasons"),
        ),
        rx.cond(E.editing >= 0, _editor()),
        rx.foreach(E.cards, _step_card),
        rx.button(
            "+ Ajouter une étape",
            on_click=E.edit(E.cards.length()),
            variant="outline",
            size="3",
            width="100%",
            class_name="tap",
        ),
        rx.button("Valider mes scénarios", on_click=E.accept, size="3", width="100%", class_name="tap"),
        spacing="4",
        width="100%",
    )


def _case_errors(name: str) -> rx.Var[str]:
    return C.case_errors.get(name, "")


def _invoice_fields(index: int) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(f"Facture {index + 1}", weight="bold", size="3"),
            text_field(
                "Numéro de facture", f"number_{index}", _case_errors(f"number_{index}"), placeholder="Ex. F-2026-014"
            ),
            text_field("Date d'émission", f"issue_{index}", _case_errors(f"issue_{index}"), type="date"),
            text_field("Date d'échéance", f"due_{index}", _case_errors(f"due_{index}"), type="date"),
            text_field(
                "Montant HT",
                f"amount_{index}",
                _case_errors(f"amount_{index}"),
                input_mode="decimal",
                placeholder="Ex. 2 000",
                suffix="€",
            ),
            select_field(
                "TVA",
                f"vat_{index}",
                ("20", "10", "5,5", "2,1", "0"),
                _case_errors(f"vat_{index}"),
                default="20",
                suffix=" %",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _case_step() -> rx.Component:
    return rx.vstack(
        rx.heading("Votre premier dossier", as_="h1", size="6"),
        rx.text("Un client qui vous doit de l'argent, et la ou les factures concernées.", size="3"),
        rx.form(
            rx.vstack(
                rx.heading("Le client", as_="h2", size="4"),
                text_field("Nom de l'entreprise cliente", "debtor_name", _case_errors("debtor_name")),
                text_field(
                    "SIREN du client (facultatif)", "debtor_siren", _case_errors("debtor_siren"), input_mode="numeric"
                ),
                text_field("Interlocuteur (facultatif)", "debtor_contact", _case_errors("debtor_contact")),
                text_field(
                    "E-mail du client", "debtor_email", _case_errors("debtor_email"), type="email", input_mode="email"
                ),
                text_field(
                    "Téléphone (facultatif)", "debtor_phone", _case_errors("debtor_phone"), type="tel", input_mode="tel"
                ),
                client_kind_fields(
                    _case_errors,
                    rx.text(
                        "Videz le champ « Délai en jours » plus bas pour appliquer le délai que la loi fixe "
                        "à cet acheteur.",
                        size="2",
                        color_scheme="gray",
                    ),
                ),
                text_field(
                    "Plafond d'encours (facultatif)",
                    "credit_limit",
                    _case_errors("credit_limit"),
                    input_mode="decimal",
                    suffix="€",
                ),
                text_field(
                    "Taux de pénalité de vos conditions générales (facultatif)",
                    "agreed_rate",
                    _case_errors("agreed_rate"),
                    input_mode="decimal",
                    suffix="%",
                ),
                rx.heading("Les factures", as_="h2", size="4"),
                *[rx.cond(C.invoice_count > i, _invoice_fields(i)) for i in range(MAX_INVOICES)],
                rx.grid(
                    rx.button(
                        "+ Une facture",
                        on_click=C.add_invoice,
                        type="button",
                        variant="outline",
                        size="3",
                        class_name="tap",
                    ),
                    rx.button(
                        "− La dernière",
                        on_click=C.remove_invoice,
                        type="button",
                        variant="ghost",
                        size="3",
                        class_name="tap",
                        disabled=C.invoice_count <= 1,
                    ),
                    columns="2",
                    spacing="2",
                    width="100%",
                ),
                rx.heading("Délai de paiement convenu", as_="h2", size="4"),
                text_field(
                    "Délai en jours",
                    "terms_days",
                    _case_errors("terms_days"),
                    input_mode="numeric",
                    default=C.default_terms,
                    suffix="jours",
                ),
                rx.el.label(
                    rx.el.input(type="checkbox", name="terms_eom", class_name="consent-box"),
                    rx.text("fin de mois", size="3"),
                    class_name="consent",
                ),
                rx.cond(
                    C.case_errors.length() > 0,
                    rx.callout(
                        "Corrigez les champs signalés en rouge : rien n'a été enregistré.",
                        color_scheme="red",
                        role="alert",
                        width="100%",
                    ),
                ),
                rx.button("Planifier les relances", type="submit", size="3", width="100%", class_name="tap"),
                spacing="3",
                width="100%",
            ),
            on_submit=C.create_case,
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


def _timeline_step() -> rx.Component:
    return rx.vstack(
        rx.heading("Vos prochaines actions", as_="h1", size="6"),
        rx.callout(
            "Mode test : rien n'est envoyé à votre client. Chaque étape montre exactement ce qui partirait, et quand. "
            "Vous activerez l'envoi réel depuis votre espace.",
            color_scheme="blue",
            width="100%",
        ),
        case_summary(T.view),
        case_actions(T.view),
        rx.button("Aller à mon espace", on_click=T.finish, size="3", width="100%", class_name="tap"),
        spacing="4",
        width="100%",
    )


def onboarding_page() -> rx.Component:
    return page(
        _progress(),
        rx.match(
            O.step,
            (1, _account_step()),
            (2, _scenario_step()),
            (3, _case_step()),
            (4, _timeline_step()),
        ),
    )
