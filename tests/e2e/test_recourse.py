"""The owner goes beyond reminders on a phone: proposes a three-instalment plan, then hands the case to two
professionals in cascade, marks the first as failed, sees the case move to the second, and downloads the
evidence bundle with the timeline."""

from __future__ import annotations

import io
import re
import zipfile

from playwright.sync_api import Page, expect

from tests.e2e.journeys import sign_up_with_a_case
from tests.e2e.phone import assert_fits_phone, shoot


def test_plan_then_escalation_in_cascade_and_evidence_bundle(page: Page) -> None:
    sign_up_with_a_case(page, email="recours@atelier-durand.fr")
    expect(page.get_by_text("À encaisser")).to_be_visible()
    page.locator("#dossiers").get_by_text("Boulangerie Martin SARL").click()
    page.get_by_role("link", name="Échéancier, professionnel, recours").click()
    expect(page).to_have_url(re.compile(r"/compte/dossiers/\d+/recours$"))
    expect(page.get_by_role("heading", name="Recours · Boulangerie Martin SARL")).to_be_visible()
    expect(page.get_by_text("Reste dû : 2 400,00 €")).to_be_visible()
    expect(page.get_by_role("heading", name="Où en est ce dossier ?")).to_be_visible()
    expect(page.get_by_text("Prescription le", exact=False)).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "recours-start")

    # A plan in three monthly instalments, proposed to the debtor.
    page.get_by_label("Nombre d'échéances").select_option("3")
    page.get_by_role("button", name="Proposer l'échéancier").click()
    expect(page.get_by_text("Échéancier proposé au client")).to_be_visible()
    expect(page.get_by_text("3 échéances de 800,00 €", exact=False)).to_be_visible()
    expect(page.get_by_text("800,00 €", exact=True)).to_have_count(3)
    expect(page.get_by_role("button", name="Le client a donné son accord")).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "recours-plan-proposed")

    # Hand-over to two professionals, in order: the recommended one first.
    recommended = page.locator("#field-pro_1").input_value()
    second = page.locator("#field-pro_2").input_value()
    assert recommended and second and recommended != second
    page.get_by_label("3e choix, si le 2e échoue").select_option("")
    expect(page.get_by_text("Pourquoi ce choix :")).to_be_visible()
    page.get_by_role("button", name="Confier le dossier").click()
    expect(page.get_by_text("Dossier confié : le mandat est daté d'aujourd'hui", exact=False)).to_be_visible()
    handovers = page.locator(".handover .rt-Badge")
    expect(handovers).to_have_text(["en cours", "en attente"])
    expect(page.get_by_text("Échéancier proposé au client")).to_have_count(0)
    assert_fits_phone(page)
    shoot(page, "recours-handed-over")

    page.get_by_role("button", name="Échec : passer au suivant").click()
    expect(handovers).to_have_text(["échec", "en cours"])
    expect(page.get_by_text("Échec noté", exact=False)).to_be_visible()
    assert_fits_phone(page)
    shoot(page, "recours-cascaded")

    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger le dossier de preuves (ZIP)").click()
    assert download.value.suggested_filename.endswith("-preuves.zip")
    archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    timeline = archive.read("chronologie.txt").decode("utf-8")
    assert "Boulangerie Martin SARL" in timeline
    assert "Dossier transmis automatiquement à" in timeline and "échec du recouvrement" in timeline
    assert "factures.csv" in archive.namelist()

    # The case page shows each hand-over in its history.
    page.get_by_role("link", name="← Retour au dossier").click()
    expect(page.get_by_text("Dossier transmis automatiquement à", exact=False)).to_be_visible()
    expect(page.get_by_text("Relances arrêtées : le dossier est confié à un professionnel.")).to_be_visible()
    shoot(page, "case-after-hand-over")
