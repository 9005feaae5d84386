"""The owner works a case on a phone: a partial payment, then the full one that stops every reminder."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.journeys import sign_up_with_a_case
from tests.e2e.phone import assert_fits_phone, shoot


@pytest.mark.journey
def test_payments_settle_the_case_and_stop_the_reminders(page: Page) -> None:
    sign_up_with_a_case(page, email="paiements@atelier-durand.fr")
    expect(page.get_by_text("À encaisser")).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "account-home-with-case")
    page.locator("#dossiers").get_by_text("Boulangerie Martin SARL").click()
    expect(page.get_by_role("heading", name="Actions prévues")).to_be_visible()
    planned = page.get_by_text("prévu", exact=True).count()
    assert planned >= 6

    page.get_by_text("Enregistrer un paiement").click()
    page.get_by_label("Montant reçu").fill("-5")
    page.get_by_role("button", name="Enregistrer le paiement").click()
    expect(page.get_by_text("Le montant ne peut pas être négatif.")).to_be_visible()
    page.get_by_label("Montant reçu").fill("400")
    page.get_by_role("button", name="Enregistrer le paiement").click()
    expect(page.get_by_text("Paiement enregistré.")).to_be_visible()
    expect(page.get_by_text("Déjà payé : 400,00 €")).to_be_visible()
    expect(page.get_by_text("reste 2 000,00 €")).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "case-partial-payment")

    # The mise en demeure is a letter to print: its PDF downloads from the action.
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger la lettre (PDF)").first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert download.value.path().read_bytes().startswith(b"%PDF")

    page.get_by_label("Montant reçu").fill("2 000")
    page.get_by_role("button", name="Enregistrer le paiement").click()
    expect(page.get_by_text("Dossier clos.")).to_be_visible()
    expect(page.get_by_text("prévu", exact=True)).to_have_count(0)
    expect(page.get_by_text("Dossier clos : facture(s) entièrement payée(s)", exact=False)).to_be_visible()
    shoot(page, "case-paid")

    page.get_by_role("link", name="← Mes dossiers").click()
    page.get_by_role("button", name="Clos").click()
    expect(page.get_by_text("soldé")).to_be_visible()
