"""A new owner signs up, as tests/e2e/test_onboarding.py shows step by step; here only step 1, quickly."""

from __future__ import annotations

from playwright.sync_api import Page, expect

PASSWORD = "une phrase de passe solide"


def sign_up(page: Page, *, email: str, company: str) -> None:
    page.goto("/inscription")
    page.get_by_label("Nom de votre entreprise").fill(company)
    page.get_by_label("SIREN (9 chiffres)").fill("732 829 320")
    page.get_by_label("Votre nom").fill("Camille Durand")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe (12 caractères au moins)").fill(PASSWORD)
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_text("Étape 2 sur 4")).to_be_visible()
