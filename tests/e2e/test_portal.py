"""The debtor's page on a phone: opened from the link in a reminder, in a browser that knows nothing else."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, expect

from guide_app.cases.invoice import InvoiceSpec
from guide_app.cases.ledger import ledger
from guide_app.core import clock
from guide_app.core.format import money
from tests.e2e.app_server import Server
from tests.e2e.journeys import set_iban, sign_up
from tests.e2e.phone import PHONE, assert_fits_phone, shoot
from tests.pdf_text import text_of

IBAN = "FR76 3000 6000 0112 3456 7890 189"
TODAY = clock.today()


def _first_case_with_a_late_invoice(page: Page) -> str:
    """Onboarding steps 2 to 4; returns the debtor link's path, read from a planned message."""
    page.get_by_role("button", name="Valider mes scénarios").click()
    expect(page.get_by_text("Étape 3 sur 4")).to_be_visible()
    page.get_by_label("Nom de l'entreprise cliente").fill("Boulangerie Martin SARL")
    page.get_by_label("E-mail du client").fill("compta@martin.fr")
    page.get_by_label("Numéro de facture").fill("F-2026-101")
    page.get_by_label("Date d'émission").fill((TODAY - timedelta(days=50)).isoformat())
    page.get_by_label("Date d'échéance").fill((TODAY - timedelta(days=20)).isoformat())
    page.get_by_label("Montant HT").fill("2 000")
    page.get_by_role("button", name="Planifier les relances").click()
    expect(page.get_by_text("Étape 4 sur 4")).to_be_visible()
    expect(page.locator(".message-body").first).to_be_attached()
    bodies = page.locator(".message-body").all_text_contents()
    links = [match.group(0) for body in bodies if (match := re.search(r"/debiteur/[A-Za-z0-9_-]{16,64}", body))]
    assert links, "the default messages carry the debtor link"
    return links[0]


@pytest.fixture
def debtor_phone(browser: Browser, server: Server) -> Iterator[Page]:
    """A second, separate phone: the debtor has no account and none of the owner's storage."""
    context = browser.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True, base_url=server.url)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
    assert not errors, f"browser console errors on the debtor's phone: {errors}"


def test_debiteur_opens_the_link_sees_what_is_due_and_the_qr_code_and_promises_a_date(
    page: Page, debtor_phone: Page, server: Server
) -> None:
    sign_up(page, email="camille@portail.fr", company="Atelier Portail")
    link = _first_case_with_a_late_invoice(page)

    # Without an IBAN, the debtor is told to contact the creditor.
    debtor_phone.goto(link)
    expect(debtor_phone.get_by_role("heading", name="Atelier Portail")).to_be_visible()
    expect(debtor_phone.get_by_text("ne sont pas encore disponibles ici", exact=False)).to_be_visible()
    expect(debtor_phone.locator("img.epc-qr")).to_have_count(0)

    page.get_by_role("button", name="Aller à mon espace").click()
    set_iban(page, IBAN)

    debtor_phone.reload()
    expect(debtor_phone.get_by_text("Reste à payer au", exact=False)).to_be_visible()
    expect(debtor_phone.get_by_text("Facture F-2026-101", exact=True)).to_have_count(2)  # the invoice, the reference
    expect(debtor_phone.get_by_text("2 400,00 € TTC", exact=False)).to_be_visible()
    expect(debtor_phone.get_by_text("échue depuis 20 jours")).to_be_visible()
    expect(debtor_phone.get_by_text("Indemnité forfaitaire", exact=True)).to_be_visible()
    debtor_phone.get_by_text("Pourquoi ces montants ?").click()
    expect(debtor_phone.get_by_text("article L441-10 du Code de commerce", exact=False)).to_be_visible()
    expect(debtor_phone.get_by_text(IBAN)).to_be_visible()
    qr = debtor_phone.locator("img.epc-qr")
    expect(qr).to_be_visible()
    assert (qr.get_attribute("src") or "").startswith("data:image/svg+xml")
    assert debtor_phone.evaluate("document.querySelector('img.epc-qr').naturalWidth") > 0
    assert_fits_phone(debtor_phone)
    shoot(debtor_phone, "debtor-1-page")

    # A date in the past: a French error, nothing recorded.
    debtor_phone.get_by_role("button", name="Je m'engage à payer à une date").click()
    debtor_phone.get_by_label("Je m'engage à payer le").fill((TODAY - timedelta(days=1)).isoformat())
    debtor_phone.get_by_role("button", name="Envoyer mon engagement").click()
    expect(debtor_phone.get_by_text("Choisissez une date entre aujourd'hui et le", exact=False)).to_be_visible()
    assert_fits_phone(debtor_phone)
    shoot(debtor_phone, "debtor-2-bad-date")

    promised = TODAY + timedelta(days=7)
    debtor_phone.get_by_label("Je m'engage à payer le").fill(promised.isoformat())
    debtor_phone.get_by_label("Montant").fill("1 000")
    debtor_phone.get_by_role("button", name="Envoyer mon engagement").click()
    expect(debtor_phone.get_by_text("Merci : votre engagement a été transmis à Atelier Portail.")).to_be_visible()
    expect(debtor_phone.get_by_text(f"Paiement annoncé : 1 000,00 € le {promised:%d/%m/%Y}.")).to_be_visible()
    shoot(debtor_phone, "debtor-3-promised")

    with debtor_phone.expect_download() as download:
        debtor_phone.get_by_role("button", name="Télécharger le récapitulatif (CSV)").click()
    assert download.value.suggested_filename.endswith(".csv")
    summary = download.value.path().read_text(encoding="utf-8-sig")
    assert "F-2026-101;" in summary and "Reste à payer (€)" in summary

    debtor_phone.get_by_role("button", name="Je conteste").click()
    debtor_phone.get_by_label("Ce que vous contestez").fill("Une partie de la livraison manquait.")
    debtor_phone.get_by_role("button", name="Envoyer ma contestation").click()
    expect(
        debtor_phone.get_by_text("Votre contestation a été transmise à Atelier Portail", exact=False)
    ).to_be_visible()

    # The owner finds the first visit and both answers among the alerts of the account home.
    page.goto("/compte")
    expect(page.get_by_role("heading", name="Alertes")).to_be_visible()
    expect(page.get_by_text("Première visite du client sur son lien de paiement", exact=False)).to_be_visible()
    expect(page.get_by_text("Le client s'engage sur son lien de paiement : 1 000,00 €", exact=False)).to_be_visible()
    expect(
        page.get_by_text("Le client conteste : « Une partie de la livraison manquait. »", exact=False)
    ).to_be_visible()

    debtor_phone.goto("/debiteur/ce-lien-n-existe-pas-du-tout")
    expect(debtor_phone.get_by_role("heading", name="Ce lien n'est plus valable")).to_be_visible()
    expect(debtor_phone.get_by_text("Atelier Portail")).to_have_count(0)
    shoot(debtor_phone, "debtor-4-invalid")


