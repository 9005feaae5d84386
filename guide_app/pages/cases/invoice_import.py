"""Importing open invoices from a CSV file, on a phone: the model to download, the columns, the file, the report."""

from __future__ import annotations

import reflex as rx

from guide_app.cases.csv_import import COLUMN_HELP, MAX_BYTES, MAX_LINES
from guide_app.components.form import one_file_upload
from guide_app.components.layout import link_button, page
from guide_app.core import routes
from guide_app.desk.import_state import UPLOAD_ID, ReportLine
from guide_app.desk.import_state import ImportState as S

TEMPLATE_PATH = "/modele-import.csv"
ACCEPTED = {
    "text/csv": [".csv"],
    "text/comma-separated-values": [".csv"],
    "application/vnd.ms-excel": [".csv"],
    "text/plain": [".csv", ".txt"],
}


def _columns() -> rx.Component:
    return rx.el.details(
        rx.el.summary("Les colonnes du fichier", class_name="details-summary"),
        rx.vstack(
            rx.text(
                "La première ligne nomme les colonnes, dans n'importe quel ordre. Séparateur point-virgule ou "
                "virgule ; montants à la française (1 234,56) ; dates JJ/MM/AAAA.",
                size="3",
            ),
            rx.el.ul(
                *[rx.el.li(rx.el.code(name), " : ", help_text) for name, help_text in COLUMN_HELP.items()],
                class_name="reasons",
            ),
            rx.text(
                f"Jusqu'à {MAX_LINES:,} lignes et {MAX_BYTES // (1024 * 1024)} Mo par fichier. ".replace(",", "\u202f")
                + "Une facture déjà enregistrée (même numéro) est ignorée : réimporter le même fichier ne crée pas "
                "de doublon. Les factures d'un même client (même SIREN, ou même nom) forment un dossier, planifié "
                "avec le scénario de sa catégorie.",
                size="3",
            ),
            spacing="2",
            width="100%",
        ),
        class_name="sim-helper",
    )


def _report_line(row: rx.Var[ReportLine]) -> rx.Component:
    return rx.el.li(rx.el.strong("Ligne ", row.line.to_string()), " : ", row.message)


def _results() -> rx.Component:
    return rx.vstack(
        rx.cond(S.file_error != "", rx.callout(S.file_error, color_scheme="red", role="alert", width="100%")),
        rx.cond(
            S.done,
            rx.vstack(
                rx.callout(S.summary, color_scheme="green", role="status", width="100%"),
                rx.cond(
                    S.problems.length() > 0,
                    rx.vstack(
                        rx.heading("Lignes non importées (", S.problems.length().to_string(), ")", as_="h2", size="4"),
                        rx.text("Corrigez-les dans votre fichier puis importez-le de nouveau.", size="3"),
                        rx.el.ul(rx.foreach(S.problems, _report_line), class_name="reasons", role="alert"),
                        spacing="2",
                        width="100%",
                    ),
                ),
                rx.cond(
                    S.skipped.length() > 0,
                    rx.el.details(
                        rx.el.summary(
                            "Lignes déjà importées (", S.skipped.length().to_string(), ")", class_name="details-summary"
                        ),
                        rx.el.ul(rx.foreach(S.skipped, _report_line), class_name="reasons"),
                        class_name="sim-helper",
                    ),
                ),
                link_button("Voir mes dossiers", routes.ACCOUNT, variant="soft"),
                spacing="3",
                width="100%",
            ),
        ),
        spacing="3",
        width="100%",
    )


def import_page() -> rx.Component:
    return page(
        rx.link("← Mes dossiers", href=routes.ACCOUNT, class_name="tap", size="3"),
        rx.heading("Importer vos factures en cours", as_="h1", size="6"),
        rx.text(
            "Depuis votre logiciel de facturation ou un tableur : chaque client devient un dossier, et ses relances "
            "sont planifiées comme pour votre premier dossier. Rien n'est envoyé tant que le mode test est actif.",
            size="3",
        ),
        rx.button(
            rx.el.a("Télécharger le modèle (CSV)", href=TEMPLATE_PATH, download="modele-import.csv"),
            as_child=True,
            variant="soft",
            size="3",
            width="100%",
            class_name="tap",
        ),
        _columns(),
        one_file_upload(
            UPLOAD_ID,
            choose="Choisir un fichier CSV",
            submit="Importer",
            accept=ACCEPTED,
            max_size=MAX_BYTES,
            on_rejected=S.rejected,
            on_upload=S.upload,
        ),
        _results(),
    )
