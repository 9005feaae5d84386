"""« Ma créance est-elle prescrite ? », computed by hand (C. com. L110-4: 5 years; C. consom. L218-2: 2 years;
C. civ. 2240: an acknowledgment restarts it; loi 68-1250: 4 years from 1 January after, « à confirmer »)."""

from datetime import UTC, date, datetime

import pytest

from guide_app.core import clock
from guide_app.core.forms import FormErrors
from guide_app.simulators.prescription import evaluate

TODAY = date(2026, 12, 5)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(clock, "_frozen", [datetime(2026, 12, 5, 10, 0, tzinfo=UTC)])


def test_five_years_from_the_due_date_between_professionals():
    report = evaluate({"echeance": "2024-03-15", "debiteur": "professionnel"})
    assert report.headline.label == "Prescription" and report.headline.value == "15/03/2029"
    assert "L110-4" in report.headline.detail and report.warnings == ()


def test_two_years_against_a_consumer_restarted_by_a_partial_payment():
    report = evaluate({"echeance": "2024-03-15", "debiteur": "particulier", "reconnaissance": "2025-06-01"})
    # 15/03/2024 + 2 years = 15/03/2026, but the payment of 01/06/2025 came before: 01/06/2025 + 2 = 01/06/2027
    assert report.headline.value == "01/06/2027" and "L218-2" in report.headline.detail
    assert [(line.label, line.value) for line in report.lines[2:]] == [
        ("Reconnaissance du 01/06/2025", "fait repartir le délai")
    ]


def test_an_acknowledgment_after_expiry_revives_nothing():
    report = evaluate({"echeance": "2015-01-10", "reconnaissance": "2019-12-01,2025-05-01"})
    # 10/01/2015 → restarted on 01/12/2019 (before 10/01/2020) → 01/12/2024; the one of 01/05/2025 came too late
    assert report.headline.label == "Prescription probablement acquise" and report.headline.value == "01/12/2024"
    assert "art. 2247" in report.headline.detail
    assert [line.value for line in report.lines[2:]] == ["fait repartir le délai", "sans effet sur le délai"]


def test_a_public_buyer_counts_from_the_first_of_january_after_and_says_it_is_to_be_confirmed():
    report = evaluate({"echeance": "2024-03-15", "debiteur": "public"})
    assert report.headline.value == "01/01/2029"  # 01/01/2025 + 4 years
    assert "(règle à confirmer)" in report.headline.detail and any("à confirmer" in w for w in report.warnings)


def test_three_months_before_it_says_to_act():
    report = evaluate({"echeance": "2022-01-20", "debiteur": "professionnel"})  # 20/01/2027: 46 days left
    assert report.headline.value == "20/01/2027" and any("Moins de trois mois" in w for w in report.warnings)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"echeance": ""}, "echeance", "obligatoire"),
        ({"echeance": "2027-01-01"}, "echeance", "pas encore échue"),
        ({"echeance": "2024-03-15", "reconnaissance": "2024-01-01"}, "reconnaissance", "entre l'échéance"),
        ({"echeance": "2024-03-15", "reconnaissance": "2024-06-01,demain"}, "reconnaissance", "date"),
        ({"echeance": "2024-03-15", "debiteur": "martien"}, "debiteur", "choix non reconnu"),
    ],
)
def test_bad_input_gets_a_french_message_on_its_field(values, field, message):
    with pytest.raises(FormErrors) as caught:
        evaluate(values)
    assert message in caught.value.errors[field]
