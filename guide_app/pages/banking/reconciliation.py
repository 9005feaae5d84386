"""/compte/rapprochement on a phone: upload the bank statement, then one card per credit with its proposed match,
how sure it is and why, and one tap to confirm, to choose another case or to set it aside."""

from __future__ import annotations

import reflex as rx

from guide_app.banking.state import UPLOAD_ID, CaseChoice, LineRow
from guide_app.banking.state import ReconciliationState as S
from guide_app.banking.statements import MAX_BYTES
from guide_app.components.form import one_file_upload, select_field
from guide_app.components.layout import page
from guide_app.core import routes

ACCEPTED = {
    "application/xml": [".xml"],
    "text/xml": [".xml"],
    "application/x-ofx": [".ofx"],
    "application/vnd.intu.qfx": [".qfx"],
    "text/csv": [".csv"],
    "application/vnd.ms-excel": [".csv"],
    "text/plain": [".csv", ".txt", ".ofx"],
    "application/octet-stream": [".ofx", ".xml", ".csv"],
}


def _option(choice: rx.Var[CaseChoice]) -> rx.Component:
    return rx.el.option(choice.label, value=choice.id)


def _other_case(line: rx.Var[LineRow]) -> rx.Component:
    field_id = "case-for-" + line.id.to_string()
    return rx.form(
        rx.vstack(
            rx.el.label(
                rx.cond(line.proposed, "Ou un autre dossier", "Dossier réglé par ce virement"),
                html_for=field_id,
                class_name="field-label",
            ),
            rx.el.input(type="hidden", name="line_id", value=line.id.to_string()),
            rx.el.select(
                rx.el.option("— Choisir —", value=""),
                rx.foreach(S.cases, _option),
                id=field_id,
                name="case_id",
                class_name="native-select",
            ),
            rx.cond(
                S.assign_line == line.id,
                rx.fragment(
                    *[
                        rx.cond(
                            S.assign_errors.contains(field),
                            rx.text(S.assign_errors[field], color_scheme="red", size="3", role="alert"),
                        )
                        for field in ("case_id", "line_id")
                    ]
                ),
            ),
            rx.button("Affecter à ce dossier", type="submit", variant="outline", size="3", class_name="tap"),
            spacing="2",
            width="100%",
        ),
        on_submit=S.assign,
        reset_on_submit=False,
        width="100%",
    )


def _column_select(label: str, name: str, *, optional: bool = False) -> rx.Component:
    field_id = f"field-{name}"
    return rx.vstack(
        rx.el.label(label, html_for=field_id, class_name="field-label"),
        rx.el.select(
            rx.el.option("— Aucune —" if optional else "— Choisir —", value=""),
            rx.foreach(S.columns, lambda name_, index: rx.el.option(name_, value=index.to_string())),
            id=field_id,
            name=name,
            class_name="native-select",
            aria_describedby=f"{field_id}-error",
        ),
        rx.cond(
            S.column_errors.contains(name),
            rx.text(S.column_errors[name], id=f"{field_id}-error", color_scheme="red", size="2", role="alert"),
        ),
        spacing="1",
        width="100%",
    )


def _columns_step() -> rx.Component:
    """A CSV whose header is not recognised: the owner names its columns once for this bank."""
    return rx.form(
        rx.vstack(
            rx.heading("Quelle colonne contient quoi ?", as_="h2", size="4"),
            rx.text(
                "Cette banque présente son relevé autrement : indiquez-le une fois, les relevés suivants seront lus "
                "seuls.",
                size="3",
            ),
            _column_select("Date de l'opération", "col_date"),
            _column_select("Montant", "col_amount"),
            select_field(
                "Cette colonne de montant…",
                "amount_kind",
                ("signe", "credit"),
                S.column_errors.get("amount_kind", ""),
                labels=("crédits et débits (signés)", "crédits seulement"),
                default="signe",
            ),
            _column_select("Libellé", "col_label"),
            _column_select("Payeur (facultatif)", "col_payer", optional=True),
            rx.button("Lire le relevé avec ces colonnes", type="submit", size="3", width="100%", class_name="tap"),
            spacing="3",
            width="100%",
        ),
        on_submit=S.name_columns,
        reset_on_submit=False,
        width="100%",
    )


