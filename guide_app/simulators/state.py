"""The simulators' Reflex states: thin. The values typed in each form (also the shared URL's parameters), the
French errors, and the last Report the pure core made of them. Every handler checks its own arguments: any client
can call any of them with anything."""

from __future__ import annotations

from collections.abc import Mapping

import reflex as rx

from guide_app.core.clock import today
from guide_app.core.forms import Field, FormErrors, as_text, initial_values, mentions_any, share_query
from guide_app.simulators import catalog, dso, dso_report
from guide_app.simulators.catalog import Simulator
from guide_app.simulators.report import Block, Line, Report, keep_whole


class SimulatorForm(rx.State, mixin=True):
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    has_result: bool = False
    headline: Line = Line("", "")
    lines: list[Line] = []
    blocks: list[Block] = []
    warnings: list[str] = []
    chart: str = ""  # an SVG picture (simulators/charts.py); empty when there is none
    # The link of these figures, for the address bar (components/effects.address_bar puts it there each time
    # address_serial moves: a script sent from here would need eval, which the CSP forbids).
    address: str = ""
    address_serial: int = 0
    _filled: bool = False  # this tab has opened the simulator already

    def _simulator(self) -> Simulator:
        raise NotImplementedError

    def _fields(self) -> dict[str, Field]:
        return {field.name: field for field in self._simulator().fields(today())}

    def _url(self) -> None:
        """Keep the address bar in step with the figures, without a navigation."""
        simulator = self._simulator()
        query = share_query(simulator.fields(today()), self.values)
        self.address = f"{simulator.route}?{query}" if query else simulator.route
        self.address_serial += 1

    def _refresh(self) -> None:
        try:
            report = keep_whole(self._simulator().evaluate(self.values))
        except FormErrors as invalid:
            self.errors = invalid.errors
            self.has_result = False
            self.headline, self.lines, self.blocks, self.warnings, self.chart = Line("", ""), [], [], [], ""
            return
        self.errors = {}
        self.has_result = True
        self.headline = report.headline
        self.lines = list(report.lines)
        self.blocks = list(report.blocks)
        self.warnings = list(report.warnings)
        self.chart = report.chart

    def _fill(self, values: Mapping[str, str], changed: str = "") -> None:
        self.values = self._simulator().link(values, changed)
        self._refresh()
        self._filled = True

    @rx.event
    def load(self) -> None:
        """on_load, also after every reconnect: the URL (kept in step by set_field) is the source of truth."""
        simulator = self._simulator()
        fields = simulator.fields(today())
        query = dict(self.router.url.query_parameters)
        for old, new in simulator.aliases.items():  # links shared before a field was renamed
            if old in query and new not in query:
                query[new] = query.pop(old)
        if not mentions_any(fields, query) and self._filled:
            # Back on the page in this tab without a link: keep the figures and show them in the address bar.
            self._url()
            return
        self._fill(initial_values(fields, query), changed=self._changed_by_link(query))

    def _changed_by_link(self, query: Mapping[str, str]) -> str:
        """Which field a link means to set when it names fields that depend on each other."""
        return ""

    @rx.event
    def set_field(self, name: str, value: str) -> None:
        field = self._fields().get(name) if isinstance(name, str) else None
        if field is None:
            return
        self._fill({**self.values, name: as_text(value, field.max_chars)}, changed=name)
        self._url()


def opening(simulator: Simulator) -> tuple[dict[str, str], Report]:
    """A simulator's figures as a new visitor finds them (its defaults), and their report. For the simulators whose
    defaults depend on no date, these are the state's own defaults: the page is prerendered with its result, and the
    server's first update (the same figures) re-renders nothing."""
    values = simulator.link(initial_values(simulator.fields(today()), {}), "")
    return values, keep_whole(simulator.evaluate(values))


MARGIN_VALUES, MARGIN_REPORT = opening(catalog.MARGIN)
DSO_VALUES, DSO_REPORT = opening(catalog.DSO)
COSTS_VALUES, COSTS_REPORT = opening(catalog.COSTS)


