from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from guide_app.cases.accrual import late_invoices, penalties_on
from guide_app.cases.invoice import InvoiceSpec
from guide_app.cases.penalties import PenaltyInputs, compute
from guide_app.cases.rates import legal_terms, rates
from guide_app.cases.statement import statement

TODAY = date(2026, 3, 31)


def _invoice(number: str, due: date, ht: str) -> InvoiceSpec:
    return InvoiceSpec(
        number=number, issue_date=due - timedelta(days=30), due_date=due, amount_ht=Decimal(ht), vat_rate=Decimal("0.2")
    )


def _interest(amount: str, due: date, paid: date) -> Decimal:
    return compute(PenaltyInputs(amount=Decimal(amount), due=due, paid=paid), rates(), legal_terms()).interest


def test_nothing_late_nothing_paid_owes_the_invoices_only():
    owed = statement([_invoice("F-1", TODAY + timedelta(days=1), "1000")], [], TODAY)
    assert (owed.total_ttc, owed.paid, owed.penalties, owed.indemnity, owed.due) == (
        Decimal("1200.00"),
        0,
        0,
        0,
        Decimal("1200.00"),
    )


def test_a_late_invoice_owes_interest_and_the_40_euro_indemnity():
    due = date(2026, 1, 31)
    owed = statement([_invoice("F-1", due, "1000")], [], TODAY)
    assert owed.penalties == _interest("1200.00", due, TODAY).quantize(Decimal("0.01")) > 0
    assert owed.late_invoices == 1 and owed.indemnity == Decimal(40)
    assert owed.due == Decimal("1200.00") + owed.penalties + 40


def test_a_payment_on_time_settles_everything():
    due = date(2026, 1, 31)
    owed = statement([_invoice("F-1", due, "1000")], [(due, Decimal("1200.00"))], TODAY)
    assert owed.due == 0 and owed.late_invoices == 0 and owed.paid == Decimal("1200.00")


def test_payments_settle_the_oldest_invoice_first_and_stop_its_interest():
    old, new = date(2026, 1, 31), date(2026, 2, 28)
    paid_on = date(2026, 2, 10)
    owed = statement(
        [_invoice("F-2", new, "500"), _invoice("F-1", old, "1000")], [(paid_on, Decimal("1500.00"))], TODAY
    )
    # F-1 (1 200 €) paid 10 days late; 300 € of F-2 paid before its due date; 300 € of F-2 still unpaid.
    expected = _interest("1200.00", old, paid_on) + _interest("300.00", new, TODAY)
    assert owed.penalties == expected.quantize(Decimal("0.01"))
    assert owed.late_invoices == 2 and owed.paid == Decimal("1500.00")
    assert owed.principal_left == Decimal("300.00")


def test_a_payment_beyond_the_invoices_goes_to_penalties_and_indemnity():
    due = date(2026, 3, 1)
    owed = statement([_invoice("F-1", due, "100")], [(due + timedelta(days=10), Decimal("130"))], TODAY)
    penalties = _interest("120.00", due, due + timedelta(days=10)).quantize(Decimal("0.01"))
    assert owed.paid == Decimal(130) and owed.principal_left == 0 and owed.penalties == penalties
    assert owed.due == Decimal("30.00") + penalties  # 40 € indemnity + interest − the 10 € paid beyond the invoice


def test_an_overpayment_leaves_nothing_due_and_a_future_date_counts_as_today():
    due = date(2026, 3, 1)
    owed = statement([_invoice("F-1", due, "100")], [(TODAY + timedelta(days=5), Decimal("500"))], TODAY)
    assert owed.paid == Decimal(500) and owed.principal_left == 0 and owed.due == 0
    assert owed.penalties == _interest("120.00", due, TODAY).quantize(Decimal("0.01"))


@given(
    offsets=st.lists(st.integers(min_value=-60, max_value=400), min_size=1, max_size=5),
    amounts=st.lists(st.integers(min_value=1, max_value=10**7), min_size=5, max_size=5),
)
def test_without_payments_it_agrees_with_the_owners_timeline(offsets, amounts):
    invoices = [
        _invoice(f"F-{i}", TODAY - timedelta(days=offset), str(Decimal(amounts[i]) / 100))
        for i, offset in enumerate(offsets)
    ]
    owed = statement(invoices, [], TODAY)
    assert owed.penalties == penalties_on(invoices, TODAY).quantize(Decimal("0.01"))
    assert owed.late_invoices == late_invoices(invoices, TODAY)
