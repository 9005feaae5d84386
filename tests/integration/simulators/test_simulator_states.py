"""The simulators' states as a browser drives them: links in, URL kept in step, forged calls answered in French."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from reflex.istate.data import RouterData

from guide_app.core import routes
from guide_app.simulators.state import CostsState, DsoState, MarginState, PenaltiesState, PrescriptionState
from tests.integration.owners import sub

ASTON = "ca=100000000&dso=74&objectif=59&base=ht&tva=20&taux=4"


def _open(root, cls, route: str, query: str = ""):
    """What a browser does on arriving at route?query: router data set, then the page's on_load."""
    path = f"{route}?{query}" if query else route
    root.router = RouterData.from_router_data(
        {"pathname": route, "asPath": path, "headers": {"origin": "http://phone.test"}}
    )
    state = sub(root, cls)
    spec = cls.load.fn(state)
    return state, spec


def _address(state) -> tuple[str, dict[str, str]]:
    """The URL the page puts in the address bar with history.replaceState (no navigation), each time
    `address_serial` moves (components/effects.address_bar)."""
    assert state.address_serial > 0
    parts = urlsplit(state.address)
    return parts.path, dict(parse_qsl(parts.query, keep_blank_values=True))


def test_a_shared_margin_link_gives_its_result(new_browser):
    state, _ = _open(new_browser(), MarginState, routes.SIMULATOR_MARGIN, "montant=10000&marge=15&base=ht&tva=20")
    assert state.errors == {} and state.has_result
    assert state.headline.value == "66\u202f666,67\u00a0€"
    assert state.chart == ""  # this simulator has no chart


def test_editing_keeps_the_url_in_step_and_a_reconnect_changes_nothing(new_browser):
    root = new_browser()
    state, _ = _open(root, MarginState, routes.SIMULATOR_MARGIN, "montant=10000&marge=15")
    MarginState.set_field.fn(state, "montant", "12 345,67")
    assert state.headline.value == "82\u202f304,47\u00a0€"
    path, query = _address(state)
    assert path == routes.SIMULATOR_MARGIN
    assert query == {"montant": "12345.67", "base": "ht", "tva": "20", "marge": "15"}
    # The browser reconnects: on_load runs again with the URL as replaced.
    again, _ = _open(root, MarginState, routes.SIMULATOR_MARGIN, "&".join(f"{k}={v}" for k, v in query.items()))
    assert again.headline.value == "82\u202f304,47\u00a0€"
    assert again.values["montant"] == "12 345,67"  # a link's plain numbers are shown the French way


def test_back_on_the_page_without_a_link_keeps_the_figures(new_browser):
    root = new_browser()
    state, _ = _open(root, CostsState, routes.SIMULATOR_COSTS, "heures=12&salaire=40000")
    serial = state.address_serial
    back, _ = _open(root, CostsState, routes.SIMULATOR_COSTS)
    assert back.values["heures"] == "12"
    assert back.address_serial > serial and _address(back)[1]["heures"] == "12"  # shown again in the address bar


def test_a_bad_parameter_shows_the_form_with_an_error_and_no_result(new_browser):
    state, _ = _open(new_browser(), DsoState, routes.SIMULATOR_DSO, "ca=-5&dso=abc&objectif=59")
    assert "négatif" in state.errors["ca"] and "nombre" in state.errors["dso"]
    assert not state.has_result and state.chart == "" and state.lines == []
    assert state.values["ca"] == "-5"  # the form shows what the link said


def test_the_four_example_links(new_browser):
    root = new_browser()
    dso, _ = _open(root, DsoState, routes.SIMULATOR_DSO, ASTON)
    assert dso.headline.value == "4\u202f931\u202f507\u00a0€" and dso.chart.startswith("<svg")
    assert dso.blocks[0].title.startswith("L'exemple du guide")
    penalties, _ = _open(
        root, PenaltiesState, routes.SIMULATOR_PENALTIES, "montant=1200&echeance=2025-03-31&paiement=2025-09-30"
    )
    assert penalties.headline.value == "1\u202f316,09\u00a0€"
    costs, _ = _open(root, CostsState, routes.SIMULATOR_COSTS, "heures=10&salaire=36000")
    assert costs.headline.value == "4\u202f318\u00a0€ par an" and costs.chart.startswith("<svg")


