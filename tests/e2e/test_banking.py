"""Bank statements on a phone: an owner uploads a CAMT.053 and an OFX export (fixtures shaped like real French bank
exports), confirms the proposed matches in one tap each, sees the cases paid and the debtor's page updated; the same
statement uploaded again changes nothing; a Factur-X invoice becomes a new case, and only once."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from guide_app.core import clock
from guide_app.core.format import money
from tests.e2e.app_server import Server
from tests.e2e.journeys import sign_up
from tests.e2e.phone import PHONE, assert_fits_phone, shoot
from tests.einvoices import facturx_pdf, plain_pdf, ubl

TODAY = clock.today()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bank"


def _choose(page: Page, name: str, data: bytes, send: str) -> None:
    page.locator("input[type=file]").set_input_files(
        [{"name": name, "mimeType": "application/octet-stream", "buffer": data}]
    )
    expect(page.get_by_text(f"Fichier choisi : {name}")).to_be_visible()
    page.get_by_role("button", name=send).click()


def _upload(page: Page, name: str) -> None:
    _choose(page, name, (FIXTURES / name).read_bytes(), "Importer le relevé")


def _card(page: Page, number: str):  # type: ignore[no-untyped-def]
    return page.locator(".rt-Card").filter(has=page.get_by_text(number, exact=False))


@pytest.mark.journey
def test_an_owner_matches_a_camt_and_an_ofx_statement_and_a_second_upload_changes_nothing(
    page: Page, browser: Browser, server: Server
) -> None:
    sign_up(page, email="camille@rapprochement.fr", company="Atelier Rapproché")
    # The first case, through onboarding: 2 500 € HT (3 000 € TTC), due in 25 days; the debtor's link from its message.
    page.get_by_role("button", name="Valider mes scénarios").click()
    page.get_by_label("Nom de l'entreprise cliente").fill("Boulangerie Martin SARL")
    page.get_by_label("E-mail du client").fill("compta@martin.fr")
    page.get_by_label("Numéro de facture").fill("F-2026-101")
    page.get_by_label("Date d'émission").fill((TODAY - timedelta(days=20)).isoformat())
    page.get_by_label("Date d'échéance").fill((TODAY + timedelta(days=25)).isoformat())
    page.get_by_label("Montant HT").fill("2 500")
    page.get_by_role("button", name="Planifier les relances").click()
    expect(page.get_by_text("Étape 4 sur 4")).to_be_visible()
    expect(page.locator(".message-body").first).to_be_attached()
    bodies = page.locator(".message-body").all_text_contents()
    link = next(m.group(0) for body in bodies if (m := re.search(r"/debiteur/[A-Za-z0-9_-]{16,64}", body)))
    page.get_by_role("button", name="Aller à mon espace").click()
    expect(page).to_have_url(re.compile(r"/compte$"))

    # Two more customers, from the owner's invoicing software.
    issue, due = (TODAY - timedelta(days=10)).strftime("%d/%m/%Y"), (TODAY + timedelta(days=20)).strftime("%d/%m/%Y")
    invoices = (
        "client;siren;email;telephone;categorie;facture;date_facture;echeance;montant_ht;tva\r\n"
        f"Plomberie Durand SARL;;compta@durand.fr;;standard;F-2026-103;{issue};{due};2 500;20\r\n"
        f"Garage du Centre;;compta@garage.fr;;standard;F-2026-104;{issue};{due};1 500;20\r\n"
    ).encode()
    page.goto("/compte/import")
    page.locator("input[type=file]").set_input_files([{"name": "f.csv", "mimeType": "text/csv", "buffer": invoices}])
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_text("2 factures importées", exact=False)).to_be_visible()

    debtor = browser.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True, base_url=server.url)
    debtor_phone = debtor.new_page()
    debtor_phone.goto(link)
    expect(debtor_phone.get_by_text(money(Decimal(3000)), exact=False).first).to_be_visible()

    # The CAMT.053 of November: a transfer citing F-2026-101 (part of it), one from Garage du Centre, a direct debit.
    page.goto("/compte")
    page.get_by_role("link", name="Rapprocher un relevé bancaire").click()
    expect(page.get_by_role("heading", name="Rapprochement bancaire")).to_be_visible()
    _upload(page, "releve-novembre.camt.xml")
    expect(page.get_by_text("2 virements reçus importés · 1 débit ignoré.")).to_be_visible()
    boulangerie, garage = _card(page, "F-2026-101"), _card(page, "F-2026-104")
    expect(boulangerie).to_contain_text("Confiance 70 %")
    expect(boulangerie).to_contain_text("Paiement partiel de la facture F-2026-101")
    expect(garage).to_contain_text("Confiance 90 %")
    expect(garage).to_contain_text("Garage du Centre, nommé dans le virement")
    assert_fits_phone(page)
    shoot(page, "reconciliation-1-camt")
    boulangerie.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_text(f"Virement de {money(Decimal(2400))} enregistré comme paiement.")).to_be_visible()
    garage.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_text("Rien à rapprocher", exact=False)).to_be_visible()

    # The debtor's page follows the ledger: 600 € left of 3 000 €.
    debtor_phone.reload()
    expect(debtor_phone.get_by_text("Reste à payer au", exact=False)).to_be_visible()
    expect(debtor_phone.get_by_text(money(Decimal(600)), exact=True).first).to_be_visible()

    # The OFX of the month's end: two transfers of 1 500 € citing F-2026-103.
    _upload(page, "releve-fin-novembre.ofx")
    expect(page.get_by_text("2 virements reçus importés · 1 débit ignoré.")).to_be_visible()
    durand = _card(page, "F-2026-103")
    expect(durand).to_have_count(2)
    durand.first.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_text(f"Virement de {money(Decimal(1500))} enregistré comme paiement.")).to_be_visible()
    expect(durand).to_have_count(1)
    expect(durand).to_contain_text("Confiance 99 %")  # what is left of the invoice is exactly the second transfer
    durand.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_text("Rien à rapprocher", exact=False)).to_be_visible()

    # The same statement again: nothing new, nothing to do.
    _upload(page, "releve-novembre.camt.xml")
    expect(page.get_by_text("0 virement reçu importé · 2 déjà importés (ignorés) · 1 débit ignoré.")).to_be_visible()
    expect(page.get_by_text("Rien à rapprocher", exact=False)).to_be_visible()

    # The cases paid in full are closed; the Boulangerie's still owes 600 €.
    page.goto("/compte")
    page.get_by_role("button", name="Clos").click()
    for name in ("Plomberie Durand SARL", "Garage du Centre"):
        expect(page.locator("#dossiers").get_by_text(name)).to_be_visible()
    page.get_by_role("button", name="En cours").click()
    expect(page.locator("#dossiers").get_by_text("Boulangerie Martin SARL")).to_be_visible()
    debtor.close()

    # An e-invoice from the invoicing software: the Factur-X PDF is read, checked, and becomes a new case.
    page.get_by_role("link", name="Importer une facture électronique").click()
    _choose(page, "F-2026-301.pdf", facturx_pdf(), "Lire la facture")
    check = page.locator(".rt-Card").filter(has_text="Vérifiez avant de créer le dossier")
    for shown in ("Factur-X (PDF)", "F-2026-301", "15/10/2026", money(Decimal(1800)), "Menuiserie Roux SAS"):
        expect(check).to_contain_text(shown)
    expect(page.get_by_label("Date d'échéance")).to_have_value("2026-11-14")
    expect(page.get_by_label("E-mail du client (facultatif)")).to_have_value("compta@menuiserie-roux.fr")
    assert_fits_phone(page)
    shoot(page, "einvoice-1-check")
    page.get_by_role("button", name="Créer le dossier").click()
    expect(page.get_by_role("status").filter(has_text="Facture F-2026-301 importée")).to_be_visible()
    page.get_by_role("link", name="Voir le dossier").click()
    expect(page).to_have_url(re.compile(r"/compte/dossiers/\d+$"))
    expect(page.get_by_text("Menuiserie Roux SAS").first).to_be_visible()
    expect(page.get_by_text("F-2026-301", exact=False).first).to_be_visible()
    expect(page.get_by_text(money(Decimal(1800)), exact=False).first).to_be_visible()
    # The same invoice again, as UBL this time: refused, nothing created twice.
    page.goto("/compte/import/facture-electronique")
    _choose(page, "F-2026-301.xml", ubl(), "Lire la facture")
    expect(page.get_by_role("alert").filter(has_text="La facture F-2026-301 est déjà enregistrée")).to_be_visible()
    _choose(page, "devis.pdf", plain_pdf(), "Lire la facture")
    expect(page.get_by_role("alert").filter(has_text="Ce PDF n'est pas une facture Factur-X")).to_be_visible()
    page.goto("/compte")
    expect(page.locator("#dossiers").get_by_text("Menuiserie Roux SAS")).to_have_count(1)

    # The owner's DSO from these invoices and payments, next to the published delays (« à confirmer »).
    dso = page.locator("#dso")
    expect(dso).to_contain_text("Vos clients vous paient en")
    expect(dso).to_contain_text("Les entreprises de 10 salariés et plus")
    expect(dso).to_contain_text("à confirmer")
    dso.scroll_into_view_if_needed()
    shoot(page, "account-dso-peers")


def test_a_hostile_statement_is_refused_in_french(page: Page) -> None:
    sign_up(page, email="camille@hostile-banque.fr", company="Atelier Méfiant")
    page.goto("/compte/rapprochement")
    bomb = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><Document>&b;</Document>'
    page.locator("input[type=file]").set_input_files([{"name": "releve.xml", "mimeType": "text/xml", "buffer": bomb}])
    page.get_by_role("button", name="Importer le relevé").click()
    expect(page.get_by_role("alert").filter(has_text="déclare une DTD")).to_be_visible()
    expect(page.get_by_text("Virements à rapprocher (0)")).to_be_visible()


def test_a_bank_csv_with_unknown_columns_is_described_once_then_read_alone(page: Page) -> None:
    sign_up(page, email="camille@banque-inconnue.fr", company="Atelier Colonnes")
    page.goto("/compte/rapprochement")
    header = "Jour;Ref. operation;Detail;Somme;Emetteur du virement\n"
    day = TODAY.strftime("%d/%m/%Y")
    first = (header + f"{day};R1;VIR CLIENT A;125,00;CLIENT A\n{day};R2;PRLV EDF;-86,40;EDF\n").encode()
    page.locator("input[type=file]").set_input_files([{"name": "export.csv", "mimeType": "text/csv", "buffer": first}])
    page.get_by_role("button", name="Importer le relevé").click()
    expect(page.get_by_role("heading", name="Quelle colonne contient quoi ?")).to_be_visible()
    page.get_by_label("Date de l'opération").select_option(label="Jour")
    page.get_by_label("Montant", exact=True).select_option(label="Somme")
    page.get_by_label("Libellé").select_option(label="Detail")
    page.get_by_label("Payeur (facultatif)").select_option(label="Emetteur du virement")
    assert_fits_phone(page)
    shoot(page, "reconciliation-2-columns")
    page.get_by_role("button", name="Lire le relevé avec ces colonnes").click()
    expect(page.get_by_text("1 virement reçu importé · 1 débit ignoré.")).to_be_visible()
    expect(page.get_by_role("heading", name="Quelle colonne contient quoi ?")).to_have_count(0)
    expect(page.get_by_text("CLIENT A", exact=True)).to_be_visible()

    later = (header + f"{day};R3;VIR CLIENT B;80,00;CLIENT B\n").encode()
    page.locator("input[type=file]").set_input_files([{"name": "export2.csv", "mimeType": "text/csv", "buffer": later}])
    page.get_by_role("button", name="Importer le relevé").click()
    expect(page.get_by_text("1 virement reçu importé.")).to_be_visible()
    expect(page.get_by_text("Virements à rapprocher (2)")).to_be_visible()
