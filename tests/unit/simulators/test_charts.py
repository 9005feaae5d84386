import re
import xml.dom.minidom
from decimal import Decimal

from guide_app.core.svg import nice_ticks
from guide_app.simulators.charts import ACCENT, cash_freed_figure, comparison_figure, scale, short_money


def test_units_keep_tick_labels_short():
    assert scale(Decimal(950)) == (1, "€")
    assert scale(Decimal(48_000)) == (1000, "k€")
    assert scale(Decimal(4_931_507)) == (10**6, "M€")
    assert scale(Decimal(2 * 10**9)) == (10**9, "Md€")
    assert short_money(Decimal("4931506.85")) == "4,93\u00a0M€"
    assert short_money(Decimal(512)) == "512\u00a0€"


def test_ticks_are_round_and_reach_the_largest_value():
    assert nice_ticks(60) == [0, 20, 40, 60]
    assert nice_ticks(4.93) == [0, 1, 2, 3, 4, 5]
    assert nice_ticks(74) == [0, 20, 40, 60, 80]
    assert nice_ticks(0) == [0, 1]


def labels(picture: str) -> list[str]:
    document = xml.dom.minidom.parseString(picture)  # well-formed: the browser draws it as it is
    return [span.firstChild.data for span in document.getElementsByTagName("tspan")]


def test_the_cash_curve_is_labelled_in_french_with_the_chosen_cut_marked():
    picture = cash_freed_figure([(0, Decimal(0)), (10, Decimal(50_000))], (5, Decimal(25_000)))
    shown = labels(picture)
    assert "5 j : 25\u00a0k€" in shown and "Trésorerie libérée (k€)" in shown
    assert {"0", "10", "20", "50"} <= set(shown)  # ticks: days under the axis, thousands of euros beside it
    assert len(picture) < 4_000  # sent with each update of the simulator


def test_the_cheapest_option_stands_out_and_every_bar_says_its_cost():
    picture = comparison_figure([("A", Decimal(30_000)), ("B", Decimal(10_000)), ("C", Decimal(20_000))])
    fills = re.findall(r'<rect [^>]*fill="([^"]+)"', picture)
    assert fills[1] == ACCENT and fills[0] == fills[2] != ACCENT
    assert {"A", "B", "C", "30\u202f000\u00a0€", "10\u202f000\u00a0€", "20\u202f000\u00a0€"} <= set(labels(picture))
