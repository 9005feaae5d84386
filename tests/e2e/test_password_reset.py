"""A forgotten password on a phone: the link arrives by e-mail (the app's SMTP settings point at a loopback server
started by the test session), sets a new password once, and the old one stops working."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.app_server import Server
from tests.e2e.journeys import PASSWORD, sign_up_with_a_case
from tests.e2e.phone import assert_fits_phone, shoot
from tests.integration.sending_fixtures import Inbox

NEW_PASSWORD = "mon nouveau mot de passe 2026"


def _received_link(mailbox: Inbox, address: str, server: Server) -> str:
    """The link in the one e-mail to this address, waited for (the app sends it after answering)."""
    deadline = time.monotonic() + 30
    while not mailbox.to(address):
        assert time.monotonic() < deadline, "no e-mail arrived"
        time.sleep(0.2)
    (message,) = mailbox.to(address)
    assert message["Subject"] == "Choisir un nouveau mot de passe"
    found = re.search(r"(\S+/connexion/nouveau-mot-de-passe/\S+)", message.get_content())
    assert found, message.get_content()
    assert found.group(1).startswith(server.url)  # GUIDE_PUBLIC_URL
    return found.group(1)


def _sign_out(page: Page) -> None:
    page.goto("/compte/parametres")
    # the page has loaded the account (« Camille Durand · Atelier… ») before the tap, as a person sees it: tapped
    # sooner, the sign-out is handled first, then the page's own check sends the signed-out visitor to « Se connecter »
    expect(page.get_by_text(re.compile(r"\S · \S"))).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(re.compile(r"/$"))


def _sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


@pytest.mark.journey
def test_forgotten_password_by_email_then_only_the_new_one_signs_in(page: Page, server: Server, mailbox: Inbox) -> None:
    email = "oubli@mot-de-passe.fr"
    sign_up_with_a_case(page, email=email)
    _sign_out(page)

    page.goto("/connexion")
    expect(page.get_by_role("link", name="Mot de passe oublié ?")).to_be_visible()
    assert_fits_phone(page)
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    expect(page).to_have_url(re.compile(r"/connexion/mot-de-passe-oublie$"))
    expect(page.get_by_role("heading", name="Mot de passe oublié")).to_be_visible()
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_role("button", name="Recevoir le lien").click()
    expect(page.get_by_role("status")).to_contain_text("Si un compte existe pour cette adresse (oubli@mot-de-passe.fr)")
    assert_fits_phone(page)
    shoot(page, "password-forgotten")

    link = _received_link(mailbox, email, server)
    page.goto(link)
    expect(page.get_by_role("heading", name="Choisir un nouveau mot de passe")).to_be_visible()
    page.get_by_label("Nouveau mot de passe (12 caractères au moins)").fill(NEW_PASSWORD)
    page.get_by_label("Le même, une seconde fois").fill(NEW_PASSWORD + " ")
    page.get_by_role("button", name="Enregistrer et me connecter").click()
    expect(page.get_by_text("Les deux saisies diffèrent", exact=False)).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "password-new-mismatch")
    page.get_by_label("Nouveau mot de passe (12 caractères au moins)").fill(NEW_PASSWORD)
    page.get_by_label("Le même, une seconde fois").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer et me connecter").click()
    expect(page).to_have_url(re.compile(r"/compte$"))
    expect(page.get_by_role("heading", name="Bonjour Camille Durand")).to_be_visible()

    page.goto(link)  # a link works once
    expect(page.get_by_role("heading", name="Ce lien n'est plus valable")).to_be_visible()
    expect(page.get_by_role("link", name="Demander un nouveau lien")).to_have_attribute(
        "href", "/connexion/mot-de-passe-oublie"
    )
    assert_fits_phone(page)
    shoot(page, "password-link-used")

    _sign_out(page)
    _sign_in(page, email, PASSWORD)
    expect(page.get_by_text("E-mail ou mot de passe incorrect.")).to_be_visible()
    _sign_in(page, email, NEW_PASSWORD)
    expect(page).to_have_url(re.compile(r"/compte$"))
    expect(page.get_by_role("heading", name="Bonjour Camille Durand")).to_be_visible()
