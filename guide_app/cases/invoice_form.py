"""Reading the collection forms: each field parsed on its own, each error in French under its field name."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from guide_app.cases.invoice import InvoiceSpec
from guide_app.core.parse import InputError, form_value, parse_amount, parse_choice, parse_date, parse_name

T = TypeVar("T")
VAT_RATES = {
    "20": Decimal("0.20"),
    "10": Decimal("0.10"),
    "5,5": Decimal("0.055"),
    "2,1": Decimal("0.021"),
    "0": Decimal(0),
}


def read(form_data: object, name: str, parse: Callable[[object], T], errors: dict[str, str]) -> T | None:
    try:
        return parse(form_value(form_data, name))
    except InputError as error:
        errors[name] = str(error)
        return None


def read_invoice(form_data: object, suffix: str, errors: dict[str, str]) -> InvoiceSpec | None:
    """One invoice from fields number{suffix}, issue{suffix}, due{suffix}, amount{suffix}, vat{suffix}."""
    number = read(
        form_data, f"number{suffix}", lambda v: parse_name(v, field="Le numéro de facture", max_length=40), errors
    )
    issued = read(form_data, f"issue{suffix}", lambda v: parse_date(v, field="La date d'émission"), errors)
    due = read(form_data, f"due{suffix}", lambda v: parse_date(v, field="La date d'échéance"), errors)
    amount = read(form_data, f"amount{suffix}", lambda v: parse_amount(v, field="Le montant HT"), errors)
    vat = read(form_data, f"vat{suffix}", _vat, errors)
    if issued and due and due < issued:
        errors[f"due{suffix}"] = "L'échéance ne peut pas précéder la date d'émission."
    if number is None or issued is None or due is None or amount is None or vat is None or f"due{suffix}" in errors:
        return None
    return InvoiceSpec(number=number, issue_date=issued, due_date=due, amount_ht=amount, vat_rate=vat)


def _vat(raw: Any) -> Decimal:
    return VAT_RATES[parse_choice(raw, field="La TVA", choices=tuple(VAT_RATES))]
