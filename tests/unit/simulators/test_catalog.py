from datetime import date

from guide_app.core import routes
from guide_app.core.forms import initial_values
from guide_app.simulators.catalog import SIMULATORS


def test_five_simulators_on_their_routes():
    assert [s.route for s in SIMULATORS] == [
        routes.SIMULATOR_MARGIN,
        routes.SIMULATOR_DSO,
        routes.SIMULATOR_PENALTIES,
        routes.SIMULATOR_COSTS,
        routes.SIMULATOR_PRESCRIPTION,
    ]


def test_every_simulator_gives_a_result_with_its_defaults():
    for simulator in SIMULATORS:
        fields = simulator.fields(date(2026, 11, 26))
        values = simulator.link(initial_values(fields, {}), "")
        report = simulator.evaluate(values)
        assert report.headline.value, simulator.key
        assert len({field.name for field in fields}) == len(fields)
