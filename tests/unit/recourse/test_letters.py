from datetime import date
from decimal import Decimal

from guide_app.cases.invoice import InvoiceSpec
from guide_app.cases.ledger import ledger
from guide_app.recourse.letters import DEADLINE, Letter, legal_mentions, render_letter
from guide_app.reminders.compliance import cost_billing_errors
from tests.pdf_text import text_of

ON = date(2026, 3, 18)
BODY = "Madame, Monsieur,\n\nÀ défaut de règlement, nous saisirons la juridiction compétente.\n\nAtelier Dupont"


def invoice(number="F-2026-014", due=date(2026, 2, 14), ht="2000"):
    return InvoiceSpec(
        number=number, issue_date=date(2026, 1, 15), due_date=due, amount_ht=Decimal(ht), vat_rate=Decimal("0.20")
    )


def letter(formal=True, invoices=None, paid=Decimal(0), on=ON):
    payments = [(on, paid)] if paid else []
    return Letter(
        creditor="Atelier Dupont Menuiserie",
        creditor_siren="732829320",
        debtor="Boulangerie Martin SARL",
        debtor_contact="Madame Claire Martin",
        debtor_siren="552100554",
        subject="Mise en demeure de payer : facture F-2026-014",
        body=BODY,
        formal=formal,
        owed=ledger(invoices or [invoice()], payments, on),
    )


def test_the_recap_is_the_ledgers_and_the_deadline_runs_from_receipt():
    owed = letter(invoices=[invoice(), invoice("F-2", due=date(2026, 4, 1))], paid=Decimal("100")).owed
    # F-1 (2 400 €) is 32 days late on 18/03: 2 400 × 12,15 % × 32 / 365 = 25,56 paid first, 74,44 on its principal
    assert owed.interest == 0 and owed.principal == Decimal("2400.00") * 2 - Decimal("74.44")
    assert owed.late_invoices == 1 and owed.indemnity == Decimal(40)
    rows = dict(legal_mentions(letter(invoices=[invoice(), invoice("F-2", due=date(2026, 4, 1))], paid=Decimal(100))))
    assert rows["Délai de paiement"] == DEADLINE == "8 jours à compter de la réception de la présente lettre"
    assert rows["Total dû"].replace("\u202f", " ").replace("\xa0", " ") == "4 765,56 €"


def test_the_mise_en_demeure_prints_every_legal_mention_with_accents_and_euros():
    text = text_of(render_letter(letter()))
    owed = letter().owed
    for words in (
        "MISE EN DEMEURE DE PAYER",
        "Lettre recommandée avec accusé de réception",
        "Atelier Dupont Menuiserie",
        "SIREN 732829320",
        "Boulangerie Martin SARL",
        "Madame Claire Martin",
        "Le 18 mars 2026",
        "Objet : Mise en demeure de payer : facture F-2026-014",
        "À défaut de règlement",
        "Facture F-2026-014, échue le 14/02/2026",
        "Principal TTC restant dû",
        "Pénalités de retard au 18/03/2026 (art. L441-10 du Code de commerce)",
        "(art. D441-5 du Code de commerce)",
        "Délai de paiement",
        "8 jours à compter de la réception",
        "article 1344 du Code civil",
    ):
        assert words in text, words
    compact = text.replace(" ", "")
    assert "40€×1factureenretard" in compact
    assert "2400,00€" in compact
    assert f"{owed.interest}".replace(".", ",") + "€" in compact
    assert f"{owed.due}".replace(".", ",")[:-7] in compact  # thousands separator aside


def test_a_simple_letter_is_no_mise_en_demeure():
    text = text_of(render_letter(letter(formal=False)))
    assert "Boulangerie Martin SARL" in text and "À défaut de règlement" in text
    assert "MISE EN DEMEURE" not in text and "1344" not in text


def test_the_legal_mentions_never_bill_amicable_collection_costs():
    lines = " ; ".join(f"{label} : {value}" for label, value in legal_mentions(letter()))
    assert cost_billing_errors(lines + ". " + letter().owed.terms.text.notice, indemnity="40 €") == []
