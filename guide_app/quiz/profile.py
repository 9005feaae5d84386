"""The optional company profile of the diagnostic: parsed from what the user typed, every field optional."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

from pydantic import BaseModel, ConfigDict

from guide_app.core.forms import Form
from guide_app.core.parse import InputError, parse_amount, parse_percent, parse_whole

SECTORS = (
    "Industrie",
    "BTP et construction",
    "Commerce de gros",
    "Commerce de détail",
    "Services aux entreprises",
    "Transport et logistique",
    "Hôtellerie et restauration",
    "Santé et social",
    "Autre",
)
HEADCOUNTS = ("0 (indépendant)", "1 à 9", "10 à 49", "50 à 249", "250 et plus")


class CompanyProfile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sector: str | None = None
    headcount: str | None = None
    revenue: Decimal | None = None  # annual revenue HT, euros
    overdue_share: Decimal | None = None  # ratio of invoices overdue, 0–1
    payment_terms: int | None = None  # usual agreed terms, days
    dso: int | None = None  # current DSO if known, days

    def is_empty(self) -> bool:
        return all(value is None for value in self.model_dump().values())

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


def _choice(options: tuple[str, ...], label: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if raw not in options:
            raise InputError(f"Choisissez {label} dans la liste.")
        return raw

    return parse


# field name → how to read it (empty means "not given", which is fine: every field is optional)
_PARSERS: dict[str, Callable[[str], Any]] = {
    "sector": _choice(SECTORS, "un secteur"),
    "headcount": _choice(HEADCOUNTS, "un effectif"),
    "revenue": lambda raw: parse_amount(raw, field="Le chiffre d'affaires"),
    "overdue_share": lambda raw: parse_percent(raw, field="La part de factures en retard"),
    "payment_terms": lambda raw: parse_whole(raw, field="Le délai de paiement", maximum=365),
    "dso": lambda raw: parse_whole(raw, field="Le DSO", minimum=1, maximum=730),
}


def _stripped(parse: Callable[[str], Any], raw: str) -> Any:
    return parse(raw.strip())


def parse_profile(form_data: object) -> tuple[CompanyProfile | None, dict[str, str]]:
    """(profile, {}) when every filled field is valid, else (None, {field: French message})."""
    form = Form(form_data)
    values: dict[str, Any] = {}
    for name, parse in _PARSERS.items():
        raw = form.raw(name)
        if not isinstance(raw, str):
            form.refuse(name, "Valeur illisible : ressaisissez ce champ.")
        elif raw.strip():
            values[name] = form.field(name, partial(_stripped, parse))
    return (None, form.errors) if form.errors else (CompanyProfile(**values), {})