def test_the_debtor_accepts_the_instalment_plan_the_owner_proposed(page: Page, debtor_phone: Page) -> None:
    sign_up(page, email="camille@echeancier.fr", company="Atelier Échéancier")
    link = _first_case_with_a_late_invoice(page)
    page.get_by_role("button", name="Aller à mon espace").click()
    page.locator("#dossiers").get_by_text("Boulangerie Martin SARL").click()
    page.get_by_role("link", name="Échéancier, professionnel, recours").click()
    page.get_by_label("Nombre d'échéances").select_option("3")
    page.get_by_role("button", name="Proposer l'échéancier").click()
    expect(page.get_by_text("Échéancier proposé au client")).to_be_visible()

    debtor_phone.goto(link)
    expect(debtor_phone.get_by_text("Échéancier proposé par votre fournisseur")).to_be_visible()
    assert_fits_phone(debtor_phone)
    shoot(debtor_phone, "debtor-5-plan-proposed")
    debtor_phone.get_by_role("button", name="J'accepte cet échéancier").click()
    expect(debtor_phone.get_by_text("Merci : l'échéancier est accepté", exact=False)).to_be_visible()
    expect(debtor_phone.get_by_text("Échéancier en cours")).to_be_visible()

    page.reload()
    expect(page.get_by_text("Échéancier en cours")).to_be_visible()


@pytest.mark.journey
def test_a_partial_payment_reads_the_same_on_every_page_and_document(page: Page, debtor_phone: Page) -> None:
    """The ledger's figure, after a partial payment on a late invoice: case page, debtor's page, its CSV, the mise en
    demeure PDF and the evidence bundle show the same total."""
    sign_up(page, email="registre@portail.fr", company="Atelier Registre")
    link = _first_case_with_a_late_invoice(page)
    page.get_by_role("button", name="Aller à mon espace").click()
    page.locator("#dossiers").get_by_text("Boulangerie Martin SARL").click()
    page.get_by_text("Enregistrer un paiement").click()
    page.get_by_label("Montant reçu").fill("950")
    page.get_by_role("button", name="Enregistrer le paiement").click()
    expect(page.get_by_text("Paiement enregistré.")).to_be_visible()

    invoice = InvoiceSpec(
        number="F-2026-101",
        issue_date=TODAY - timedelta(days=50),
        due_date=TODAY - timedelta(days=20),
        amount_ht=Decimal(2000),
        vat_rate=Decimal("0.2"),
    )
    owed = ledger([invoice], [(TODAY, Decimal(950))], TODAY)  # the interest first, then the principal
    total = money(owed.due)
    expect(page.get_by_text(f"{total},", exact=False).first).to_be_visible()  # « Dû aujourd'hui : 1 505,98 €, … »
    shoot(page, "case-ledger-partial-payment")

    with page.expect_download() as letter:
        page.get_by_role("button", name="Télécharger la lettre (PDF)").first.click()
    assert f"Totaldû{total}".replace(" ", "").replace("\u202f", "").replace("\xa0", "") in _compact(
        text_of(letter.value.path().read_bytes())
    )

    page.get_by_role("link", name="Échéancier, professionnel, recours").click()
    with page.expect_download() as bundle:
        page.get_by_role("button", name="Télécharger le dossier de preuves (ZIP)").click()
    with zipfile.ZipFile(bundle.value.path()) as archive:
        assert f"Total : {total}" in archive.read("chronologie.txt").decode("utf-8")

    debtor_phone.goto(link)
    expect(debtor_phone.get_by_text("Reste à payer au", exact=False)).to_be_visible()
    expect(debtor_phone.get_by_text(total, exact=True).first).to_be_visible()
    with debtor_phone.expect_download() as csv:
        debtor_phone.get_by_role("button", name="Télécharger le récapitulatif (CSV)").click()
    rows = csv.value.path().read_text(encoding="utf-8-sig")
    assert f"Reste à payer (€);{owed.due:.2f}".replace(".", ",") in rows


def _compact(text: str) -> str:
    return text.replace(" ", "").replace("\u202f", "").replace("\xa0", "")
