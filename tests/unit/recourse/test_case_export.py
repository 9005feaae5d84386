import csv
import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guide_app.recourse.case_export import (
    CaseExport,
    DebtorResponse,
    FormalNotice,
    InvoiceOut,
    Mandate,
    Party,
    PaymentOut,
    ProfessionalReport,
    ReportError,
    TimelineEntry,
    export_json,
    read_export,
    read_report,
    report_json,
)
from guide_app.recourse.evidence import agency_letter_text, bundle, injonction_summary, timeline_text

D = date(2026, 3, 16)
COMMISSAIRE = "etude-marchal-associes"  # a commissaire de justice of the directory


def sample(**changes):
    base = dict(
        exported_at=datetime(2026, 3, 16, 10, 0),
        account_id=7,
        case_id=42,
        creditor=Party(name="Atelier Durand", siren="732829320"),
        debtor=Party(name="Boulangerie Martin SARL", contact="Claire Martin", email="compta@martin.fr"),
        amount_due=Decimal("2400.00"),
        penalties=Decimal("15.98"),
        indemnity=Decimal(40),
        invoices=(
            InvoiceOut(
                number="F-2026-101",
                issue_date=date(2026, 1, 15),
                due_date=date(2026, 2, 14),
                amount_ht=Decimal("2000.00"),
                vat_rate=Decimal("0.2"),
                amount_ttc=Decimal("2400.00"),
                remaining=Decimal("2400.00"),
            ),
        ),
        payments=(PaymentOut(paid_on=D, amount=Decimal("10.00"), method="Virement"),),
        timeline=(
            TimelineEntry(on=date(2026, 2, 17), kind="relance", channel="E-mail", title="Rappel", status="envoyé"),
            TimelineEntry(on=date(2026, 3, 2), kind="evenement", title="Dossier confié à Recouvra France"),
        ),
        debtor_responses=(DebtorResponse(on=date(2026, 2, 20), kind="litige", text="Livraison « incomplète »"),),
        formal_notice=FormalNotice(sent_on=date(2026, 3, 1), subject="Mise en demeure", body="Madame, Monsieur…"),
        mandates=(
            Mandate(
                position=1,
                professional_id="recouvra-france",
                professional_name="Recouvra France",
                signed_on=D,
                status="en cours",
            ),
        ),
    )
    return CaseExport(**{**base, **changes})


def test_export_round_trips_through_json():
    export = sample()
    text = export_json(export)
    assert json.loads(text)["schema"] == "guide-recouvrement/dossier" and json.loads(text)["version"] == 1
    assert json.loads(text)["amount_due"] == "2400.00"
    assert read_export(text) == export


@given(
    amount=st.decimals(min_value=0, max_value=10**9, places=2),
    name=st.text(min_size=1, max_size=80).filter(lambda t: t.strip()),
)
def test_any_amount_and_name_round_trip(amount, name):
    export = sample(amount_due=amount, debtor=Party(name=name.strip()))
    assert read_export(export_json(export)) == export


def test_report_round_trip_and_french_errors():
    report = ProfessionalReport(
        account_id=7, case_id=42, professional_id="recouvra-france", status="echec", reported_on=D
    )
    assert read_report(report_json(report)) == report
    for bad in ("", None, "{}", '{"schema": "autre"}', "x" * 30_000, "[1, 2]"):
        with pytest.raises(ReportError):
            read_report(bad)
    with pytest.raises(ReportError, match="status"):
        read_report(report_json(report).replace('"echec"', '"gagne"'))