@pytest.mark.parametrize("forged", [{"x": 1}, ["1"], None, 10**40, "9" * 5000, "<script>alert(1)</script>"])
def test_forged_field_values_get_a_french_error_not_an_exception(new_browser, forged):
    state, _ = _open(new_browser(), MarginState, routes.SIMULATOR_MARGIN)
    MarginState.set_field.fn(state, "montant", forged)
    assert state.errors["montant"].startswith(("Le montant", "Cette saisie"))
    assert not state.has_result
    assert len(state.values["montant"]) <= 41


def test_forged_field_names_change_nothing(new_browser):
    state, _ = _open(new_browser(), MarginState, routes.SIMULATOR_MARGIN)
    before = dict(state.values)
    for name in ("__class__", "inconnu", {"montant": 1}, None, "ca"):
        assert MarginState.set_field.fn(state, name, "5") is None
    assert state.values == before and state.has_result


def test_each_date_field_rejects_garbage_in_french(new_browser):
    state, _ = _open(new_browser(), PenaltiesState, routes.SIMULATOR_PENALTIES)
    assert state.values["paiement"]  # today by default
    PenaltiesState.set_field.fn(state, "echeance", {"date": "2025-01-01"})
    assert "doit être une date" in state.errors["echeance"]


def test_a_dso_link_may_give_the_target_or_the_days_cut(new_browser):
    root = new_browser()
    state, _ = _open(root, DsoState, routes.SIMULATOR_DSO, "dso=74&baisse=10")
    assert (state.values["objectif"], state.values["baisse"]) == ("64", "10")
    state, _ = _open(root, DsoState, routes.SIMULATOR_DSO, "dso=74&objectif=59&baisse=3")
    assert (state.values["objectif"], state.values["baisse"]) == ("59", "15")  # the target wins


def test_the_guide_example_preset_and_the_dso_calculator(new_browser):
    root = new_browser()
    state, _ = _open(root, DsoState, routes.SIMULATOR_DSO)
    assert not state.blocks[0].title.startswith("L'exemple du guide")
    DsoState.load_guide_example.fn(state)
    _, query = _address(state)
    assert query["ca"] == "100000000" and query["retard"] == "50"
    assert state.blocks[0].title.startswith("L'exemple du guide")

    DsoState.set_helper_field.fn(state, "creances", "30 000")
    DsoState.set_helper_field.fn(state, "ventes", "90000")
    DsoState.set_helper_field.fn(state, "jours", "90")
    assert state.helper_result.startswith("DSO ≈ 30 jours")
    DsoState.use_helper_dso.fn(state)
    assert state.values["dso"] == "30"
    assert "inférieur au DSO actuel (30 jours)" in state.errors["objectif"]  # 59 no longer makes sense
    DsoState.set_field.fn(state, "baisse", "10")
    assert state.values["objectif"] == "20" and state.has_result

    DsoState.set_helper_field.fn(state, "ventes", [1])
    assert "nombre" in state.helper_errors["ventes"] and state.helper_result == ""
    assert DsoState.use_helper_dso.fn(state) is None
    DsoState.set_helper_field.fn(state, "dso", "1")  # not a calculator field
    assert state.values["dso"] == "30"