def _line(line: rx.Var[LineRow]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(line.when, size="3"),
                rx.spacer(),
                rx.text(line.amount, weight="bold", size="4", white_space="nowrap"),
                width="100%",
            ),
            rx.cond(line.payer != "", rx.text(line.payer, weight="bold", size="3")),
            rx.cond(line.text != "", rx.text(line.text, size="3", class_name="share-link")),
            rx.cond(
                line.proposed,
                rx.vstack(
                    rx.text("Règle : ", rx.el.strong(line.target), size="3"),
                    rx.hstack(
                        rx.badge(
                            "Confiance ",
                            line.confidence.to_string(),
                            " %",
                            color_scheme=rx.cond(line.sure, "green", "orange"),
                            size="2",
                        ),
                        wrap="wrap",
                    ),
                    rx.text(line.reason, size="2"),
                    rx.button(
                        "Confirmer",
                        on_click=S.confirm(line.id),
                        size="3",
                        width="100%",
                        class_name="tap",
                    ),
                    spacing="2",
                    width="100%",
                ),
                rx.text(line.reason, size="3"),
            ),
            rx.cond(
                S.line_errors.contains(line.id.to_string()),
                rx.text(S.line_errors[line.id.to_string()], color_scheme="red", size="3", role="alert"),
            ),
            rx.el.details(
                rx.el.summary(rx.cond(line.proposed, "Corriger", "Choisir le dossier"), class_name="details-summary"),
                _other_case(line),
                open=~line.proposed,
                class_name="sim-helper",
            ),
            rx.button(
                "Mettre de côté (pas un paiement client)",
                on_click=S.set_aside(line.id),
                variant="ghost",
                size="3",
                class_name="tap",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def reconciliation_page() -> rx.Component:
    return page(
        rx.link("← Mes dossiers", href=routes.ACCOUNT, class_name="tap", size="3"),
        rx.heading("Rapprochement bancaire", as_="h1", size="6"),
        rx.text(
            "Déposez le relevé exporté depuis votre banque : chaque virement reçu est rapproché de vos factures "
            "ouvertes. Vous confirmez d'un geste ; le paiement est alors enregistré dans le dossier, les relances "
            "et la page de votre client suivent.",
            size="3",
        ),
        rx.el.details(
            rx.el.summary("Quels fichiers ?", class_name="details-summary"),
            rx.text(
                "CAMT.053 (XML, proposé par la plupart des banques françaises), OFX, ou CSV avec une ligne d'en-tête "
                f"(date, montant ou crédit, libellé). {MAX_BYTES // (1024 * 1024)} Mo au plus. Importer de nouveau "
                "le même relevé ne crée aucun doublon : chaque ligne est reconnue par la référence de la banque.",
                size="3",
            ),
            class_name="sim-helper",
        ),
        one_file_upload(
            UPLOAD_ID,
            choose="Choisir un relevé",
            submit="Importer le relevé",
            accept=ACCEPTED,
            max_size=MAX_BYTES,
            on_rejected=S.rejected,
            on_upload=S.upload,
        ),
        rx.cond(S.file_error != "", rx.callout(S.file_error, color_scheme="red", role="alert", width="100%")),
        rx.cond(S.columns.length() > 0, _columns_step()),
        rx.cond(S.summary != "", rx.callout(S.summary, color_scheme="green", role="status", width="100%")),
        rx.cond(S.notice != "", rx.callout(S.notice, color_scheme="blue", role="status", width="100%")),
        rx.heading("Virements à rapprocher (", S.lines.length().to_string(), ")", as_="h2", size="4"),
        rx.cond(
            S.lines.length() > 0,
            rx.vstack(rx.foreach(S.lines, _line), spacing="3", width="100%"),
            rx.text("Rien à rapprocher : tous les virements importés sont traités.", size="3"),
        ),
    )
