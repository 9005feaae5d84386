"""/compte/import/facture-electronique on a phone: choose the e-invoice, check what was read, confirm; the new case
is one tap away."""

from __future__ import annotations

import reflex as rx

from guide_app.cases.einvoice import MAX_BYTES
from guide_app.components.form import client_kind_fields, one_file_upload, text_field
from guide_app.components.layout import link_button, page
from guide_app.core import routes
from guide_app.desk.einvoice_state import UPLOAD_ID
from guide_app.desk.einvoice_state import EInvoiceState as S

ACCEPTED = {
    "application/pdf": [".pdf"],
    "application/xml": [".xml"],
    "text/xml": [".xml"],
    "application/octet-stream": [".pdf", ".xml"],
}


def _error(name: str) -> rx.Var[str]:
    return S.errors.get(name, "")  # type: ignore[return-value]


def _row(label: str, value: rx.Var[str]) -> rx.Component:
    return rx.el.div(rx.el.dt(label, class_name="fact-label"), rx.el.dd(value, class_name="fact-value"))


def _read() -> rx.Component:
    p = S.preview
    return rx.el.dl(
        _row("Format", p.format),
        _row("Facture n°", p.number),
        _row("Émise le", p.issued),
        _row("Échéance", p.due),
        rx.cond(p.terms != "", _row("Conditions de paiement", p.terms)),
        _row("Montant HT", p.amount_ht),
        _row("TVA", p.vat),
        _row("Montant TTC", p.amount_ttc),
        rx.cond(p.paid != "", _row("Acompte déjà reçu", p.paid)),
        rx.cond(p.paid != "", _row("Reste à payer", p.left)),
        _row("Client", p.client),
        _row("SIREN du client", p.siren),
        class_name="facts",
    )


def _client_fields() -> rx.Component:
    return rx.cond(
        S.preview.known != "",
        rx.callout(S.preview.known, color_scheme="blue", width="100%"),
        rx.vstack(
            text_field(
                "E-mail du client (facultatif)",
                "email",
                _error("email"),
                type="email",
                input_mode="email",
                default=S.preview.email,
                hint="Lu dans la facture quand elle le donne ; les relances partent à cette adresse.",
            ),
            client_kind_fields(_error),
            spacing="3",
            width="100%",
        ),
    )


def _confirmation() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Vérifiez avant de créer le dossier", as_="h2", size="4"),
            _read(),
            rx.form(
                rx.vstack(
                    text_field(
                        "Date d'échéance",
                        "due",
                        _error("due"),
                        type="date",
                        default=S.preview.due_value,
                        hint="Lue dans la facture ; si elle n'en donne pas, indiquez celle convenue avec le client.",
                    ),
                    _client_fields(),
                    rx.button("Créer le dossier", type="submit", size="3", width="100%", class_name="tap"),
                    rx.button(
                        "Annuler",
                        type="button",
                        variant="soft",
                        size="3",
                        width="100%",
                        class_name="tap",
                        on_click=S.cancel,
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=S.confirm,
                reset_on_submit=False,
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def einvoice_page() -> rx.Component:
    return page(
        rx.link("← Mes dossiers", href=routes.ACCOUNT, class_name="tap", size="3"),
        rx.heading("Importer une facture électronique", as_="h1", size="6"),
        rx.text(
            "Le PDF Factur-X ou le fichier XML (UBL ou CII) que produit votre logiciel de facturation : le client et "
            "la facture sont lus tels quels, vous vérifiez, et le dossier est créé avec ses relances planifiées. Une "
            "facture déjà enregistrée (même numéro) est refusée.",
            size="3",
        ),
        one_file_upload(
            UPLOAD_ID,
            choose="Choisir la facture",
            submit="Lire la facture",
            accept=ACCEPTED,
            max_size=MAX_BYTES,
            on_rejected=S.rejected,
            on_upload=S.upload,
        ),
        rx.cond(S.file_error != "", rx.callout(S.file_error, color_scheme="red", role="alert", width="100%")),
        rx.cond(S.ready, _confirmation()),
        rx.cond(
            S.created != "",
            rx.vstack(
                rx.callout(S.created, color_scheme="green", role="status", width="100%"),
                link_button("Voir le dossier", S.case_path),
                spacing="3",
                width="100%",
            ),
        ),
        link_button("Importer plusieurs factures (CSV)", routes.ACCOUNT_IMPORT, variant="soft"),
    )
