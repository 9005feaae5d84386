"""Trésorerie libérée: the cash a shorter DSO (days sales outstanding) frees, what it saves in financing, and the
doubtful-debt provision it avoids; plus the DSO calculator for those who do not know theirs."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from guide_app.core.forms import MAX_CHARS, Form, FormErrors
from guide_app.core.forms import Field as FormField
from guide_app.core.parse import InputError, parse_amount, parse_choice, parse_percent, parse_whole

DAYS_IN_YEAR = 365
MAX_DSO = 730
MAX_VAT = Decimal(20)
MAX_FINANCING_RATE = Decimal(50)
Base = Literal["ht", "ttc"]

FIELDS = (
    FormField("ca", "1000000"),
    FormField("base", "ht", numeric=False),
    FormField("tva", "20"),
    FormField("dso", "60"),
    FormField("objectif", "45"),
    FormField("baisse", "15"),
    FormField("taux", "4"),
    FormField("retard", "30"),
    FormField("perte", "5"),
)
# The guide's Aston case (content/figures.yaml: aston_cash, aston_savings). The guide gives revenue, DSO and the
# overdue share; the 15-day cut, the VAT, the financing and loss rates are our stated assumptions.
GUIDE_EXAMPLE = {
    "ca": "100000000",
    "base": "ht",
    "tva": "20",
    "dso": "74",
    "objectif": "59",
    "baisse": "15",
    "taux": "4",
    "retard": "50",
    "perte": "5",
}
# The calculator: receivables and revenue of a period → DSO. Not part of the shared link.
HELPER_FIELDS = (FormField("creances"), FormField("ventes"), FormField("jours", "365"))


class DsoInputs(BaseModel):
    model_config = ConfigDict(frozen=True)

    revenue: Decimal = Field(gt=0)  # a year, in `base`
    base: Base = "ht"
    vat_rate: Decimal = Field(ge=0, lt=1)
    current_dso: int = Field(gt=0)
    target_dso: int = Field(ge=0)
    financing_rate: Decimal = Field(ge=0)
    overdue_share: Decimal = Field(ge=0, le=1)
    loss_rate: Decimal = Field(ge=0, le=1)


class DsoResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    revenue_ht: Decimal
    revenue_ttc: Decimal
    days_cut: int
    daily_ttc: Decimal
    cash_freed_ttc: Decimal
    cash_freed_ht: Decimal
    financing_saved: Decimal  # a year
    receivables_ttc: Decimal
    overdue_ht: Decimal
    provision_now: Decimal
    provision_avoided: Decimal


def dso(receivables: Decimal, revenue: Decimal, days: int = DAYS_IN_YEAR) -> Decimal:
    """Simple method: receivables TTC ÷ revenue TTC of the period × days of the period."""
    return receivables / revenue * days


def cash_freed(revenue_ttc: Decimal, days_cut: int) -> Decimal:
    """A day of sales, times the days by which clients pay sooner."""
    return revenue_ttc / DAYS_IN_YEAR * days_cut


def compute(inputs: DsoInputs) -> DsoResult:
    factor = 1 + inputs.vat_rate
    revenue_ht = inputs.revenue if inputs.base == "ht" else inputs.revenue / factor
    revenue_ttc = revenue_ht * factor
    days_cut = inputs.current_dso - inputs.target_dso
    freed_ttc = cash_freed(revenue_ttc, days_cut)
    freed_ht = cash_freed(revenue_ht, days_cut)
    receivables_ttc = revenue_ttc / DAYS_IN_YEAR * inputs.current_dso
    overdue_ht = receivables_ttc / factor * inputs.overdue_share
    return DsoResult(
        revenue_ht=revenue_ht,
        revenue_ttc=revenue_ttc,
        days_cut=days_cut,
        daily_ttc=revenue_ttc / DAYS_IN_YEAR,
        cash_freed_ttc=freed_ttc,
        cash_freed_ht=freed_ht,
        financing_saved=freed_ttc * inputs.financing_rate,
        receivables_ttc=receivables_ttc,
        overdue_ht=overdue_ht,
        provision_now=overdue_ht * inputs.loss_rate,
        # Assumption shown on the page: the days cut come from overdue invoices paid sooner, so the overdue
        # receivables (and their provision) fall by the cash freed, at most by all of them.
        provision_avoided=min(freed_ht, overdue_ht) * inputs.loss_rate,
    )


def _days(field: str, minimum: int = 0) -> partial[int]:
    return partial(parse_whole, field=field, minimum=minimum, maximum=MAX_DSO)


def link_target(values: Mapping[str, str], changed: str) -> dict[str, str]:
    """Target DSO and days cut are two views of one choice: typing one fills the other when both parse."""
    linked = dict(values)
    try:
        current = _days("Le DSO")(values.get("dso", ""))
        if changed == "baisse":
            cut = _days("La baisse")(values.get("baisse", ""))
            if cut <= current:
                linked["objectif"] = str(current - cut)
        elif values.get("objectif", "").strip() or not values.get("baisse", "").strip():
            target = _days("L'objectif")(values.get("objectif", ""))
            if target <= current:
                linked["baisse"] = str(current - target)
        else:  # a link that gives the days cut only
            cut = _days("La baisse")(values.get("baisse", ""))
            if cut <= current:
                linked["objectif"] = str(current - cut)
    except InputError:
        pass  # read() reports the faulty field
    return linked


def read(values: Mapping[str, str]) -> DsoInputs:
    form = Form(values, max_chars=MAX_CHARS)
    revenue = form.read("ca", partial(parse_amount, field="Le chiffre d'affaires"), Decimal(1))
    base = form.read("base", partial(parse_choice, field="La base HT ou TTC", choices=("ht", "ttc")), "ht")
    vat = form.read("tva", partial(parse_percent, field="Le taux de TVA", maximum=MAX_VAT), Decimal(0))
    current = form.read("dso", _days("Le DSO actuel", minimum=1), 1)
    target = form.read("objectif", _days("L'objectif de DSO"), 0)
    cut = form.read("baisse", _days("La baisse du DSO", minimum=1), 1)
    if form.ok("dso", "objectif") and target >= current:
        form.refuse("objectif", f"L'objectif doit être inférieur au DSO actuel ({current} jours).")
    if form.ok("dso", "baisse") and cut > current:
        form.refuse("baisse", f"La baisse ne peut pas dépasser le DSO actuel ({current} jours).")
    elif form.ok("dso", "objectif", "baisse") and cut != current - target:
        form.refuse(
            "baisse", f"La baisse doit être l'écart entre le DSO actuel et l'objectif ({current - target} jours)."
        )
    financing = form.read(
        "taux", partial(parse_percent, field="Le taux de financement", maximum=MAX_FINANCING_RATE), Decimal(0)
    )
    overdue = form.read("retard", partial(parse_percent, field="La part des factures en retard"), Decimal(0))
    loss = form.read("perte", partial(parse_percent, field="Le taux de perte"), Decimal(0))
    form.check()
    return DsoInputs(
        revenue=revenue,
        base="ttc" if base == "ttc" else "ht",
        vat_rate=vat,
        current_dso=current,
        target_dso=target,
        financing_rate=financing,
        overdue_share=overdue,
        loss_rate=loss,
    )


def is_guide_example(inputs: DsoInputs) -> bool:
    example = read(GUIDE_EXAMPLE)
    keys = ("revenue", "base", "vat_rate", "current_dso", "target_dso")
    return all(getattr(inputs, key) == getattr(example, key) for key in keys)


class HelperResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    receivables: Decimal
    revenue: Decimal
    days: int
    dso: Decimal

    @property
    def whole_days(self) -> int:
        return int(self.dso.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def read_helper(values: Mapping[str, str]) -> HelperResult:
    form = Form(values, max_chars=MAX_CHARS)
    receivables = form.read("creances", partial(parse_amount, field="Les créances clients"), Decimal(1))
    revenue = form.read("ventes", partial(parse_amount, field="Le chiffre d'affaires de la période"), Decimal(1))
    days = form.read("jours", partial(parse_whole, field="La durée de la période", minimum=1, maximum=366), 1)
    form.check()
    result = HelperResult(receivables=receivables, revenue=revenue, days=days, dso=dso(receivables, revenue, days))
    if result.whole_days > MAX_DSO:
        raise FormErrors({"creances": "Plus de 2 ans de ventes en créances : vérifiez les montants."})
    return result


# --- From the diagnostic's company profile ----------------------------------------------------


STANDARD_VAT = Decimal("0.20")  # the profile's revenue is HT; receivables are TTC


def dso_link_values(profile: Mapping[str, object]) -> dict[str, str]:
    """The DSO simulator's link parameters a stored profile can fill (names and units of the link)."""
    values: dict[str, str] = {}
    if profile.get("revenue") is not None:
        values.update(ca=str(profile["revenue"]), base="ht")
    if profile.get("dso") is not None:
        values["dso"] = str(profile["dso"])
    if profile.get("payment_terms") is not None:
        values["objectif"] = str(profile["payment_terms"])
    if profile.get("overdue_share") is not None:
        values["retard"] = format((Decimal(str(profile["overdue_share"])) * 100).normalize(), "f")
    return values


def cash_at_stake(profile: Mapping[str, object]) -> tuple[Decimal, int] | None:
    """(cash tied up by clients paying after the agreed terms, days beyond terms), when the profile says enough:
    annual revenue, DSO and usual terms, with a DSO above the terms."""
    try:
        revenue = Decimal(str(profile["revenue"]))
        late_days = int(str(profile["dso"])) - int(str(profile["payment_terms"]))
    except (KeyError, ValueError, ArithmeticError):
        return None
    if late_days <= 0 or revenue <= 0:
        return None
    return cash_freed(revenue * (1 + STANDARD_VAT), late_days), late_days
