from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guide_app.core.format import money
from guide_app.core.forms import FormErrors
from guide_app.simulators import margin
from guide_app.simulators.margin import MarginInputs, compute, read, sales_needed, to_ht, to_ttc

GUIDE = {"montant": "10000", "marge": "15", "base": "ht", "tva": "20"}


def test_the_guides_example_exactly():
    """Seed 002: 10 000 € at 15 % → 66 666,67 € (the guide rounds it to ≈ 70 000 €)."""
    assert money(sales_needed(Decimal(10_000), Decimal("0.15"))) == "66\u202f666,67\u00a0€"
    report = margin.evaluate(GUIDE)
    assert report.headline.value == "66\u202f666,67\u00a0€"
    assert "÷ 15\u00a0%" in report.headline.detail
    assert any(block.title == "L'exemple du guide" for block in report.blocks)


def test_a_ttc_amount_is_converted_to_ht_before_dividing():
    inputs = read({**GUIDE, "montant": "12 000", "base": "ttc"})
    assert compute(inputs).unpaid_ht == Decimal(10_000)
    report = margin.evaluate({**GUIDE, "montant": "12 000", "base": "ttc"})
    assert report.headline.value == "66\u202f666,67\u00a0€"
    assert report.lines[0].detail.startswith("12\u202f000,00\u00a0€ TTC ÷ 1,2")
    assert not any(block.title == "L'exemple du guide" for block in report.blocks)


@pytest.mark.parametrize(("vat", "ht"), [("20", "100"), ("10", "109.0909"), ("5,5", "113.7441"), ("0", "120")])
def test_ht_ttc_conversions(vat, ht):
    rate = Decimal(vat.replace(",", ".")) / 100
    assert to_ht(Decimal(120), rate).quantize(Decimal("0.0001")) == Decimal(ht)
    assert to_ttc(to_ht(Decimal(120), rate), rate).quantize(Decimal("0.01")) == Decimal(120)


def test_average_invoices_are_rounded_up_and_follow_the_base():
    report = margin.evaluate({**GUIDE, "facture": "5 000"})
    line = next(line for line in report.lines if line.label == "Soit en factures moyennes")
    assert line.value == "14 factures"
    assert "= 13,3" in line.detail
    # Same invoice typed TTC: 6 000 € TTC is 5 000 € HT, so the same 14 invoices.
    ttc = margin.evaluate({**GUIDE, "montant": "12000", "base": "ttc", "facture": "6000"})
    assert next(line for line in ttc.lines if line.label == "Soit en factures moyennes").value == "14 factures"


def test_the_vat_rate_is_ignored_for_an_ht_amount():
    assert margin.evaluate({**GUIDE, "tva": "n'importe quoi"}).headline.value == "66\u202f666,67\u00a0€"


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("montant", "", "obligatoire"),
        ("montant", "0", "supérieur à zéro"),
        ("montant", "-10", "négatif"),
        ("montant", "2000000000", "1 milliard"),
        ("montant", "dix mille", "nombre"),
        ("marge", "150", "dépasser 100 %"),
        ("marge", "0", "supérieur à zéro"),
        ("base", "hors taxes", "choix non reconnu"),
        ("facture", "0", "supérieur à zéro"),
    ],
)
def test_bad_input_gives_a_french_message_on_that_field(field, typed, message):
    with pytest.raises(FormErrors) as caught:
        margin.evaluate({**GUIDE, field: typed})
    assert list(caught.value.errors) == [field]
    assert message in caught.value.errors[field]


def test_a_bad_vat_rate_counts_for_a_ttc_amount():
    with pytest.raises(FormErrors) as caught:
        margin.evaluate({**GUIDE, "base": "ttc", "tva": "35"})
    assert "dépasser 20 %" in caught.value.errors["tva"]


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10) ** 12, places=2)
ratios = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(1), places=4)


@given(amounts, ratios, st.sampled_from(["ht", "ttc"]))
def test_results_are_never_negative_nor_below_the_loss(amount, margin_rate, base):
    result = compute(MarginInputs(unpaid=amount, base=base, vat_rate=Decimal("0.2"), margin_rate=margin_rate))
    assert result.sales_needed >= result.unpaid_ht > 0
