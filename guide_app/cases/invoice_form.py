"""The invoice fields of the case forms (onboarding's first case, a new invoice on a case page)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from guide_app.cases.invoice import DUE_BEFORE_ISSUE, InvoiceSpec
from guide_app.core.forms import Form
from guide_app.core.parse import parse_amount, parse_choice, parse_date, parse_name

VAT_RATES = {
    "20": Decimal("0.20"),
    "10": Decimal("0.10"),
    "5,5": Decimal("0.055"),
    "2,1": Decimal("0.021"),
    "0": Decimal(0),
}


def read_invoice(form: Form, suffix: str) -> InvoiceSpec | None:
    """One invoice from fields number{suffix}, issue{suffix}, due{suffix}, amount{suffix}, vat{suffix}."""
    values = form.fields(
        {
            f"number{suffix}": lambda v: parse_name(v, field="Le numéro de facture", max_length=40),
            f"issue{suffix}": lambda v: parse_date(v, field="La date d'émission"),
            f"due{suffix}": lambda v: parse_date(v, field="La date d'échéance"),
            f"amount{suffix}": lambda v: parse_amount(v, field="Le montant HT"),
            f"vat{suffix}": _vat,
        }
    )
    issued, due = values.get(f"issue{suffix}"), values.get(f"due{suffix}")
    if isinstance(issued, date) and isinstance(due, date) and due < issued:  # shown even when another field failed
        form.refuse(f"due{suffix}", DUE_BEFORE_ISSUE)
    if not form.ok(*(f"{name}{suffix}" for name in ("number", "issue", "due", "amount", "vat"))):
        return None
    return form.build(
        InvoiceSpec,
        at=f"due{suffix}",
        number=values[f"number{suffix}"],
        issue_date=values[f"issue{suffix}"],
        due_date=values[f"due{suffix}"],
        amount_ht=values[f"amount{suffix}"],
        vat_rate=values[f"vat{suffix}"],
    )


def _vat(raw: Any) -> Decimal:
    return VAT_RATES[parse_choice(raw, field="La TVA", choices=tuple(VAT_RATES))]
