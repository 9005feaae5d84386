"""An invoice as the owner enters or imports it: number, dates, amount before tax and VAT rate."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

_CENT = Decimal("0.01")
DUE_BEFORE_ISSUE = "L'échéance ne peut pas précéder la date d'émission."


class InvoiceSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    issue_date: date
    due_date: date
    amount_ht: Decimal = Field(gt=0, max_digits=14, decimal_places=2)
    vat_rate: Decimal = Field(ge=0, le=1)  # a ratio: 0.20 for 20 %

    @model_validator(mode="after")
    def _due_after_issue(self) -> InvoiceSpec:
        if self.due_date < self.issue_date:
            raise ValueError(DUE_BEFORE_ISSUE)
        return self

    @property
    def amount_ttc(self) -> Decimal:
        return (self.amount_ht * (1 + self.vat_rate)).quantize(_CENT, rounding=ROUND_HALF_UP)