def test_the_dso_state_takes_a_company_profile_where_the_link_is_silent(new_browser):
    state, _ = _open(new_browser(), DsoState, routes.SIMULATOR_DSO, "ca=5000000")
    state._apply_profile({"ca": "1", "dso": 80, "retard": "40", "unknown": "x"})
    _, query = _address(state)
    assert state.values["ca"] == "5 000 000" and query["ca"] == "5000000"  # the link wins
    assert query["dso"] == "80"
    assert (state.values["dso"], state.values["retard"]) == ("80", "40")
    assert state.values["baisse"] == str(80 - int(state.values["objectif"]))
    assert state.has_result
    serial = state.address_serial
    state._apply_profile({"ca": "7"})
    assert state.address_serial == serial  # nothing the link leaves open


def test_the_penalty_link_of_the_issue_and_an_earlier_link_with_taux(new_browser):
    link = (
        "montant=1200&echeance=2025-03-31&paiement=2025-09-30&debiteur=professionnel&taux_contractuel=20"
        "&acomptes=2025-04-30:500"
    )
    state, _ = _open(new_browser(), PenaltiesState, routes.SIMULATOR_PENALTIES, link)
    assert state.errors == {} and state.values["acomptes"] == "2025-04-30:500"
    assert any(line.label.startswith("Acompte du 30/04/2025") for line in state.lines)
    earlier, _ = _open(
        new_browser(),
        PenaltiesState,
        routes.SIMULATOR_PENALTIES,
        "montant=1200&echeance=2025-03-31&paiement=2025-09-30&taux=20",
    )
    assert earlier.values["taux_contractuel"] == "20" and earlier.headline.value != "1\u202f316,09\u00a0€"
    PenaltiesState.set_field.fn(earlier, "montant", "1300")
    _, query = _address(earlier)
    assert query["taux_contractuel"] == "20" and "taux" not in query  # the shared link takes today's name
    refused, _ = _open(
        new_browser(), PenaltiesState, routes.SIMULATOR_PENALTIES, "montant=1200&echeance=2025-03-31&debiteur=martien"
    )
    assert "debiteur" in refused.errors and not refused.has_result


def test_the_prescription_link_of_the_issue_opens_with_its_result(new_browser):
    link = "echeance=2024-03-15&debiteur=particulier&reconnaissance=2025-06-01"
    state, _ = _open(new_browser(), PrescriptionState, routes.SIMULATOR_PRESCRIPTION, link)
    assert state.errors == {} and state.headline.value == "01/06/2027"  # 2 years from the partial payment
    PrescriptionState.set_field.fn(state, "debiteur", "professionnel")
    _, query = _address(state)
    assert query["debiteur"] == "professionnel" and state.headline.value == "01/06/2030"
    refused, _ = _open(new_browser(), PrescriptionState, routes.SIMULATOR_PRESCRIPTION, "echeance=2099-01-01")
    assert "echeance" in refused.errors and not refused.has_result


@pytest.mark.parametrize(
    ("cls", "route"),
    [
        (MarginState, routes.SIMULATOR_MARGIN),
        (DsoState, routes.SIMULATOR_DSO),
        (CostsState, routes.SIMULATOR_COSTS),
    ],
)
def test_a_new_visitor_gets_the_result_the_page_was_prerendered_with(new_browser, cls, route):
    """These simulators' defaults depend on no date: the page is built with their result, and the server's first
    answer is that same result (nothing to re-render, no figure that changes under the reader's eyes)."""
    root = new_browser()
    built = sub(root, cls)
    assert built.has_result and built.headline.value and built.errors == {}
    prerendered = (dict(built.values), built.headline, list(built.lines), list(built.blocks), built.chart)
    state, _ = _open(root, cls, route)
    assert (state.values, state.headline, state.lines, state.blocks, state.chart) == prerendered
    assert state.address_serial == 0  # the address bar keeps the plain address the visitor opened


def test_the_simulators_whose_defaults_depend_on_the_day_are_computed_on_arrival(new_browser):
    root = new_browser()
    assert not sub(root, PenaltiesState).has_result  # a payment date of the build's day would be wrong tomorrow
    state, _ = _open(root, PenaltiesState, routes.SIMULATOR_PENALTIES)
    assert state.has_result
