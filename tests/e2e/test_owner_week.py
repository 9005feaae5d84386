"""The owner's week: one grouped e-mail per client, the morning digest and its « Suspendre » link, the thank-you
once a client has paid everything. E-mails are read from the test SMTP server; the scheduler runs as cron starts
it (`python -m guide_app.jobs run-due`)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime, time, timedelta

import pytest
from playwright.sync_api import Page, expect

from guide_app.core import clock
from guide_app.core.clock import FRANCE
from guide_app.reminders.schedule import next_business_day
from tests.e2e.app_server import ROOT, Server
from tests.e2e.journeys import sign_up
from tests.e2e.phone import Contexts, assert_fits_phone, shoot
from tests.integration.sending_fixtures import Inbox

TODAY = clock.today()
# Reminders of a case entered late start on the first business day: on a weekend the test's scheduler runs (cron's
# `run-due --now`) take place on the Monday, as they would in production.
DAY = next_business_day(TODAY)
OWNER = "camille@semaine-durand.fr"


def at(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(DAY, time(hour, minute), FRANCE)


def run_due(server: Server, mailbox: Inbox, when: datetime, *, send_from_hour: int = 0) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": server.database_url,
        "GUIDE_SMTP_HOST": "127.0.0.1",
        "GUIDE_SMTP_PORT": str(mailbox.port),  # type: ignore[attr-defined]
        "GUIDE_SMTP_TLS": "none",
        "GUIDE_SMTP_SENDER": "relances@guide.example",
        "GUIDE_SEND_FROM_HOUR": str(send_from_hour),
    }
    command = [sys.executable, "-m", "guide_app.jobs", "run-due", "--now", when.isoformat()]
    return subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout


def body(message) -> str:
    return message.get_content().replace("\r\n", "\n").replace("\u202f", " ").replace("\xa0", " ")


def fr(days: int) -> str:
    return (TODAY + timedelta(days=days)).strftime("%d/%m/%Y")


@pytest.mark.journey
def test_one_grouped_email_a_digest_with_a_hold_link_a_thank_you_and_a_reader(
    page: Page, server: Server, mailbox: Inbox, contexts: Contexts
) -> None:
    sign_up(page, email=OWNER, company="Menuiserie Durand")
    page.get_by_role("button", name="Valider mes scénarios").click()
    page.get_by_label("Nom de l'entreprise cliente").fill("Boulangerie Martin SARL")
    page.get_by_label("E-mail du client").fill("compta@martin-semaine.fr")
    page.get_by_label("Numéro de facture").fill("F-2026-001")
    page.get_by_label("Date d'émission").fill((TODAY - timedelta(days=60)).isoformat())
    page.get_by_label("Date d'échéance").fill((TODAY - timedelta(days=30)).isoformat())
    page.get_by_label("Montant HT").fill("1 000")
    page.get_by_role("button", name="Planifier les relances").click()
    page.get_by_role("button", name="Aller à mon espace").click()
    expect(page).to_have_url(re.compile(r"/compte$"))

    # Two more invoices of the same client, and another client, from a CSV file.
    page.goto("/compte/import")
    data = (
        "client;siren;email;telephone;categorie;facture;date_facture;echeance;montant_ht;tva\r\n"
        f"Boulangerie Martin SARL;;compta@martin-semaine.fr;;standard;F-2026-002;{fr(-50)};{fr(-20)};500;20\r\n"
        f"Boulangerie Martin SARL;;compta@martin-semaine.fr;;standard;F-2026-003;{fr(-42)};{fr(-12)};250;20\r\n"
        f"Garage Lemoine;;garage@lemoine-semaine.fr;;standard;F-2026-004;{fr(-45)};{fr(-15)};2 000;20\r\n"
    ).encode()
    page.locator("input[type=file]").set_input_files([{"name": "f.csv", "mimeType": "text/csv", "buffer": data}])
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_text("3 factures importées", exact=False)).to_be_visible()

    page.goto("/compte/relances")
    page.locator("input[name=confirm_live]").check()
    page.get_by_role("button", name="Activer l'envoi réel").click()
    expect(page.get_by_role("heading", name="Envoi réel activé")).to_be_visible()
    expect(page.get_by_label("Point du matin par e-mail")).to_have_value("8")

    # 08:30: the digest leaves; the reminders wait for 10:00.
    run_due(server, mailbox, at(8, 30), send_from_hour=10)  # other tests' owners get theirs too
    [digest] = mailbox.to(OWNER)
    text = body(digest)
    assert digest["Subject"] == f"Votre point du {DAY.strftime('%d/%m/%Y')} : 2 messages à partir de 10 h"
    assert "- Boulangerie Martin SARL : 2 100,00 € restant dû, 2 relances en un message" in text
    assert "- Garage Lemoine : 2 400,00 € restant dû" in text
    assert mailbox.to("compta@martin-semaine.fr") == []
    garage = text.index("- Garage Lemoine")
    hold = re.search(r"https?://[^/\s]+(/suspendre/[A-Za-z0-9_-]+)", text[garage:])
    assert hold is not None

    page.goto(hold.group(1))
    page.get_by_role("button", name="Suspendre les envois à ce client").click()
    expect(page.get_by_text("Envois suspendus pour Garage Lemoine", exact=False)).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "week-1-hold")
    page.goto(hold.group(1))
    expect(page.get_by_text("Ce lien a déjà servi", exact=False)).to_be_visible()

    # 10:00 and later: one e-mail for the three invoices of Boulangerie Martin; nothing to the held client.
    run_due(server, mailbox, at(10, 30))
    [grouped] = mailbox.to("compta@martin-semaine.fr")
    text = body(grouped)
    for number, amount in (("001", "1 200,00 €"), ("002", "600,00 €"), ("003", "300,00 €")):
        assert re.search(rf"- Facture F-2026-{number}, échue le .* : {amount}", text), number
    assert "Montant total restant dû : 2 100,00 €." in text
    assert mailbox.to("garage@lemoine-semaine.fr") == []

    # Garage Lemoine pays everything: the case closes; the thank-you waits while its messages are held.
    page.goto("/compte")
    page.locator("#dossiers").get_by_text("Garage Lemoine").click()
    page.get_by_text("Enregistrer un paiement").click()
    page.get_by_label("Montant reçu").fill("99 999")
    page.get_by_role("button", name="Enregistrer le paiement").click()
    refused = page.get_by_text("dépasse le restant dû", exact=False)
    expect(refused).to_be_visible()
    owed = re.search(r"restant dû \(([\d\s\u202f\xa0]+,\d\d)", refused.inner_text())
    assert owed is not None
    page.get_by_label("Montant reçu").fill(owed.group(1))
    page.get_by_role("button", name="Enregistrer le paiement").click()
    expect(page.get_by_text("Dossier clos.")).to_be_visible()
    run_due(server, mailbox, at(10, 40))
    assert mailbox.to("garage@lemoine-semaine.fr") == []

    page.goto("/compte/relances")
    held = page.locator(".rt-Card").filter(has_text="Garage Lemoine").filter(has_text="suspendu depuis")
    expect(held).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "week-2-held-clients")
    held.get_by_role("button", name="Reprendre les envois").click()
    expect(page.get_by_role("heading", name="Clients suspendus")).to_have_count(0)
    run_due(server, mailbox, at(10, 50))
    [thanks] = mailbox.to("garage@lemoine-semaine.fr")
    assert thanks["Subject"] == "Merci pour votre règlement : facture F-2026-004"
    assert "vous ne nous devez plus rien" in body(thanks)
    assert len(mailbox.to("compta@martin-semaine.fr")) == 1  # one message a day, never more

    # A reader joins the team: they see the case, and changing it is refused.
    page.goto("/compte/equipe")
    page.get_by_label("Son adresse e-mail").fill("lecteur@semaine-durand.fr")
    page.get_by_label("Son accès").select_option("lecture")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_text("Invitation envoyée à lecteur@semaine-durand.fr", exact=False)).to_be_visible()
    [invitation] = mailbox.to("lecteur@semaine-durand.fr")
    joined = re.search(r"https?://[^/\s]+(/invitation/[A-Za-z0-9_-]+)", body(invitation))
    assert joined is not None
    reader = contexts.tab()
    reader.goto(joined.group(1))
    expect(reader.get_by_role("heading", name="Rejoindre l'équipe de Menuiserie Durand")).to_be_visible()
    reader.get_by_label("Votre nom").fill("Lou Lecteur")
    reader.get_by_label("Mot de passe (12 caractères au moins)").fill("une phrase de passe solide")
    reader.locator("input[name=consent]").check()
    reader.get_by_role("button", name="Rejoindre l'équipe").click()
    expect(reader).to_have_url(re.compile(r"/compte$"))
    reader.locator("#dossiers").get_by_text("Boulangerie Martin SARL").first.click()
    expect(reader.get_by_text("Vous consultez ce compte en lecture seule.")).to_be_visible()
    reader.get_by_text("Ajouter une note").click()
    reader.get_by_label("Note").fill("Note du lecteur")
    reader.get_by_role("button", name="Ajouter la note").click()
    expect(reader.get_by_text("Votre accès à ce compte est en lecture seule", exact=False)).to_be_visible()
    assert_fits_phone(reader)
    shoot(reader, "week-3-reader-refused")
    reader.reload()
    expect(reader.get_by_text("Boulangerie Martin SARL").first).to_be_visible()
    expect(reader.get_by_text("Note du lecteur")).to_have_count(0)
