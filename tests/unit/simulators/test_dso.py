from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guide_app.core.forms import FormErrors
from guide_app.simulators import dso, dso_report
from guide_app.simulators.dso import GUIDE_EXAMPLE, DsoInputs, cash_freed, compute, link_target, read, read_helper

DEFAULTS = {field.name: field.default for field in dso.FIELDS}
ASTON_LINK = {"ca": "100000000", "dso": "74", "objectif": "59", "base": "ht", "tva": "20", "taux": "4"}


def _evaluate(values):
    return dso_report.evaluate(link_target({**DEFAULTS, **values}, ""))


def test_the_dso_formula():
    # 24 328 767 € of receivables against 120 M€ TTC of yearly sales: 74 days.
    assert round(dso.dso(Decimal(24_328_767), Decimal(120_000_000))) == 74
    assert dso.dso(Decimal(30_000), Decimal(90_000), days=90) == 30


def test_the_aston_case_gives_the_guides_order_of_magnitude():
    result = compute(read(GUIDE_EXAMPLE))
    assert result.revenue_ttc == Decimal(120_000_000)
    assert result.days_cut == 15
    assert round(result.daily_ttc) == 328_767
    assert round(result.cash_freed_ttc) == 4_931_507  # ≈ 4,93 M€ ≈ the guide's 5 M€
    assert round(result.cash_freed_ht) == 4_109_589
    report = dso_report.evaluate(GUIDE_EXAMPLE)
    example = next(block for block in report.blocks if block.title.startswith("L'exemple du guide"))
    text = " ".join(example.paragraphs)
    assert "100\u00a0M€ HT × 1,2 = 120\u00a0M€ TTC" in text
    assert "15 × 328\u202f767\u00a0€ = 4,93\u00a0M€" in text
    assert "800 000 €" in text and "estimation d'Aston" in text


def test_the_aston_link_shows_the_guide_example_and_its_figures():
    report = _evaluate(ASTON_LINK)
    assert report.headline.value == "4\u202f931\u202f507\u00a0€"
    assert report.blocks[0].title.startswith("L'exemple du guide")
    values = {line.label: line.value for line in report.lines}
    assert values["Frais financiers économisés chaque année"] == "197\u202f260\u00a0€"  # 4 931 507 × 4 %
    assert values["Trésorerie libérée, base hors taxes"] == "4\u202f109\u202f589\u00a0€"


def test_a_ttc_revenue_is_not_taxed_twice():
    ht = compute(read(link_target({**DEFAULTS, "ca": "1000000", "base": "ht"}, "")))
    ttc = compute(read(link_target({**DEFAULTS, "ca": "1200000", "base": "ttc"}, "")))
    assert ht.cash_freed_ttc == ttc.cash_freed_ttc and ht.revenue_ht == ttc.revenue_ht


def test_the_provision_avoided_is_the_overdue_part_paid_sooner():
    result = compute(read(link_target({**DEFAULTS, "retard": "50", "perte": "10"}, "")))
    assert result.provision_avoided == min(result.cash_freed_ht, result.overdue_ht) * Decimal("0.1")
    # With few overdue invoices, no more provision is avoided than exists.
    small = compute(read(link_target({**DEFAULTS, "retard": "1", "perte": "10"}, "")))
    assert small.provision_avoided == small.provision_now


