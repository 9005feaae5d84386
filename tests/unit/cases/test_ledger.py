"""The ledger, computed by hand. Rates (content/rates.yaml): ECB + 10 points, 14,50 % in H1 2024, 14,25 % in H2 2024,
12,15 % in H1 2026; H2 2026 is not published yet (the H1 2026 rate is used, flagged « taux à confirmer »)."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from guide_app.cases.invoice import InvoiceSpec
from guide_app.cases.ledger import Terms, cents, interest_text, kind_texts, ledger


def _invoice(number: str, due: date, ttc: str) -> InvoiceSpec:
    """An invoice without VAT, so that its TTC amount is the one written."""
    return InvoiceSpec(
        number=number, issue_date=due - timedelta(days=30), due_date=due, amount_ht=Decimal(ttc), vat_rate=Decimal(0)
    )


def test_an_invoice_not_yet_due_owes_its_amount_only():
    owed = ledger([_invoice("F-1", date(2026, 4, 1), "1200")], [], date(2026, 3, 31))
    assert (owed.principal, owed.interest, owed.indemnity, owed.due) == (Decimal(1200), 0, 0, Decimal(1200))
    assert owed.late_invoices == 0 and owed.days_late == 0 and not owed.provisional


def test_a_late_invoice_owes_interest_from_the_day_after_its_due_date_and_40_euros():
    owed = ledger([_invoice("F-1", date(2026, 1, 31), "1200")], [], date(2026, 3, 31))
    # 1 Feb → 31 Mar = 28 + 31 = 59 days; 1 200 × 12,15 % × 59 / 365 = 23,5677 → 23,57
    assert owed.interest == Decimal("23.57") and owed.indemnity == Decimal(40)
    assert owed.due == Decimal("1263.57") and owed.days_late == 59 and not owed.provisional


def test_a_delay_across_two_half_years_is_counted_at_each_ones_rate():
    owed = ledger([_invoice("F-1", date(2024, 6, 20), "1000")], [], date(2024, 7, 10))
    # 21–30 June: 1 000 × 14,50 % × 10 / 365 = 3,97260 ; 1–10 July: 1 000 × 14,25 % × 10 / 365 = 3,90411
    assert [(p.days, p.rate) for p in owed.periods] == [(10, Decimal("0.145")), (10, Decimal("0.1425"))]
    assert owed.interest == Decimal("7.88")


def test_a_partial_payment_pays_the_interest_first_then_the_principal():
    invoice = _invoice("F-1", date(2026, 11, 5), "2880")
    owed = ledger([invoice], [(date(2026, 12, 5), Decimal(950))], date(2026, 12, 5))
    # 30 days: 2 880 × 12,15 % × 30 / 365 = 28,7605 → 28,76 to interest, 950 − 28,76 = 921,24 to principal
    (payment,) = owed.payments
    assert (payment.to_interest, payment.to_principal, payment.to_indemnity) == (Decimal("28.76"), Decimal("921.24"), 0)
    assert owed.principal == Decimal("1958.76") and owed.interest == 0 and owed.indemnity == Decimal(40)
    assert owed.due == Decimal("1998.76") and owed.provisional  # H2 2026 is not published


def test_after_a_partial_payment_interest_runs_on_the_principal_left():
    invoice = _invoice("F-1", date(2026, 11, 5), "2880")
    owed = ledger([invoice], [(date(2026, 12, 5), Decimal(950))], date(2026, 12, 15))
    # accrued: 28,7605 + 1 958,76 × 12,15 % × 10 / 365 (= 6,52026) = 35,28079 → 35,28; 28,76 paid: 6,52 left
    assert owed.interest == Decimal("6.52") and owed.due == Decimal("2005.28")


def test_a_creditor_who_agreed_takes_the_payment_on_the_principal_first():
    invoice = _invoice("F-1", date(2026, 11, 5), "2880")
    owed = ledger([invoice], [(date(2026, 12, 5), Decimal(950))], date(2026, 12, 15), principal_first=True)
    # principal 2 880 − 950 = 1 930; accrued 28,7605 + 1 930 × 12,15 % × 10 / 365 (= 6,42452) = 35,185 → 35,19
    assert owed.principal == Decimal(1930) and owed.interest == Decimal("35.19") and owed.due == Decimal("2005.19")


def test_a_payment_on_the_due_date_settles_everything_without_penalty():
    owed = ledger([_invoice("F-1", date(2026, 1, 31), "1200")], [(date(2026, 1, 31), Decimal(1200))], date(2026, 3, 31))
    assert owed.due == 0 and owed.late_invoices == 0 and owed.interest == 0


def test_payments_go_to_the_oldest_invoice_first():
    old, new = _invoice("F-1", date(2026, 1, 31), "1200"), _invoice("F-2", date(2026, 2, 28), "600")
    owed = ledger([new, old], [(date(2026, 2, 10), Decimal(1300))], date(2026, 3, 31))
    # 10 Feb: F-1 owes 1 200 × 12,15 % × 10 / 365 = 3,99 → 3,99 + 1 200 paid, 96,01 left on F-2 → 503,99
    # F-2, 1–31 March: 503,99 × 12,15 % × 31 / 365 = 5,20076 → 5,20 ; both invoices were late: 2 × 40 €
    f1, f2 = owed.lines
    assert (f1.principal, f1.interest, f1.indemnity, f1.days_late) == (0, 0, Decimal(40), 10)
    assert (f2.principal, f2.interest, f2.indemnity) == (Decimal("503.99"), Decimal("5.20"), Decimal(40))
    assert owed.due == Decimal("589.19")


def test_what_is_paid_beyond_everything_is_kept_apart():
    owed = ledger([_invoice("F-1", date(2026, 3, 1), "120")], [(date(2026, 3, 11), Decimal(500))], date(2026, 3, 31))
    # 10 days: 120 × 12,15 % × 10 / 365 = 0,39945 → 0,40 ; then 120, then the 40 € indemnity: 339,60 unused
    (payment,) = owed.payments
    assert (payment.to_interest, payment.to_principal, payment.to_indemnity) == (Decimal("0.40"), 120, 40)
    assert payment.unused == Decimal("339.60") and owed.due == 0


def test_a_payment_dated_after_the_ledgers_day_counts_on_that_day():
    later = ledger([_invoice("F-1", date(2026, 3, 1), "120")], [(date(2026, 4, 30), Decimal(10))], date(2026, 3, 31))
    (payment,) = later.payments
    assert payment.paid_on == date(2026, 3, 31)


def test_a_rate_not_yet_published_is_said_next_to_the_interest():
    owed = ledger([_invoice("F-1", date(2026, 6, 20), "1000")], [], date(2026, 7, 10))
    assert owed.provisional and [p.confirmed for p in owed.periods] == [True, False]
    assert interest_text(owed).endswith("(taux à confirmer)")
    assert not ledger([_invoice("F-1", date(2026, 6, 1), "1000")], [], date(2026, 6, 30)).provisional


def test_a_message_about_some_invoices_takes_their_lines_only():
    old, new = _invoice("F-1", date(2026, 1, 31), "1200"), _invoice("F-2", date(2026, 3, 30), "600")
    owed = ledger([old, new], [], date(2026, 3, 31)).of(["F-2"])
    # F-2, 1 day: 600 × 12,15 % / 365 = 0,19973 → 0,20
    assert [line.number for line in owed.lines] == ["F-2"] and owed.interest == Decimal("0.20")
    assert owed.indemnity == Decimal(40) and owed.due == Decimal("640.20") and owed.days_late == 1


invoices = st.lists(
    st.tuples(st.integers(min_value=-400, max_value=60), st.integers(min_value=1, max_value=10_000_00)),
    min_size=1,
    max_size=4,
)
payments = st.lists(
    st.tuples(st.integers(min_value=-400, max_value=30), st.integers(min_value=1, max_value=8_000_00)), max_size=4
)


@settings(deadline=None)  # what is tested is the arithmetic, not the time it takes
@given(invoices=invoices, payments=payments, principal_first=st.booleans())
def test_the_total_is_principal_plus_interest_plus_indemnity_less_what_was_applied(invoices, payments, principal_first):
    on = date(2026, 5, 31)
    specs = [_invoice(f"F-{i}", on + timedelta(days=d), str(Decimal(c) / 100)) for i, (d, c) in enumerate(invoices)]
    paid = [(on + timedelta(days=d), Decimal(c) / 100) for d, c in payments]
    owed = ledger(specs, paid, on, principal_first=principal_first)
    accrued = sum(
        (cents(sum((p.interest for p in owed.periods if p.invoice == s.number), Decimal(0))) for s in specs),
        Decimal(0),
    )
    applied = sum((p.amount - p.unused for p in owed.payments), Decimal(0))
    assert owed.due == owed.principal + owed.interest + owed.indemnity
    assert owed.due == owed.total_ttc + accrued + 40 * owed.late_invoices - applied
    assert all(p.to_interest + p.to_principal + p.to_indemnity + p.unused == p.amount for p in owed.payments)
    assert all(line.principal >= 0 and line.interest >= 0 and line.indemnity >= 0 for line in owed.lines)


def test_an_invoice_older_than_the_rates_table_uses_its_first_rate_to_be_confirmed():
    owed = ledger([_invoice("F-1", date(2023, 12, 1), "1000")], [], date(2024, 1, 31))
    # 2–31 December 2023 is before the table: 30 days at the H1 2024 rate, flagged; then 31 days of January 2024
    assert [(p.days, p.confirmed) for p in owed.periods] == [(30, False), (31, True)] and owed.provisional


# --- Who the debtor is (taux légal "autres cas" H1 2026: 2,62 %; ECB H1 2026: 2,15 %, H1 2024: 4,50 %) ---------


def test_a_consumer_owes_no_interest_before_the_mise_en_demeure_and_never_the_40_euros():
    invoice = _invoice("F-1", date(2026, 1, 31), "1200")
    owed = ledger([invoice], [], date(2026, 3, 31), terms=Terms(kind="particulier"))
    assert (owed.interest, owed.indemnity, owed.due) == (0, 0, Decimal(1200)) and owed.days_late == 59


def test_a_consumer_owes_the_taux_legal_from_the_day_after_the_mise_en_demeure():
    terms = Terms(kind="particulier", formal_notice_on=date(2026, 3, 1))
    owed = ledger([_invoice("F-1", date(2026, 1, 31), "1200")], [], date(2026, 3, 31), terms=terms)
    # 2–31 March = 30 days at 2,62 %: 1 200 × 2,62 % × 30 / 365 = 2,58411 → 2,58; no indemnity
    assert [(p.days, p.rate) for p in owed.periods] == [(30, Decimal("0.0262"))]
    assert (owed.interest, owed.indemnity, owed.due) == (Decimal("2.58"), 0, Decimal("1202.58"))
    assert "1344-1" in owed.terms.interest_article and owed.terms.indemnity_article == ""


def test_a_public_buyer_owes_ecb_plus_8_points_of_the_half_year_the_interest_began_in():
    owed = ledger([_invoice("F-1", date(2026, 6, 20), "1000")], [], date(2026, 7, 10), terms=Terms(kind="public"))
    # began 21/06/2026 (H1 2026): 2,15 + 8 = 10,15 % for all 20 days, July included: 1 000 × 10,15 % × 20 / 365
    # = 5,56164 → 5,56; the rate is fixed in H1 2026, so July's unpublished rate does not matter
    assert {p.rate for p in owed.periods} == {Decimal("0.1015")} and owed.interest == Decimal("5.56")
    assert owed.indemnity == Decimal(40) and not owed.provisional
    old = ledger([_invoice("F-1", date(2024, 6, 20), "1000")], [], date(2024, 7, 10), terms=Terms(kind="public"))
    # began in H1 2024: 4,50 + 8 = 12,50 %: 1 000 × 12,5 % × 20 / 365 = 6,84932 → 6,85
    assert old.interest == Decimal("6.85") and "R2192-31" in old.terms.interest_article


def test_a_contract_rate_applies_between_professionals_but_never_below_three_times_the_taux_legal():
    invoice = _invoice("F-1", date(2026, 1, 31), "1000")
    agreed = ledger([invoice], [], date(2026, 3, 2), terms=Terms(agreed_rate=Decimal("0.15")))
    # 30 days at 15 % (≥ 3 × 2,62 % = 7,86 %): 1 000 × 15 % × 30 / 365 = 12,32877 → 12,33
    assert agreed.interest == Decimal("12.33")
    low = ledger([invoice], [], date(2026, 3, 2), terms=Terms(agreed_rate=Decimal("0.05")))
    # 5 % is below the floor: 7,86 % is counted: 1 000 × 7,86 % × 30 / 365 = 6,46027 → 6,46
    assert low.interest == Decimal("6.46") and [p.rate for p in low.periods] == [Decimal("0.0786")]


def test_every_kind_of_debtor_has_its_sentences_with_their_articles():
    texts = kind_texts()
    assert set(texts) == {"professionnel", "particulier", "public"}
    assert "L441-10" in texts["professionnel"].why and "1344-1" in texts["particulier"].why
    assert "R2192-31" in texts["public"].why and "D441-5" not in texts["particulier"].why
