from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guide_app.core.format import money
from guide_app.core.forms import FormErrors
from guide_app.simulators import costs
from guide_app.simulators.costs import CostInputs, assumptions, automation_share, compute, loaded_hourly_cost, read

DEFAULTS = {field.name: field.default for field in costs.FIELDS}


def _result(**values):
    return compute(read({**DEFAULTS, **values}), assumptions(), automation_share())


def test_assumptions_come_from_content():
    table = assumptions()
    assert table.employer_cost_factor.value == Decimal("1.42")
    assert table.annual_hours.value == 1607
    assert automation_share() == Decimal("0.8")


def test_internal_cost_is_hours_times_loaded_hourly_cost_times_52():
    assert money(loaded_hourly_cost(Decimal(36_000), assumptions())) == "31,81\u00a0€"
    result = _result(heures="10", salaire="36000")
    assert result.internal == 10 * Decimal(36_000) * Decimal("1.42") / 1607 * 52
    assert money(result.internal, cents=False) == "16\u202f542\u00a0€"


def test_a_typed_hourly_cost_wins_over_the_salary():
    result = _result(heures="10", salaire="36000", horaire="50")
    assert result.hourly_cost == 50 and result.internal == 10 * 50 * 52
    assert _result(salaire="", horaire="50").internal == 10 * 50 * 52


def test_outsourcing_pays_a_fee_on_what_is_recovered_plus_the_follow_up_time():
    result = _result(heures="10", horaire="40", factures="20", montant="50000", recouvrement="80", commission="10")
    assert result.recovered == 40_000
    assert result.outsourced_fee == 4_000
    assert result.outsourced_time == 20 * Decimal("0.5") * 40
    assert result.outsourced == 4_400


def test_software_keeps_a_fifth_of_the_time_and_adds_its_subscription():
    result = _result(heures="10", horaire="40", abonnement="100")
    assert result.software_time == 20_800 * Decimal("0.2")
    assert result.software == 20_800 * Decimal("0.2") + 1_200


def test_the_three_options_side_by_side_in_french():
    report = costs.evaluate({**DEFAULTS, "heures": "10", "salaire": "36000"})
    values = {line.label: line.value for line in report.lines}
    assert values["En interne"] == "16\u202f542\u00a0€ par an"
    assert values["Externalisé, payé au résultat"] == "4\u202f318\u00a0€ par an"
    assert values["Logiciel de relance"] == "4\u202f508\u00a0€ par an"
    assert report.headline.label == "Option la moins chère : externalisé"
    labels = [
        ">En interne<",
        ">16\u202f542\u00a0€<",
        ">Externalisé<",
        ">4\u202f318\u00a0€<",
        ">Logiciel<",
        ">4\u202f508\u00a0€<",
    ]
    at = [report.chart.index(label) for label in labels]
    assert at == sorted(at)  # one bar per option, in this order, each with its yearly cost
    assert any("1,42" in paragraph for paragraph in report.blocks[0].paragraphs)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"salaire": "", "horaire": ""}, "salaire", "salaire brut annuel, ou le coût horaire"),
        ({"heures": "0"}, "heures", "supérieur à zéro"),
        ({"heures": "500"}, "heures", "dépasser 400 h"),
        ({"factures": "2,5"}, "factures", "entier"),
        ({"factures": "0"}, "factures", "entre 1 et"),
        ({"recouvrement": "0"}, "recouvrement", "supérieur à zéro"),
        ({"commission": "120"}, "commission", "dépasser 100 %"),
        ({"abonnement": "-3"}, "abonnement", "négatif"),
        ({"montant": "un peu"}, "montant", "nombre"),
    ],
)
def test_bad_input_gives_a_french_message_on_that_field(values, field, message):
    with pytest.raises(FormErrors) as caught:
        costs.evaluate({**DEFAULTS, **values})
    assert field in caught.value.errors and message in caught.value.errors[field]


positive = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10) ** 9, places=2)
share = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1), places=2)


@given(st.decimals(min_value=Decimal("0.5"), max_value=Decimal(400), places=1), positive, positive, share, share)
def test_costs_are_never_negative(hours, hourly, amount, recovery, fee):
    inputs = CostInputs(
        hours_per_week=hours,
        hourly_cost=hourly,
        invoices=3,
        unpaid_amount=amount,
        recovery_rate=recovery,
        success_fee=fee,
        subscription_month=Decimal(0),
    )
    result = compute(inputs, assumptions(), automation_share())
    assert min(result.model_dump().values()) >= 0
    assert result.software <= result.internal  # with no subscription, automating can only save time
