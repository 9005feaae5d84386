from datetime import date, timedelta
from decimal import Decimal

import pytest

from guide_app.cases.invoice import InvoiceSpec
from guide_app.cases.ledger import Terms, combine, ledger
from guide_app.cases.risk import Tone
from guide_app.reminders.grouping import CaseOwed, firmest, group_key, grouped_message, recipient_day, template_id
from guide_app.reminders.templates import DETAIL_LINES_MAX

ON = date(2026, 3, 18)


def invoice(number: str, due: date, ht: str) -> InvoiceSpec:
    return InvoiceSpec(
        number=number, issue_date=due - timedelta(days=30), due_date=due, amount_ht=Decimal(ht), vat_rate=Decimal("0.2")
    )


def owed(*invoices: InvoiceSpec, kind: str = "professionnel"):
    return ledger(list(invoices), [], ON, terms=Terms(kind=kind))  # type: ignore[arg-type]


def test_the_same_address_and_day_give_the_same_key_whatever_the_case_and_spaces():
    assert recipient_day(1, " Compta@Client.FR ", ON) == recipient_day(1, "compta@client.fr", ON)
    assert recipient_day(1, "compta@client.fr", ON) != recipient_day(1, "compta@client.fr", ON + timedelta(days=1))
    assert recipient_day(1, "compta@client.fr", ON) != recipient_day(2, "compta@client.fr", ON)


def test_steps_of_one_reader_group_and_thanks_or_instalments_stay_alone():
    step = group_key(1, "A@x.fr", "professionnel", action_kind="step", action_id=5)
    assert step == group_key(1, "a@x.fr ", "professionnel", action_kind="step", action_id=9)
    assert step != group_key(1, "a@x.fr", "particulier", action_kind="step", action_id=9)
    assert group_key(1, "a@x.fr", "professionnel", action_kind="merci", action_id=5) != step
    assert group_key(1, "a@x.fr", "professionnel", action_kind="echeance", action_id=6) != group_key(
        1, "a@x.fr", "professionnel", action_kind="echeance", action_id=7
    )


def test_the_firmest_tone_chooses_the_text_and_the_kind_of_client_its_law():
    assert firmest(["courtois", "ferme", "rappel"]) is Tone.FERME
    assert firmest(["courtois", "courtois"]) is Tone.COURTOIS
    assert template_id(Tone.COURTOIS, "public") == "groupe_courtois"
    assert template_id(Tone.RAPPEL, "particulier") == "groupe_rappel"
    assert template_id(Tone.FERME, "professionnel") == "groupe_ferme"
    assert template_id(Tone.FORMEL, "particulier") == "groupe_ferme_particulier"
    assert template_id(Tone.FERME, "public") == "groupe_ferme_public"


def test_combine_keeps_each_invoices_figures_oldest_first_and_refuses_other_days():
    late = owed(invoice("F-2", date(2026, 2, 1), "1000"))
    later = owed(invoice("F-1", date(2026, 3, 1), "500"))
    both = combine([later, late])
    assert [line.number for line in both.lines] == ["F-2", "F-1"]
    assert (both.principal, both.interest, both.indemnity) == (
        late.principal + later.principal,
        late.interest + later.interest,
        late.indemnity + later.indemnity,
    )
    with pytest.raises(ValueError):
        combine([])
    with pytest.raises(ValueError):
        combine([late, ledger([invoice("F-3", date(2026, 2, 1), "10")], [], ON + timedelta(days=1))])


def test_the_grouped_message_lists_each_invoice_with_its_own_page_and_the_total():
    subject, body = grouped_message(
        tones=["rappel", "courtois"],
        debtor_kind="professionnel",
        cases=[
            CaseOwed(owed(invoice("F-1", date(2026, 3, 1), "1000")), "https://app/debiteur/a"),
            CaseOwed(owed(invoice("F-2", date(2026, 3, 25), "500")), "https://app/debiteur/b"),
        ],
        debtor="Boulangerie Martin",
        contact="",
        creditor="Atelier Dupont",
        payment_details="virement",
    )
    assert subject == "Rappel : factures F-1 et F-2 en attente de règlement"
    assert (
        "- Facture F-1, échue le 01/03/2026 (17 jours de retard) : 1\u202f200,00\xa0€ ; en ligne : https://app/debiteur/a"
        in body
    )
    assert "- Facture F-2, à échéance le 25/03/2026 : 600,00\xa0€ ; en ligne : https://app/debiteur/b" in body
    assert "Montant total restant dû : 1\u202f800,00\xa0€." in body
    assert body.startswith("Bonjour,\n")  # no contact name: no dangling space


def test_a_long_list_sums_up_the_invoices_beyond_the_limit():
    many = [invoice(f"F-{i:03d}", date(2026, 1, 1) + timedelta(days=i), "100") for i in range(DETAIL_LINES_MAX + 5)]
    _, body = grouped_message(
        tones=["ferme"],
        debtor_kind="professionnel",
        cases=[CaseOwed(owed(*many), "https://app/debiteur/a")],
        debtor="Client",
        contact="",
        creditor="Atelier",
        payment_details="virement",
    )
    assert body.count("- Facture F-") == DETAIL_LINES_MAX
    assert "- et 5 autres factures, pour 600,00\xa0€" in body


def test_paid_invoices_are_not_listed_nor_named():
    paid = ledger(
        [invoice("F-9", date(2026, 2, 1), "100"), invoice("F-10", date(2026, 2, 2), "100")],
        [(date(2026, 2, 1), Decimal("120"))],
        ON,
    )
    subject, body = grouped_message(
        tones=["rappel"],
        debtor_kind="professionnel",
        cases=[CaseOwed(paid, "l"), CaseOwed(owed(invoice("F-11", date(2026, 3, 1), "100")), "m")],
        debtor="Client",
        contact="",
        creditor="Atelier",
        payment_details="virement",
    )
    assert "F-9" not in subject and "F-9" not in body and "F-10" in body and "F-11" in body
