from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guide_app.cases.ledger import cents, late_periods, simple_interest
from guide_app.cases.penalties import PenaltyInputs, compute, latest_legal_due
from guide_app.cases.rates import legal_terms, rates
from guide_app.core.format import money
from guide_app.core.forms import FormErrors
from guide_app.simulators.catalog import PENALTIES
from guide_app.simulators.penalties_report import evaluate

LINK = {"montant": "1200", "echeance": "2025-03-31", "paiement": "2025-09-30"}


def _compute(**kwargs):
    return compute(PenaltyInputs(**kwargs), rates(), legal_terms())


def test_days_late_run_from_the_day_after_the_due_date():
    assert late_periods(date(2025, 3, 31), date(2025, 4, 1)) == [(date(2025, 4, 1), date(2025, 4, 1))]
    assert late_periods(date(2025, 3, 31), date(2025, 3, 31)) == []
    assert _compute(amount=Decimal(1000), due=date(2025, 3, 31), paid=date(2025, 4, 30)).days_late == 30


def test_a_penalty_across_a_half_year_boundary_uses_each_half_years_rate():
    result = _compute(amount=Decimal(1200), due=date(2025, 3, 31), paid=date(2025, 9, 30))
    first, second = result.segments
    assert (first.first, first.last, first.days, first.rate) == (
        date(2025, 4, 1),
        date(2025, 6, 30),
        91,
        Decimal("0.1315"),
    )
    assert (second.first, second.last, second.days, second.rate) == (
        date(2025, 7, 1),
        date(2025, 9, 30),
        92,
        Decimal("0.1215"),
    )
    assert first.interest == Decimal(1200) * Decimal("0.1315") * 91 / 365
    assert money(result.interest) == "76,09\u00a0€"
    assert money(result.total) == "1\u202f316,09\u00a0€"
    assert result.days_late == 183


def test_the_example_link_reads_in_french():
    report = evaluate(LINK)
    assert report.headline.value == "1\u202f316,09\u00a0€"
    labels = [line.label for line in report.lines]
    assert "1er semestre 2025 : 91 jours à 13,15\u00a0%" in labels
    assert "2nd semestre 2025 : 92 jours à 12,15\u00a0%" in labels
    rates_block = report.blocks[0]
    assert rates_block.title == "Taux appliqués"
    assert "taux de la BCE de 3,15\u00a0% + 10 points" in rates_block.paragraphs[0]
    assert "01/01/2025" in rates_block.paragraphs[0]  # the source names its reference date
    assert report.warnings == ()


def test_forty_euros_per_late_invoice_and_none_when_paid_on_time():
    late = _compute(amount=Decimal(50), due=date(2025, 3, 31), paid=date(2025, 4, 1))
    assert late.indemnity == Decimal(40)
    on_time = _compute(amount=Decimal(50), due=date(2025, 3, 31), paid=date(2025, 3, 31))
    assert on_time.indemnity == 0 and on_time.interest == 0 and on_time.total == Decimal(50)
    assert "ni pénalités ni indemnité" in evaluate({**LINK, "paiement": "2025-03-31"}).lines[0].detail


def test_an_agreed_rate_at_or_above_the_floor_replaces_the_default():
    result = _compute(amount=Decimal(1000), due=date(2025, 3, 31), paid=date(2025, 4, 30), agreed_rate=Decimal("0.2"))
    assert result.segments[0].basis == "agreed" and result.segments[0].rate == Decimal("0.2")
    assert not result.agreed_below_floor


def test_an_agreed_rate_below_three_times_the_legal_rate_is_refused_and_the_floor_counted_later():
    result = _compute(amount=Decimal(1000), due=date(2025, 3, 31), paid=date(2025, 4, 30), agreed_rate=Decimal("0.05"))
    assert result.agreed_below_floor
    assert result.segments[0].rate == Decimal(3) * Decimal("0.0371")  # 11,13 %
    with pytest.raises(FormErrors) as caught:
        evaluate({**LINK, "taux_contractuel": "5"})
    assert "ne peut pas être inférieur à 11,13" in caught.value.errors["taux_contractuel"]
    assert "L441-10" in caught.value.errors["taux_contractuel"]


def test_terms_beyond_the_legal_maximum_are_warned():
    assert latest_legal_due(date(2026, 1, 1), legal_terms()) == date(2026, 3, 17)  # end of January + 45 days
    assert latest_legal_due(date(2026, 1, 20), legal_terms()) == date(2026, 3, 31)  # 20/01 + 45 → end of March
    report = evaluate({**LINK, "facture": "2025-01-01"})  # due 31/03/2025: 89 days later
    assert any("dépasse le maximum légal" in w and "au plus tard le 17/03/2025" in w for w in report.warnings)
    assert evaluate({**LINK, "facture": "2025-02-15"}).warnings == ()


