"""Short paths through the app that several browser tests start from."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from itertools import count

from playwright.sync_api import Page, expect

from guide_app.core import clock
from guide_app.quiz.diagnostic import diagnostic_bank
from tests.e2e.app_server import ROOT
from tests.e2e.phone import Contexts, assert_fits_phone, shoot

PASSWORD = "une phrase de passe solide"
BANK = diagnostic_bank()
TOTAL = len(BANK.questions)
_advisors = count(1)


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
    issue = clock.today() - timedelta(days=20)
    page.get_by_label("Nom de l'entreprise cliente").fill("Boulangerie Martin SARL")
    page.get_by_label("E-mail du client").fill("compta@martin.fr")
    page.get_by_label("Numéro de facture").fill("F-2026-101")
    page.get_by_label("Date d'émission").fill(issue.isoformat())
    page.get_by_label("Date d'échéance").fill((clock.today() + timedelta(days=25)).isoformat())
    page.get_by_label("Montant HT").fill(amount_ht)
    page.get_by_role("button", name="Planifier les relances").click()
    expect(page.get_by_text("Étape 4 sur 4")).to_be_visible()
    page.get_by_role("button", name="Aller à mon espace").click()
    expect(page).to_have_url(re.compile(r"/compte$"))


def make_advisor(contexts: Contexts) -> str:
    """An advisor account made by the admin command; returns its e-mail (the password is PASSWORD)."""
    email = f"conseil{next(_advisors)}-{os.getpid()}@cci.fr"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "guide_app.admin",
            "create-advisor",
            "--email",
            email,
            "--name",
            "Claire Martin",
            "--password",
            PASSWORD,
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": contexts.server.database_url},
        check=True,
        capture_output=True,
    )
    return email


def sign_in_as_advisor(tab: Page, email: str) -> None:
    """The advisor signs in on this tab (a laptop or a phone) and lands in the advisor space."""
    tab.goto("/conseiller")
    expect(tab).to_have_url(re.compile(r"/connexion\?suite=/conseiller$"))
    tab.get_by_label("Adresse e-mail").fill(email)
    tab.get_by_label("Mot de passe").fill(PASSWORD)
    tab.get_by_role("button", name="Se connecter").click()
    expect(tab).to_have_url(re.compile(r"/conseiller$"))
    expect(tab.get_by_role("heading", name="Vos ateliers et vos contacts")).to_be_visible()


def sign_in_advisor(contexts: Contexts) -> Page:
    """A new advisor, signed in on a laptop, in the advisor space."""
    laptop = contexts.tab(wide=True)
    sign_in_as_advisor(laptop, make_advisor(contexts))
    return laptop


def create_workshop(laptop: Page, title: str, *, live: bool) -> str:
    """The advisor creates a room; returns its join code (6 digits)."""
    laptop.get_by_label("Titre").fill(title)
    if live:
        laptop.get_by_label("Déroulé").select_option("live")
    laptop.get_by_role("button", name="Créer l'atelier").click()
    expect(laptop).to_have_url(re.compile(r"/conseiller/ateliers/\d+$"))
    expect(laptop.get_by_role("heading", name=title)).to_be_visible()
    code = laptop.locator(".join-code").inner_text().replace("\u00a0", "").replace(" ", "")
    assert re.fullmatch(r"[2-9]{6}", code)
    return code


def join_workshop(phone: Page, code: str, pseudonym: str = "", *, typed: bool = False) -> None:
    """A phone enters the room, by the QR code's link or (typed) by the code, a wrong one first."""
    if typed:
        phone.goto("/atelier")
        phone.get_by_label("Code de l'atelier").fill("123 456")  # 1 is never in a code
        phone.get_by_role("button", name="Rejoindre").click()
        expect(phone.get_by_text("ni 0 ni 1")).to_be_visible()
        assert_fits_phone(phone)
        shoot(phone, "workshop-phone-join")
        phone.get_by_label("Code de l'atelier").fill(f"{code[:3]} {code[3:]}")
        phone.get_by_role("button", name="Rejoindre").click()
    else:
        phone.goto(f"/atelier/{code}")  # the QR code's link
    expect(phone).to_have_url(re.compile(rf"/atelier/{code}$"))
    if pseudonym:
        phone.get_by_label("Votre pseudo (facultatif)").fill(pseudonym)
    phone.get_by_role("button", name="Entrer dans l'atelier").click()


def answer_in_room(phone: Page, index: int, position: int) -> None:
    """On a phone in a room, at question `index` (from 0), taps the answer at `position`."""
    question = BANK.questions[index]
    expect(phone.get_by_text(f"Question {index + 1} sur {TOTAL}")).to_be_visible()
    expect(phone.get_by_role("heading", level=1)).to_have_text(question.prompt)
    phone.get_by_role("button", name=question.answers[position].text, exact=True).click()