class MarginState(SimulatorForm, rx.State):
    values: dict[str, str] = MARGIN_VALUES
    has_result: bool = True
    headline: Line = MARGIN_REPORT.headline
    lines: list[Line] = list(MARGIN_REPORT.lines)
    blocks: list[Block] = list(MARGIN_REPORT.blocks)
    warnings: list[str] = list(MARGIN_REPORT.warnings)
    chart: str = MARGIN_REPORT.chart

    def _simulator(self) -> Simulator:
        return catalog.MARGIN


class DsoState(SimulatorForm, rx.State):
    values: dict[str, str] = DSO_VALUES
    has_result: bool = True
    headline: Line = DSO_REPORT.headline
    lines: list[Line] = list(DSO_REPORT.lines)
    blocks: list[Block] = list(DSO_REPORT.blocks)
    warnings: list[str] = list(DSO_REPORT.warnings)
    chart: str = DSO_REPORT.chart
    helper_values: dict[str, str] = {field.name: field.default for field in dso.HELPER_FIELDS}
    helper_errors: dict[str, str] = {}
    helper_result: str = ""
    prefilled_note: str = ""
    _helper_dso: int = 0
    _prefilled: bool = False

    def _simulator(self) -> Simulator:
        return catalog.DSO

    def _changed_by_link(self, query: Mapping[str, str]) -> str:
        return "baisse" if "baisse" in query and "objectif" not in query else ""

    def _apply_profile(self, profile: Mapping[str, object], note: str = "") -> None:
        """Pre-fill from a company profile (the diagnostic's, once it exists), after load():
        {"ca": 2500000, "base": "ht", "dso": 74, "retard": 50} — the URL's names and units (euros, days, percent).

        Fills only the fields the current link does not set; ignores unknown keys; values are read like typed ones
        (a bad one shows its French error); the address bar follows.
        Backend-only: the "_" keeps it from being called by a client.
        """
        self.prefilled_note = note
        query = self.router.url.query_parameters
        missing = tuple(field for field in dso.FIELDS if field.name in profile and field.name not in query)
        if not missing:
            return
        given = initial_values(missing, {field.name: as_text(profile[field.name]) for field in missing})
        self._fill({**self.values, **given}, changed="dso" if "dso" in given else "")
        self._url()

    def _claim_prefill(self) -> bool:
        """Whether the diagnostic may pre-fill this tab now: once per tab, and never over a shared link's figures
        (quiz.prefill_state reads the profile: the simulators know nothing of the diagnostic)."""
        if self._prefilled or mentions_any(dso.FIELDS, self.router.url.query_parameters):
            return False
        self._prefilled = True
        return True

    @rx.event
    def load_guide_example(self) -> None:
        self._fill(initial_values(dso.FIELDS, dso.GUIDE_EXAMPLE))
        self._url()

    @rx.event
    def set_helper_field(self, name: str, value: str) -> None:
        if not isinstance(name, str) or name not in {field.name for field in dso.HELPER_FIELDS}:
            return
        self.helper_values = {**self.helper_values, name: as_text(value)}
        try:
            result = dso.read_helper(self.helper_values)
        except FormErrors as invalid:
            self.helper_errors, self.helper_result, self._helper_dso = invalid.errors, "", 0
            return
        self.helper_errors = {}
        self.helper_result = dso_report.helper_text(result)
        self._helper_dso = result.whole_days

    @rx.event
    def use_helper_dso(self) -> None:
        if not self._helper_dso:
            return
        self._fill({**self.values, "dso": str(self._helper_dso)}, changed="dso")
        self._url()


class PenaltiesState(SimulatorForm, rx.State):
    def _simulator(self) -> Simulator:
        return catalog.PENALTIES


class CostsState(SimulatorForm, rx.State):
    values: dict[str, str] = COSTS_VALUES
    has_result: bool = True
    headline: Line = COSTS_REPORT.headline
    lines: list[Line] = list(COSTS_REPORT.lines)
    blocks: list[Block] = list(COSTS_REPORT.blocks)
    warnings: list[str] = list(COSTS_REPORT.warnings)
    chart: str = COSTS_REPORT.chart

    def _simulator(self) -> Simulator:
        return catalog.COSTS


class PrescriptionState(SimulatorForm, rx.State):
    def _simulator(self) -> Simulator:
        return catalog.PRESCRIPTION
