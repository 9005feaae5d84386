import json
from decimal import Decimal

from guide_app.simulators.charts import cash_freed_figure, comparison_figure, scale, short_money


def test_units_keep_tick_labels_short():
    assert scale(Decimal(950)) == (1, "€")
    assert scale(Decimal(48_000)) == (1000, "k€")
    assert scale(Decimal(4_931_507)) == (10**6, "M€")
    assert scale(Decimal(2 * 10**9)) == (10**9, "Md€")
    assert short_money(Decimal("4931506.85")) == "4,93\u00a0M€"
    assert short_money(Decimal(512)) == "512\u00a0€"


def test_figures_are_light_json_with_french_separators():
    figure = cash_freed_figure([(0, Decimal(0)), (10, Decimal(50_000))], (5, Decimal(25_000)))
    assert figure["layout"]["separators"] == ", "
    assert figure["data"][0]["customdata"][1] == "10 jours de moins : 50\u202f000\u00a0€"
    assert figure["data"][1]["text"] == ["5 j : 25\u00a0k€"]
    # No Plotly theme shipped with each update (the default one weighs ~7 kB).
    assert len(json.dumps(figure)) < 2_000


def test_the_cheapest_option_stands_out():
    figure = comparison_figure([("A", Decimal(300)), ("B", Decimal(100)), ("C", Decimal(200))])
    colors = figure["data"][0]["marker"]["color"]
    assert colors[1] != colors[0] == colors[2]
    assert figure["data"][0]["type"] == "bar"