def test_target_and_days_cut_fill_each_other():
    assert link_target({"dso": "74", "objectif": "59", "baisse": ""}, "objectif")["baisse"] == "15"
    assert link_target({"dso": "74", "objectif": "59", "baisse": "15"}, "baisse") == {
        "dso": "74",
        "objectif": "59",
        "baisse": "15",
    }
    assert link_target({"dso": "74", "objectif": "59", "baisse": "20"}, "baisse")["objectif"] == "54"
    assert link_target({"dso": "80", "objectif": "59", "baisse": "15"}, "dso")["baisse"] == "21"
    assert link_target({"dso": "74", "objectif": "", "baisse": "10"}, "")["objectif"] == "64"  # link with a cut only
    assert link_target({"dso": "abc", "objectif": "59", "baisse": "15"}, "dso")["baisse"] == "15"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"objectif": "74", "baisse": "0"}, "objectif", "inférieur au DSO actuel"),
        ({"objectif": "90"}, "objectif", "inférieur au DSO actuel"),
        ({"dso": "0"}, "dso", "entre 1 et 730"),
        ({"dso": "7,5"}, "dso", "entier"),
        ({"ca": "0"}, "ca", "supérieur à zéro"),
        ({"ca": "-5"}, "ca", "négatif"),
        ({"ca": "1e15"}, "ca", "nombre"),
        ({"ca": "2 000 000 000"}, "ca", "1 milliard"),
        ({"taux": "80"}, "taux", "dépasser 50 %"),
        ({"retard": "120"}, "retard", "dépasser 100 %"),
        ({"tva": ""}, "tva", "obligatoire"),
    ],
)
def test_bad_input_gives_a_french_message_on_that_field(values, field, message):
    with pytest.raises(FormErrors) as caught:
        _evaluate(values)
    assert field in caught.value.errors
    assert message in caught.value.errors[field]


def test_a_days_cut_longer_than_the_dso_is_refused():
    values = link_target({**DEFAULTS, "dso": "60", "baisse": "90"}, "baisse")
    with pytest.raises(FormErrors) as caught:
        dso_report.evaluate(values)
    assert "ne peut pas dépasser le DSO actuel (60 jours)" in caught.value.errors["baisse"]


def test_the_chart_marks_the_chosen_cut_in_french():
    report = _evaluate(ASTON_LINK)
    assert ">15 j : 4,93\u00a0M€<" in report.chart  # the chosen cut, labelled at its point
    assert ">Trésorerie libérée (M€)<" in report.chart and ">Jours de délai en moins<" in report.chart


def test_the_dso_calculator():
    result = read_helper({"creances": "24 328 767", "ventes": "120 000 000", "jours": "365"})
    assert result.whole_days == 74
    assert dso_report.helper_text(result).startswith("DSO ≈ 74 jours")
    with pytest.raises(FormErrors) as caught:
        read_helper({"creances": "", "ventes": "0", "jours": "400"})
    assert set(caught.value.errors) == {"creances", "ventes", "jours"}


revenues = st.decimals(min_value=Decimal(1000), max_value=Decimal(10) ** 11, places=0)


def _inputs(revenue, current, target):
    return DsoInputs(
        revenue=revenue,
        vat_rate=Decimal("0.2"),
        current_dso=current,
        target_dso=target,
        financing_rate=Decimal("0.04"),
        overdue_share=Decimal("0.5"),
        loss_rate=Decimal("0.05"),
    )


@given(revenues, st.integers(min_value=2, max_value=365), st.data())
def test_cash_freed_grows_with_days_cut(revenue, current, data):
    smaller = data.draw(st.integers(min_value=1, max_value=current - 1))
    larger = data.draw(st.integers(min_value=smaller, max_value=current))
    less = compute(_inputs(revenue, current, current - smaller))
    more = compute(_inputs(revenue, current, current - larger))
    assert 0 < less.cash_freed_ttc <= more.cash_freed_ttc
    assert less.financing_saved <= more.financing_saved and less.provision_avoided <= more.provision_avoided


@given(revenues, revenues, st.integers(min_value=1, max_value=365))
def test_cash_freed_grows_with_revenue_and_is_never_negative(first, second, days):
    low, high = sorted((first, second))
    assert 0 <= cash_freed(low, days) <= cash_freed(high, days)
    result = compute(_inputs(low, 365, 365 - days))
    assert min(result.model_dump(exclude={"days_cut"}).values()) >= 0
