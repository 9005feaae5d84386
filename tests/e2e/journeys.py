"""Short paths through the app that several browser tests start from."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import Page, expect

PASSWORD = "une phrase de passe solide"


def sign_up(page: Page, *, email: str, company: str = "Atelier Durand", siren: str = "732 829 320") -> None:
    """Step 1 of the onboarding: the account exists, the wizard shows the scenario."""
    page.goto("/inscription")
    page.get_by_label("Nom de votre entreprise").fill(company)
    page.get_by_label("SIREN (9 chiffres)").fill(siren)
    page.get_by_label("Votre nom").fill("Camille Durand")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe (12 caractères au moins)").fill(PASSWORD)
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_text("Étape 2 sur 4")).to_be_visible()


def set_iban(page: Page, iban: str) -> None:
    """The owner gives the bank details debtors will see."""
    page.goto("/compte/parametres")
    page.get_by_label("IBAN").fill(iban)
    page.get_by_role("button", name="Enregistrer l'IBAN").click()
    expect(page.get_by_text("IBAN enregistré", exact=False)).to_be_visible()


def sign_up_with_a_case(page: Page, *, email: str, siren: str = "732 829 320", amount_ht: str = "2 000") -> None:
    """A new owner signs up, keeps the proposed scenario, enters one invoice due in 25 days, reaches /compte."""
    sign_up(page, email=email, siren=siren)
    page.get_by_role("button", name="Valider mes scénarios").click()
    issue = date.today() - timedelta(days=20)
    page.get_by_label("Nom de l'entreprise cliente").fill("Boulangerie Martin SARL")
    page.get_by_label("E-mail du client").fill("compta@martin.fr")
    page.get_by_label("Numéro de facture").fill("F-2026-101")
    page.get_by_label("Date d'émission").fill(issue.isoformat())
    page.get_by_label("Date d'échéance").fill((date.today() + timedelta(days=25)).isoformat())
    page.get_by_label("Montant HT").fill(amount_ht)
    page.get_by_role("button", name="Planifier les relances").click()
    expect(page.get_by_text("Étape 4 sur 4")).to_be_visible()
    page.get_by_role("button", name="Aller à mon espace").click()
    expect(page).to_have_url(re.compile(r"/compte$"))
