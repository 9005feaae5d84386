import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from guide_app.cases.invoice import InvoiceSpec
from guide_app.cases.ledger import ledger
from guide_app.cases.rates import legal_indemnity_per_invoice
from guide_app.reminders.templates import (
    MERGE_FIELDS,
    InvoiceLine,
    MessageContext,
    TemplateError,
    check_template,
    french_list,
    render,
    sample_context,
)

NNBSP, NBSP = "\u202f", "\u00a0"


def context(**changes):
    values = {
        "debtor": "Garage Leroy SAS",
        "contact": "M. Paul Leroy",
        "creditor": "Imprimerie Durand",
        "invoice_numbers": ("F-101", "F-102"),
        "amount_ttc": Decimal("1234.50"),
        "due_date": date(2026, 5, 4),
        "days_late": 12,
        "penalties": Decimal("4.93"),
        "late_invoices": 2,
        "payment_details": "IBAN FR76 3000 6000 0112 3456 7890 189",
        "payment_link": "https://exemple.fr/payer/abc",
        "lines": (InvoiceLine(number="F-101", due_date=date(2026, 5, 4), principal=Decimal("1234.50"), days_late=12),),
    }
    merged = {**values, **changes}
    merged.setdefault("indemnity", legal_indemnity_per_invoice() * merged["late_invoices"])
    return MessageContext(**merged)


def test_legal_indemnity_comes_from_the_figures_file():
    assert legal_indemnity_per_invoice() == Decimal(40)


def test_every_merge_field_renders_formatted():
    template = " | ".join("{" + name + "}" for name in MERGE_FIELDS)
    assert render(template, context()) == " | ".join(
        [
            "Garage Leroy SAS",
            "M. Paul Leroy",
            "Imprimerie Durand",
            "F-101 et F-102",
            f"- Facture F-101, échue le 04/05/2026 (12 jours de retard) : 1{NNBSP}234,50{NBSP}€",
            f"1{NNBSP}234,50{NBSP}€",
            "04/05/2026",
            "12",
            f"4,93{NBSP}€",
            f"80,00{NBSP}€",  # 40 € × 2 late invoices
            f"1{NNBSP}319,43{NBSP}€",  # 1 234,50 + 4,93 + 80
            "IBAN FR76 3000 6000 0112 3456 7890 189",
            "https://exemple.fr/payer/abc",
        ]
    )


def test_merge_fields_all_have_a_french_description():
    assert len(MERGE_FIELDS) == 13
    assert all(description.strip() for description in MERGE_FIELDS.values())


def test_a_message_shows_the_ledgers_figures_and_says_when_a_rate_is_not_published():
    invoice = InvoiceSpec(
        number="F-9",
        issue_date=date(2026, 10, 1),
        due_date=date(2026, 11, 5),
        amount_ht=Decimal(2400),
        vat_rate=Decimal("0.2"),
    )
    owed = ledger([invoice], [(date(2026, 12, 5), Decimal(950))], date(2026, 12, 5))
    ctx = MessageContext.from_ledger(owed, debtor="Garage Leroy SAS", creditor="Imprimerie Durand")
    # 2 880 € TTC 30 days late: 28,76 € of interest paid first by the 950 €, 1 958,76 € of principal left
    assert (ctx.amount_ttc, ctx.penalties, ctx.indemnity, ctx.days_late) == (Decimal("1958.76"), 0, Decimal(40), 30)
    assert ctx.total_due == Decimal("1998.76") and owed.due == ctx.total_due
    before = ledger([invoice], [], date(2026, 12, 5))
    shown = MessageContext.from_ledger(before, debtor="Garage Leroy SAS", creditor="Imprimerie Durand").values()
    assert shown["penalites"].endswith("(taux à confirmer)") and shown["jours_retard"] == "30"


def test_late_invoices_cannot_exceed_the_invoices():
    with pytest.raises(ValidationError):
        context(late_invoices=3)


def test_french_list_of_invoice_numbers():
    assert french_list(("A",)) == "A"
    assert french_list(("A", "B")) == "A et B"
    assert french_list(("A", "B", "C")) == "A, B et C"


def test_an_empty_contact_leaves_no_stray_space_nor_empty_line():
    ctx = context(contact="")
    assert render("Bonjour {contact},", ctx) == "Bonjour,"
    assert render("{debiteur}\n{contact}\nMadame, Monsieur,", ctx) == "Garage Leroy SAS\nMadame, Monsieur,"
    assert render("Bonjour {contact},", context()) == "Bonjour M. Paul Leroy,"


def test_text_around_fields_is_kept_as_written():
    assert render("Rien à remplacer : 100 % net.", context()) == "Rien à remplacer : 100 % net."


def test_render_refuses_a_broken_template_with_a_french_message():
    with pytest.raises(TemplateError, match=re.escape("Champ inconnu : {montant}")):
        render("Montant : {montant}", context())
    with pytest.raises(TemplateError, match="jamais refermée"):
        render("Bonjour {contact", context())


def test_unknown_field_is_named_with_a_suggestion_and_the_list():
    (error,) = check_template("Montant : {montant}")
    assert error.startswith("Champ inconnu : {montant}.")
    assert "Vouliez-vous dire {montant_ttc} ?" in error
    assert "{debiteur}" in error and "{lien_paiement}" in error


def test_an_accented_field_name_is_pointed_to_its_plain_spelling():
    (error,) = check_template("Bonjour {débiteur}")
    assert "Vouliez-vous dire {debiteur} ?" in error


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("Bonjour {contact", "Accolade « { » jamais refermée"),
        ("Bonjour contact}", "Accolade « } » sans accolade ouvrante"),
        ("Bonjour {{contact}}", "Accolade « { » jamais refermée"),
        ("Bonjour {}", "Accolades vides"),
        ("Bonjour {contact,\nmerci de payer}", "Accolade « { » jamais refermée"),
    ],
)
def test_unbalanced_braces_are_reported(template, expected):
    errors = check_template(template)
    assert errors
    assert any(expected in error for error in errors)


def test_a_valid_template_has_no_error():
    assert check_template("Bonjour {contact}, la facture {facture} de {montant_ttc} est échue.") == []
    assert check_template("") == []


def test_sample_context_is_a_realistic_fictional_case():
    sample = sample_context()
    values = sample.values()
    assert values["debiteur"] == "Boulangerie Martin SARL"
    assert values["facture"] == "F-2026-014"
    assert values["montant_ttc"] == f"2{NNBSP}400,00{NBSP}€"
    assert values["jours_retard"] == "20"
    # 2 400 € × 12,15 % × 20 / 365 = 15,978… → 15,98 €
    assert sample.penalties == Decimal("15.98")
    assert values["indemnite"] == f"40,00{NBSP}€"
    assert values["total_du"] == f"2{NNBSP}455,98{NBSP}€"


money_values = st.decimals(min_value=0, max_value=10**9, places=2)


@given(amount=money_values, penalties=money_values, late=st.integers(min_value=0, max_value=2))
def test_total_due_is_exactly_the_sum(amount, penalties, late):
    ctx = context(amount_ttc=amount, penalties=penalties, late_invoices=late)
    assert ctx.total_due == amount + penalties + 40 * late


@given(st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=200))
def test_text_without_braces_renders_unchanged(text):
    assert render(text, context()) == text
