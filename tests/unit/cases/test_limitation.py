"""Prescription per invoice (C. com. L110-4: 5 years; C. civ. 2240 and 2231: restarted by an acknowledgment)."""

from datetime import date
from decimal import Decimal

from guide_app.cases.invoice import InvoiceSpec
from guide_app.cases.limitation import add_years, limitations


def _invoice(number: str, due: date) -> InvoiceSpec:
    return InvoiceSpec(number=number, issue_date=due, due_date=due, amount_ht=Decimal(100), vat_rate=Decimal(0))


def test_five_years_from_the_due_date():
    (limit,) = limitations([_invoice("F-1", date(2024, 3, 15))], [])
    assert (limit.runs_from, limit.ends_on, limit.acknowledged) == (date(2024, 3, 15), date(2029, 3, 15), "")
    assert add_years(date(2024, 2, 29), 5) == date(2029, 2, 28)  # no 29 February in 2029


def test_an_acknowledgment_starts_a_new_period_of_the_same_length():
    (limit,) = limitations([_invoice("F-1", date(2024, 1, 15))], [(date(2026, 3, 12), "paiement du 12/03/2026")])
    assert (limit.runs_from, limit.ends_on) == (date(2026, 3, 12), date(2031, 3, 12))
    assert limit.acknowledged == "paiement du 12/03/2026"


def test_a_partial_acknowledgment_interrupts_for_every_invoice_already_due():
    old, new, later = (
        _invoice("F-1", date(2023, 5, 2)),
        _invoice("F-2", date(2025, 9, 30)),
        _invoice("F-3", date(2027, 1, 4)),
    )
    limits = limitations([later, new, old], [(date(2026, 1, 20), "promesse de payer du 20/01/2026")])
    # F-1 and F-2 were due before the promise: both restart on 20/01/2026; F-3 was not due yet and keeps its date
    assert [(limit.invoice, limit.ends_on) for limit in limits] == [
        ("F-1", date(2031, 1, 20)),
        ("F-2", date(2031, 1, 20)),
        ("F-3", date(2032, 1, 4)),
    ]


def test_acknowledgments_chain_but_one_after_expiry_revives_nothing():
    chained = limitations([_invoice("F-1", date(2015, 6, 1))], [(date(2019, 5, 1), "a"), (date(2023, 4, 1), "b")])
    # 2015 + 5 = 2020: restarted on 01/05/2019 (before 01/06/2020), then on 01/04/2023 (before 01/05/2024)
    assert chained[0].ends_on == date(2028, 4, 1) and chained[0].acknowledged == "b"
    expired = limitations([_invoice("F-1", date(2015, 6, 1))], [(date(2021, 1, 1), "paiement tardif")])
    assert expired[0].ends_on == date(2020, 6, 1) and expired[0].acknowledged == ""  # a waiver, not an interruption
