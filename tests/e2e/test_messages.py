"""An owner in test mode reads the reminders the app wrote, then switches real sending on."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from guide_app.core import clock
from tests.e2e.app_server import ROOT, Server
from tests.e2e.journeys import sign_up
from tests.e2e.phone import assert_fits_phone, shoot


@pytest.mark.journey
def test_an_owner_reads_the_test_mode_reminders_then_goes_live(page: Page, server: Server) -> None:
    sign_up(page, email="relances@atelier-durand.fr")
    page.get_by_role("button", name="Valider mes scénarios").click()
    page.get_by_label("Nom de l'entreprise cliente").fill("Garage Lemoine")
    page.get_by_label("E-mail du client").fill("compta@garage-lemoine.fr")
    page.get_by_label("Numéro de facture").fill("F-2026-077")
    page.get_by_label("Date d'émission").fill((clock.today() - timedelta(days=40)).isoformat())
    page.get_by_label("Date d'échéance").fill((clock.today() - timedelta(days=10)).isoformat())
    page.get_by_label("Montant HT").fill("1 500")
    page.get_by_role("button", name="Planifier les relances").click()
    page.get_by_role("button", name="Aller à mon espace").click()
    expect(page).to_have_url(re.compile(r"/compte$"))

    env = {**os.environ, "DATABASE_URL": server.database_url}  # the scheduler's run, as cron would start it
    subprocess.run([sys.executable, "-m", "guide_app.jobs", "run-due"], cwd=ROOT, env=env, check=True)

    page.get_by_role("link", name="Voir les relances et activer l'envoi réel").click()
    expect(page).to_have_url(re.compile(r"/compte/relances$"))
    expect(page.get_by_role("heading", name="Mode test")).to_be_visible()
    message = page.locator(".rt-Card").filter(has_text="Garage Lemoine").first
    expect(message.get_by_text("Non envoyé")).to_be_visible()
    expect(message.get_by_text("À : compta@garage-lemoine.fr")).to_be_visible()
    message.get_by_text("Lire le message").click()
    expect(message.get_by_text("F-2026-077", exact=False).first).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "messages-test-mode")

    page.get_by_role("button", name="Activer l'envoi réel").click()
    expect(page.get_by_text("Cochez la case pour confirmer", exact=False)).to_be_visible()
    page.get_by_text("Je confirme que mes clients recevront ces relances").click()
    page.get_by_role("button", name="Activer l'envoi réel").click()
    expect(page.get_by_role("heading", name="Envoi réel activé")).to_be_visible()
    # the test app has an SMTP server (tests/e2e/conftest.py): no warning that e-mails would stay here
    expect(page.get_by_text("pas encore d'envoi d'e-mails configuré", exact=False)).to_have_count(0)
    shoot(page, "messages-live")

    page.goto("/compte")
    expect(page.get_by_text("Mode test : aucune relance", exact=False)).to_have_count(0)
    page.goto("/compte/relances")
    page.get_by_role("button", name="Repasser en mode test").click()
    expect(page.get_by_role("heading", name="Mode test")).to_be_visible()