def test_bundle_holds_the_timeline_the_invoices_the_letter_and_the_mandate():
    archive = zipfile.ZipFile(io.BytesIO(bundle(sample())))
    assert sorted(archive.namelist()) == [
        "LISEZMOI.txt",
        "chronologie.html",
        "chronologie.txt",
        "dossier.json",
        "factures.csv",
        "lettre_debiteur_1_recouvra-france.txt",
        "mandat_1_recouvra-france.txt",
        "mise_en_demeure.txt",
    ]
    timeline = archive.read("chronologie.txt").decode("utf-8")
    assert "17/02/2026 · Relance · E-mail · envoyé · Rappel" in timeline
    assert "Mise en demeure : envoyée le 01/03/2026." in timeline
    assert "&laquo;" not in timeline and "« incomplète »" in timeline
    html = archive.read("chronologie.html").decode("utf-8")
    assert '<meta charset="utf-8">' in html and "Boulangerie Martin SARL" in html
    rows = list(csv.reader(io.StringIO(archive.read("factures.csv").decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:2] == ["F-2026-101", "2026-01-15"] and rows[1][5] == "2400,00"
    mandate = archive.read("mandat_1_recouvra-france.txt").decode("utf-8")
    assert "L111-8" in mandate and "Recouvra France" in mandate
    for mention in ("R124-3", "1° Fondement", "2° Garantie", "3° Rémunération", "4° Reversement"):
        assert mention in mandate, mention
    assert "honoraires au résultat" in mandate  # the directory's fee scale of this professional
    assert bundle(sample()) == bundle(sample())  # deterministic


def test_an_agencys_letter_to_the_debtor_carries_the_five_mentions_of_r124_4():
    letter = agency_letter_text(sample(), sample().mandates[0])
    assert letter is not None and "R124-4" in letter
    assert "1° Recouvra France" in letter and "recouvrement amiable" in letter  # 1° the agency, amicable collection
    assert "2° Créancier : Atelier Durand (SIREN 732829320)" in letter
    # 3° every element apart, with its article: 2 400,00 + 15,98 + 40,00 = 2 455,98
    for line in (
        "- facture F-2026-101 du 15/01/2026, échue le 14/02/2026 : reste dû 2\u202f400,00\u00a0€ TTC",
        "- principal restant dû : 2\u202f400,00\u00a0€",
        "- Pénalités de retard (art. L441-10 du Code de commerce) : 15,98\u00a0€",
        "- indemnité forfaitaire pour frais de recouvrement (art. D441-5 du Code de commerce) : 40,00\u00a0€",
        "- total : 2\u202f455,98\u00a0€",
    ):
        assert line in letter, line
    assert "4° Nous vous demandons de régler 2\u202f455,98\u00a0€ dans un délai de 8 jours à compter de la " in letter
    assert "5° Code des procédures civiles d'exécution, art. L111-8, alinéas 2 et 3" in letter
    assert "restent à la charge du créancier" in letter and "débiteur de mauvaise foi" in letter
    assert "référence et la date" in letter


def test_a_consumer_is_asked_no_indemnity_and_a_commissaire_gets_no_agency_letter():
    consumer = sample(debtor_kind="particulier", indemnity=Decimal(0), penalties=Decimal("1.72"))
    letter = agency_letter_text(consumer, consumer.mandates[0])
    assert letter is not None and "indemnité" not in letter and "1344-1" in letter
    bailiff = Mandate(position=2, professional_id=COMMISSAIRE, professional_name="X", signed_on=D, status="en cours")
    assert agency_letter_text(sample(), bailiff) is None
    names = zipfile.ZipFile(io.BytesIO(bundle(sample(mandates=(bailiff,))))).namelist()
    assert not any(name.startswith("lettre_debiteur") for name in names)


def test_injonction_summary_lists_what_the_registry_needs():
    text = injonction_summary(sample())
    assert "1405 à 1425" in text and "facture F-2026-101" in text and "envoyée le 01/03/2026" in text
    assert "Total : 2\u202f455,98\u00a0€" in text
    unsent = injonction_summary(sample(formal_notice=None))
    assert "pas encore envoyée" in unsent and "art. 1407" in unsent  # not a prerequisite of the request
    assert "Créancier : Atelier Durand (SIREN 732829320)" in timeline_text(sample())
