"""An owner takes a copy of the account's data, then deletes the account, from the phone."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.journeys import PASSWORD, sign_up_with_a_case
from tests.e2e.phone import assert_fits_phone, shoot


@pytest.mark.journey
def test_an_owner_downloads_the_data_then_erases_the_account(page: Page) -> None:
    sign_up_with_a_case(page, email="effacement@atelier-durand.fr")
    page.get_by_role("link", name="Paramètres du compte").click()
    expect(page.get_by_role("heading", name="Vos données")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger mes données").click()
    assert re.fullmatch(r"mes-donnees-\d{4}-\d{2}-\d{2}\.json", download.value.suggested_filename)
    copy = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert copy["tables"]["debtor"][0]["company_name"] == "Boulangerie Martin SARL"
    assert copy["tables"]["invoice"][0]["number"] == "F-2026-101"
    assert "password_hash" not in json.dumps(copy)

    delete = page.get_by_role("button", name="Supprimer définitivement mon compte")
    page.get_by_label("Votre mot de passe").fill(PASSWORD)
    page.get_by_label("Tapez SUPPRIMER pour confirmer").fill("oui")
    delete.click()
    expect(page.get_by_text("Tapez SUPPRIMER pour confirmer la suppression.")).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "account-erase-refused")
    page.get_by_label("Tapez SUPPRIMER pour confirmer").fill("SUPPRIMER")
    delete.click()

    expect(page).to_have_url(re.compile(r"/compte/supprime$"))
    expect(page.get_by_role("heading", name="Votre compte est supprimé")).to_be_visible()
    shoot(page, "account-erased")
    page.goto("/compte")
    expect(page).to_have_url(re.compile(r"/connexion"))
    page.get_by_label("Adresse e-mail").fill("effacement@atelier-durand.fr")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("E-mail ou mot de passe incorrect.")).to_be_visible()
