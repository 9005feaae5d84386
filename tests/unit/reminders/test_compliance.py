"""CPCE L111-8: amicable collection costs stay with the creditor; only the legal 40 € indemnity is claimed."""

import pytest

from guide_app.reminders.compliance import cost_billing_errors
from guide_app.reminders.templates import check_template


def errors(text):
    return cost_billing_errors(text, indemnity="40 €")


@pytest.mark.parametrize(
    "text",
    [
        "Les frais de relance seront à votre charge.",
        "Des frais de recouvrement vous seront facturés.",
        "Le montant sera majoré des frais de recouvrement.",
        "Les frais d'huissier s'ajouteront à votre dette.",
        "Les frais d’huissier (apostrophe typographique) vous incomberont.",
        "Les frais de commissaire de justice seront à votre charge.",
        "Frais de mise en demeure : 25 €.",
        "Des frais de dossier de 15 € seront appliqués.",
        "LES FRAIS DE RECOUVREMENT SERONT REFACTURÉS.",
        "Les frais de recouvrement s'élèvent à 150 €.",
        "Tous les frais engagés seront à votre charge.",
        "Nous vous refacturerons l'ensemble des frais engagés.",
        "Les coûts de relance vous seront imputés.",
        "Le recouvrement sera poursuivi à vos frais.",
        # the legal indemnity is allowed, extra collection costs next to it are not
        "Indemnité forfaitaire pour frais de recouvrement de 40 €, plus les frais de relance.",
        "Indemnité forfaitaire et frais de relance pour frais de recouvrement : 100 €.",
    ],
)
def test_wording_that_bills_collection_costs_is_flagged(text):
    found = errors(text)
    assert found, text
    assert "L111-8" in found[0]
    assert "40 €" in found[0]


@pytest.mark.parametrize(
    "text",
    [
        "une indemnité forfaitaire pour frais de recouvrement de {indemnite}",
        "Indemnité forfaitaire pour frais de recouvrement : 40 € (article D441-5 du Code de commerce).",
        "l'indemnite forfaitaire pour frais de recouvrement de 40 euros prévue par la loi",
        "une indemnité forfaitaire de 40 € pour frais de recouvrement s'ajoute aux pénalités",
        "Indemnité légale pour frais de recouvrement : {indemnite}.",
        "Le paiement en ligne est sans frais pour vous.",
        "Aucun frais de relance ne vous sera demandé.",
        "Des pénalités de retard s'ajoutent de plein droit : {penalites}.",
        "Vous pouvez régler à votre convenance par virement.",
        "Nous engagerons une requête en injonction de payer.",
    ],
)
def test_legal_indemnity_and_harmless_wording_pass(text):
    assert errors(text) == []


def test_the_indemnity_exception_does_not_cross_a_sentence():
    # "indemnité" in one sentence cannot cover "frais de recouvrement" in the next
    assert errors("Une indemnité est due. Pour frais de recouvrement, nous ajoutons 100 €.")


def test_the_error_quotes_the_words_as_the_user_wrote_them():
    (error,) = errors("Attention : les Frais  de Relance sont dus.")
    assert error.startswith("« Frais  de Relance » :")


def test_check_template_includes_the_cost_rule():
    assert any("L111-8" in e for e in check_template("Bonjour {contact}, frais de relance : 10 €."))
    assert check_template("Indemnité forfaitaire pour frais de recouvrement : {indemnite}.") == []
