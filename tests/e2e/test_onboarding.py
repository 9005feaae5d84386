"""From the diagnostic to a working collection account, on a phone, as a new owner would do it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from guide_app.core import clock
from guide_app.core.format import day
from guide_app.quiz.diagnostic import diagnostic_bank
from guide_app.reminders.schedule import next_business_day
from tests.e2e.phone import assert_fits_phone, shoot

BANK = diagnostic_bank()
PASSWORD = "une phrase de passe solide"


def _finish_diagnostic(page: Page) -> None:
    page.goto("/diagnostic")
    page.get_by_role("button", name="Commencer").click()
    for index, question in enumerate(BANK.questions):
        expect(page.get_by_text(f"Question {index + 1} sur")).to_be_visible()
        page.get_by_role("button", name=question.answers[0].text, exact=True).click()
    page.get_by_label("Part des factures payées en retard").fill("40")
    page.get_by_label("Délai de paiement accordé d'habitude").fill("45")
    page.get_by_role("button", name="Voir mon résultat").click()
    expect(page).to_have_url(re.compile(r"/diagnostic/resultat$"))


def _fill_account(page: Page, *, siren: str, name: str, email: str) -> None:
    page.get_by_label("Nom de votre entreprise").fill(name)
    page.get_by_label("SIREN (9 chiffres)").fill(siren)
    page.get_by_label("Votre nom").fill("Camille Durand")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe (12 caractères au moins)").fill(PASSWORD)


@pytest.mark.journey
def test_new_owner_goes_from_diagnostic_to_a_planned_case_and_finds_it_after_signing_in_again(page: Page) -> None:
    _finish_diagnostic(page)
    page.goto("/inscription")
    expect(page.get_by_text("Étape 1 sur 4")).to_be_visible()

    # Bad input: wrong SIREN, script tag in a name, no consent → French errors, nothing created.
    _fill_account(page, siren="123 456 789", name="<script>alert(1)</script>", email="camille@atelier-durand.fr")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_text("Ce SIREN n'est pas valide")).to_be_visible()
    expect(page.get_by_text("ne peut pas contenir les caractères")).to_be_visible()
    expect(page.get_by_text("Cochez la case")).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "onboarding-1-errors")

    _fill_account(page, siren="732 829 320", name="Atelier Durand", email="camille@atelier-durand.fr")
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Créer mon compte").click()

    # Step 2: the pre-filled scenario; edit one step and watch the preview.
    expect(page.get_by_text("Étape 2 sur 4")).to_be_visible()
    expect(page.get_by_role("heading", name="Votre scénario de relance")).to_be_visible()
    page.get_by_text("Pourquoi ce scénario ?").click()
    expect(page.get_by_text("40 % de factures payées en retard", exact=False)).to_be_visible()
    shoot(page, "onboarding-2-scenario")
    page.get_by_role("button", name="Modifier").first.click()
    page.get_by_label("Nom de l'étape").fill("Petit rappel amical")
    page.get_by_label("Message").fill(
        "Bonjour {contact},\n\nLa facture {facture} de {montant_ttc} arrive à échéance le {echeance}.\n\n{entreprise}"
    )
    expect(page.locator("#step-editor").get_by_text("La facture F-2026-014 de 2 400,00 €", exact=False)).to_be_visible()
    page.get_by_label("Message").fill("Merci de régler {inconnu}.")
    expect(page.get_by_text("Corrigez le modèle pour voir l'aperçu.")).to_be_visible()
    page.get_by_label("Message").fill(
        "Bonjour {contact}, la facture {facture} de {montant_ttc} arrive à échéance le {echeance}. {entreprise}"
    )
    assert_fits_phone(page)
    shoot(page, "onboarding-2-editor")
    page.get_by_role("button", name="Enregistrer l'étape").click()
    expect(page.get_by_text("Petit rappel amical")).to_be_visible()
    page.get_by_role("button", name="Valider mes scénarios").click()

    # Step 3: a debtor and an invoice, with bad input first.
    expect(page.get_by_text("Étape 3 sur 4")).to_be_visible()
    issue = clock.today() - timedelta(days=20)
    due = clock.today() + timedelta(days=25)
    page.get_by_label("Nom de l'entreprise cliente").fill("")
    page.get_by_label("E-mail du client").fill("compta@martin.fr")
    page.get_by_label("Numéro de facture").fill("F-2026-101")
    page.get_by_label("Date d'émission").fill(issue.isoformat())
    page.get_by_label("Date d'échéance").fill((issue - timedelta(days=1)).isoformat())
    page.get_by_label("Montant HT").fill("-2000")
    page.get_by_role("button", name="Planifier les relances").click()
    expect(page.get_by_text("Le nom du client est obligatoire.")).to_be_visible()
    expect(page.get_by_text("L'échéance ne peut pas précéder la date d'émission.")).to_be_visible()
    expect(page.get_by_text("Le montant HT ne peut pas être négatif.")).to_be_visible()
    shoot(page, "onboarding-3-errors")
    page.get_by_label("Nom de l'entreprise cliente").fill("Boulangerie Martin SARL")
    page.get_by_label("Date d'échéance").fill(due.isoformat())
    page.get_by_label("Montant HT").fill("2 000")
    page.get_by_role("button", name="Planifier les relances").click()

    # Step 4: the timeline, on business days, in test mode.
    expect(page.get_by_text("Étape 4 sur 4")).to_be_visible()
    expect(page.get_by_text("Mode test", exact=False).first).to_be_visible()
    expect(page.get_by_text("2 400,00 € TTC, pas encore échu", exact=False).first).to_be_visible()
    first_day = next_business_day(due - timedelta(days=7))
    expect(page.get_by_text(day(first_day), exact=True).first).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "onboarding-4-timeline")
    page.get_by_role("button", name="Aller à mon espace").click()

    expect(page).to_have_url(re.compile(r"/compte$"))
    expect(page.locator("#dossiers").get_by_text("Boulangerie Martin SARL")).to_be_visible()
    shoot(page, "account-home")

    # Sign out, sign back in, and the case is there.
    page.get_by_role("link", name="Paramètres du compte").click()
    page.get_by_role("button", name="Se déconnecter").click()
    page.goto("/compte")
    expect(page).to_have_url(re.compile(r"/connexion"))
    page.get_by_label("Adresse e-mail").fill("camille@atelier-durand.fr")
    page.get_by_label("Mot de passe").fill("mauvais mot de passe")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("E-mail ou mot de passe incorrect.")).to_be_visible()
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(r"/compte$"))
    page.locator("#dossiers").get_by_text("Boulangerie Martin SARL").click()
    expect(page.get_by_role("heading", name="Actions prévues")).to_be_visible()
    shoot(page, "case-page")


def test_the_diagnostic_profile_prefills_the_dso_simulator_and_prices_the_stake(page: Page) -> None:
    page.goto("/diagnostic")
    page.get_by_role("button", name="Commencer").click()
    for index, question in enumerate(BANK.questions):
        expect(page.get_by_text(f"Question {index + 1} sur")).to_be_visible()
        page.get_by_role("button", name=question.answers[0].text, exact=True).click()
    page.get_by_label("Chiffre d'affaires annuel HT").fill("1 200 000")
    page.get_by_label("Délai de paiement accordé d'habitude").fill("45")
    page.get_by_label("Votre DSO actuel, si vous le connaissez").fill("75")
    page.get_by_role("button", name="Voir mon résultat").click()
    # 1 200 000 € HT → 1 440 000 € TTC ÷ 365 × 30 days beyond terms ≈ 118 356 €
    expect(page.get_by_text("environ 118 356 € de trésorerie", exact=False)).to_be_visible()
    page.get_by_role("link", name="Simuler ce que vous libérez en réduisant ce délai →").click()
    expect(page).to_have_url(re.compile(r"/simulateurs/tresorerie-dso\?"))
    expect(page.get_by_label("DSO actuel")).to_have_value("75")

    page.goto("/simulateurs/tresorerie-dso")
    expect(page.get_by_text("Pré-rempli avec les chiffres de votre diagnostic.")).to_be_visible()
    expect(page.get_by_label("Chiffre d'affaires annuel")).to_have_value("1 200 000")
