"""Importing open invoices from a CSV file on a phone: the model, the columns, a report per line, no duplicates."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Page, expect

from guide_app.core import clock
from tests.e2e.journeys import sign_up
from tests.e2e.phone import assert_fits_phone, shoot

TODAY = clock.today()


def test_import_of_a_csv_file_reports_each_bad_line_and_a_second_import_adds_nothing(page: Page) -> None:
    sign_up(page, email="camille@import.fr", company="Atelier Import")
    page.goto("/compte/import")
    expect(page.get_by_role("heading", name="Importer vos factures en cours")).to_be_visible()
    template = page.get_by_role("link", name="Télécharger le modèle (CSV)")
    assert template.get_attribute("href") == "/modele-import.csv"
    assert page.request.get("/modele-import.csv").text().lstrip("\ufeff").startswith("client;siren;email")
    page.get_by_text("Les colonnes du fichier").click()
    expect(page.get_by_text("Montant HT en euros, par exemple 1 234,56 (obligatoire)", exact=False)).to_be_visible()

    issue, due = (TODAY - timedelta(days=40)).strftime("%d/%m/%Y"), (TODAY - timedelta(days=10)).strftime("%d/%m/%Y")
    data = (
        "\ufeffclient;siren;email;telephone;categorie;facture;date_facture;echeance;montant_ht;tva\r\n"
        f"Boulangerie Martin SARL;732829320;compta@martin.fr;;standard;F-1;{issue};{due};1 234,56;20\r\n"
        f"Boulangerie Martin SARL;732829320;;;;F-2;{issue};{due};100;20\r\n"
        f"Garage du Centre;;;;a_risque;F-3;{issue};31/02/2026;100;20\r\n"
    ).encode()
    files = [{"name": "factures.csv", "mimeType": "text/csv", "buffer": data}]
    page.locator("input[type=file]").set_input_files(files)
    expect(page.get_by_text("Fichier choisi : factures.csv")).to_be_visible()
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_text("2 factures importées dans 1 nouveau dossier, dont 1 nouveau client.")).to_be_visible()
    expect(page.get_by_text("L'échéance doit être une date", exact=False)).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "import-1-report")

    page.locator("input[type=file]").set_input_files(files)
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_text("Aucune nouvelle facture importée.")).to_be_visible()
    expect(page.get_by_text("Lignes déjà importées (2)")).to_be_visible()

    page.goto("/compte")
    expect(page.locator("#dossiers").get_by_text("Boulangerie Martin SARL")).to_be_visible()