def test_half_years_after_the_last_known_rates_are_marked_to_be_confirmed():
    last = rates().last_start
    due = last + timedelta(days=150)
    report = evaluate(
        {"montant": "1000", "echeance": due.isoformat(), "paiement": (due + timedelta(days=60)).isoformat()}
    )
    assert any(warning.startswith("Taux à confirmer") for warning in report.warnings)
    assert any("taux à confirmer" in line.label for line in report.lines)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"paiement": "2025-03-01"}, "paiement", "précède l'échéance"),
        ({"echeance": "2023-06-30"}, "echeance", "à partir du 01/01/2024"),
        ({"echeance": "31/13/2025"}, "echeance", "doit être une date"),
        ({"echeance": ""}, "echeance", "obligatoire"),
        ({"paiement": "2045-01-01"}, "paiement", "10 ans"),
        ({"paiement": "1999-12-31"}, "paiement", "entre 2000 et 2100"),
        ({"montant": "0"}, "montant", "supérieur à zéro"),
        ({"taux_contractuel": "cent"}, "taux_contractuel", "nombre"),
        ({"debiteur": "martien"}, "debiteur", "choix non reconnu"),
        ({"debiteur": "particulier", "taux_contractuel": "15"}, "taux_contractuel", "qu'entre professionnels"),
        ({"mise_en_demeure": "2025-03-01"}, "mise_en_demeure", "entre l'échéance et le paiement"),
        ({"acomptes": "2025-04-01"}, "acomptes", "illisible"),
        ({"acomptes": "2025-04-01:-5"}, "acomptes", "ne peut pas être négatif"),
        ({"acomptes": "2025-10-01:100"}, "acomptes", "après la date de paiement"),
        ({"acomptes": "2025-04-01:1000,2025-05-01:300"}, "acomptes", "dépassent le montant"),
        ({"facture": "2025-04-15"}, "facture", "précéder l'échéance"),
    ],
)
def test_bad_input_gives_a_french_message_on_that_field(values, field, message):
    with pytest.raises(FormErrors) as caught:
        evaluate({**LINK, **values})
    assert field in caught.value.errors and message in caught.value.errors[field]


def test_french_dates_typed_by_hand_are_read():
    assert evaluate({**LINK, "echeance": "31/03/2025", "paiement": "30/09/2025"}).headline.value == (
        "1\u202f316,09\u00a0€"
    )


dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10) ** 12, places=2)


@given(amounts, dates)
def test_zero_days_late_means_zero_interest(amount, due):
    result = _compute(amount=amount, due=due, paid=due)
    assert result.interest == 0 and result.segments == () and result.total == amount


@given(
    amounts,
    dates,
    st.integers(min_value=0, max_value=1500),
    st.none() | st.decimals(min_value=0, max_value=1, places=3),
)
def test_penalties_are_never_negative_and_add_up(amount, due, days, agreed):
    result = _compute(amount=amount, due=due, paid=due + timedelta(days=days), agreed_rate=agreed)
    assert result.interest >= 0 and result.days_late == days == sum(s.days for s in result.segments)
    assert result.total == amount + cents(result.interest) + result.indemnity  # the ledger rounds to the cent


@given(amounts, st.decimals(min_value=0, max_value=1, places=4), st.integers(min_value=0, max_value=3000))
def test_simple_interest_is_proportional_to_the_days(amount, annual_rate, days):
    assert simple_interest(amount, annual_rate, days) == amount * annual_rate * days / 365


def test_a_link_for_a_consumer_counts_the_taux_legal_from_the_mise_en_demeure_and_no_indemnity():
    report = evaluate({**LINK, "debiteur": "particulier", "mise_en_demeure": "2025-08-31"})
    # 1–30 September 2025 = 30 days at the taux légal of H2 2025 (2,76 %): 1 200 × 2,76 % × 30 / 365 = 2,72219
    # → 2,72; no indemnity: 1 202,72 €
    assert report.headline.value == "1\u202f202,72\u00a0€"
    assert "2nd semestre 2025 : 30 jours à 2,76\u00a0%" in [line.label for line in report.lines]
    assert any("Jamais due par un particulier" in line.detail for line in report.lines)
    silent = evaluate({**LINK, "debiteur": "particulier"})
    assert silent.headline.value == "1\u202f200,00\u00a0€" and any("Sans mise en demeure" in w for w in silent.warnings)


def test_a_link_for_a_public_buyer_keeps_the_rate_of_the_half_year_the_interest_began_in():
    report = evaluate({**LINK, "debiteur": "public"})
    # began 01/04/2025 (H1 2025, ECB 3,15 %): 11,15 % for all 183 days: 1 200 × 11,15 % × 183 / 365 = 67,08493
    # → 67,08; + 40 € (D2192-35) = 1 307,08 €
    assert report.headline.value == "1\u202f307,08\u00a0€"
    assert "taux de la BCE de 3,15\u00a0% au début du 1er semestre 2025" in report.blocks[0].paragraphs[0]
    assert any("R2192-36" in w for w in report.warnings)


def test_instalments_pay_the_interest_first_then_the_invoice():
    report = evaluate({**LINK, "acomptes": "2025-04-30:500"})
    # 30/04: 30 days at 13,15 % on 1 200 = 12,96986 → 12,97 of interest, 487,03 of principal (712,97 left);
    # then 1/05–30/06: 61 days at 13,15 % on 712,97 = 15,66881 and 1/07–30/09: 92 days at 12,15 % = 21,83446:
    # interest accrued 50,47313 → 50,47, of which 12,97 paid: 37,50 + 712,97 + 40 = 790,47 €
    assert report.headline.value == "790,47\u00a0€"
    (instalment,) = [line for line in report.lines if line.label.startswith("Acompte")]
    assert instalment.value == "− 500,00\u00a0€" and "12,97\u00a0€ sur les intérêts" in instalment.detail


def test_the_contract_rate_is_read_from_links_made_before_it_was_renamed():
    assert PENALTIES.aliases == {"taux": "taux_contractuel"}
    assert evaluate({**LINK, "taux_contractuel": "20"}).headline.value != evaluate(LINK).headline.value
