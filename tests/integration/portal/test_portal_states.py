"""The debtor's page through its real state and a real SQLite database: one case per link, nothing else."""

from __future__ import annotations

from datetime import timedelta

import pytest
import reflex as rx
from sqlmodel import select

from guide_app.accounts.accounts import set_iban
from guide_app.cases import lifecycle as cases
from guide_app.cases import store
from guide_app.core import clock
from guide_app.core.parse import InputError
from guide_app.models import CaseEvent, CollectionCase, Dispute, Payment, PaymentPromise
from guide_app.portal import access as portal
from guide_app.portal.state import DebtorPortalState
from guide_app.portal.view import summary_csv
from tests.integration.owners import TODAY, count, invoice_number, sub, two_accounts, with_fresh_cases

IBAN = "FR7630006000011234567890189"


@pytest.fixture(scope="module")
def accounts():
    """Two signed-up owners for the whole module (signing up hashes a password: slow on purpose)."""
    return two_accounts()


@pytest.fixture
def two_owners(accounts):
    return with_fresh_cases(accounts)


def _debtor_opens(new_browser, token: object) -> DebtorPortalState:
    page = sub(new_browser(), DebtorPortalState)
    page.router.page.params["token"] = token
    DebtorPortalState.load.fn(page)
    return page


def test_the_link_opens_its_case_only_with_what_is_owed_today(new_browser, two_owners):
    (_, _, case), (_, _, other_case) = two_owners
    page = _debtor_opens(new_browser, case.debtor_token)
    assert page.status == "shown" and page._case_id == case.id
    view = page.view
    assert view.creditor == "Atelier Durand" and view.debtor == "Boulangerie Martin SARL"
    assert [line.number for line in view.invoices] == [invoice_number(case)]
    assert view.invoices[0].late and view.invoices[0].state == "échue depuis 20 jours"
    assert view.total_ttc == "2\u202f400,00\u00a0€" and view.late and view.indemnity == "40,00\u00a0€"
    assert view.penalties != "0,00\u00a0€" and view.amount_due.startswith("2\u202f4")
    assert view.iban == "" and view.qr == ""  # no IBAN given yet: the page says to contact the creditor
    everything = repr(page.dict())
    secrets = (
        "Menuiserie Secrète",
        "Client Confidentiel",
        invoice_number(other_case),
        other_case.debtor_token,
        "compta@",
    )
    for secret in secrets:
        assert secret not in everything
    with rx.session() as session:
        events = session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "debtor")).all()
        assert [e.text for e in events] == [portal.FIRST_VISIT_TEXT] and events[0].alert  # the first: an alert
        assert session.exec(select(CaseEvent).where(CaseEvent.case_id == other_case.id)).all() == []


def test_a_visit_is_logged_once_a_day_however_often_the_page_loads(new_browser, two_owners):
    (_, _, case), _ = two_owners
    page = _debtor_opens(new_browser, case.debtor_token)
    DebtorPortalState.load.fn(page)  # a reconnect re-runs on_load
    _debtor_opens(new_browser, case.debtor_token)
    assert count(CaseEvent, case_id=case.id, kind="debtor") == 1
    with rx.session() as session:
        row = session.get(CollectionCase, case.id)
        tomorrow = clock.now() + timedelta(days=1)
        assert portal.record_visit(session, case=row, now=tomorrow)
        assert not portal.record_visit(session, case=row, now=tomorrow)
        visits = session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "debtor")).all()
        assert [(e.text, e.alert) for e in visits] == [(portal.FIRST_VISIT_TEXT, True), (portal.VISIT_TEXT, False)]


@pytest.mark.parametrize(
    "forged",
    [
        "",
        "x",
        "../../compte",
        "%",
        "_" * 32,
        "A" * 65,
        None,
        {"token": "x"},
        ["a"],
        12345,
    ],
)
def test_a_forged_or_unknown_token_shows_nothing(new_browser, forged):
    page = _debtor_opens(new_browser, forged)
    assert page.status == "missing" and page.view.creditor == "" and page.view.invoices == []
    assert page._case_id == 0


def test_a_near_miss_or_a_closed_case_link_opens_nothing(new_browser, two_owners):
    (_, _, case), (_, _, other) = two_owners
    token = case.debtor_token
    near = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert _debtor_opens(new_browser, near).status == "missing"
    assert _debtor_opens(new_browser, token.upper() if token.upper() != token else token.lower()).status == "missing"
    page = _debtor_opens(new_browser, other.debtor_token)
    assert page.status == "shown"
    with rx.session() as session:
        row = session.get(CollectionCase, other.id)
        row.status = "closed"
        session.add(row)
        session.commit()
    assert _debtor_opens(new_browser, other.debtor_token).status == "missing"
    # The page opened before the case was closed can no longer act on it.
    DebtorPortalState.open_form.fn(page, "promise")
    DebtorPortalState.promise.fn(page, {"promise_date": TODAY.isoformat(), "promise_amount": ""})
    assert page.status == "missing" and page.view.creditor == ""
    assert count(PaymentPromise, case_id=other.id) == 0
    assert DebtorPortalState.download.fn(page) is None


def test_handlers_do_nothing_for_a_browser_that_opened_no_link(new_browser, two_owners):
    before = count(PaymentPromise) + count(Dispute)
    page = sub(new_browser(), DebtorPortalState)
    page.form = "promise"  # even if the client forced the form open
    DebtorPortalState.promise.fn(page, {"promise_date": TODAY.isoformat(), "promise_amount": "10"})
    page.form = "dispute"
    DebtorPortalState.dispute.fn(page, {"reason": "Je conteste tout."})
    assert DebtorPortalState.download.fn(page) is None
    assert count(PaymentPromise) + count(Dispute) == before


def test_a_promise_is_recorded_with_an_alert_for_the_creditor(new_browser, two_owners):
    (_, account_id, case), _ = two_owners
    page = _debtor_opens(new_browser, case.debtor_token)
    DebtorPortalState.open_form.fn(page, "promise")
    promised = TODAY + timedelta(days=10)
    DebtorPortalState.promise.fn(page, {"promise_date": promised.strftime("%d/%m/%Y"), "promise_amount": "1 000,50"})
    assert page.errors == {} and page.form == "" and "Atelier Durand" in page.notice
    assert page.view.promise_note.startswith("Paiement annoncé : 1\u202f000,50\u00a0€ le")
    with rx.session() as session:
        (promise,) = session.exec(select(PaymentPromise).where(PaymentPromise.case_id == case.id)).all()
        assert (promise.account_id, promise.source, promise.status) == (account_id, "debtor", "pending")
        assert (promise.promised_for, promise.amount_cents) == (promised, 100050)
        (event,) = session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "promise"))
        assert event.alert and event.account_id == account_id
        assert (
            event.text == f"Le client s'engage sur son lien de paiement : 1\u202f000,50\u00a0€ le {promised:%d/%m/%Y}. "
            "Les relances sont suspendues jusque-là."
        )


def test_an_empty_amount_promises_everything_due(new_browser, two_owners):
    (_, _, case), _ = two_owners
    page = _debtor_opens(new_browser, case.debtor_token)
    DebtorPortalState.open_form.fn(page, "promise")
    DebtorPortalState.promise.fn(page, {"promise_date": TODAY.isoformat(), "promise_amount": " "})
    with rx.session() as session:
        (promise,) = session.exec(select(PaymentPromise).where(PaymentPromise.case_id == case.id)).all()
        due = cases.case_ledger(session, case=session.get(CollectionCase, case.id), on=TODAY).due
        assert promise.amount_cents == store.to_cents(due.quantize(store.CENT)) > 240000


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"promise_date": (TODAY - timedelta(days=1)).isoformat()}, "date", "entre aujourd'hui et le"),
        ({"promise_date": (TODAY + timedelta(days=91)).isoformat()}, "date", "entre aujourd'hui et le"),
        ({"promise_date": "31/02/2026"}, "date", "doit être une date"),
        ({"promise_date": ""}, "date", "obligatoire"),
        ({"promise_date": {"$gt": ""}}, "date", "doit être une date"),
        ({"promise_date": TODAY.isoformat(), "promise_amount": "999 999"}, "amount", "ne peut pas dépasser"),
        ({"promise_date": TODAY.isoformat(), "promise_amount": "-5"}, "amount", "négatif"),
        ({"promise_date": TODAY.isoformat(), "promise_amount": "10,001"}, "amount", "deux décimales"),
        ({"promise_date": TODAY.isoformat(), "promise_amount": ["1"]}, "amount", "nombre"),
    ],
)
def test_a_bad_promise_gets_a_french_error_and_records_nothing(new_browser, two_owners, form, field, message):
    (_, _, case), _ = two_owners
    page = _debtor_opens(new_browser, case.debtor_token)
    DebtorPortalState.open_form.fn(page, "promise")
    DebtorPortalState.promise.fn(page, {"promise_amount": "", **form})
    assert message in page.errors[field] and page.form == "promise"
    assert count(PaymentPromise, case_id=case.id) == 0 and count(CaseEvent, case_id=case.id, kind="promise") == 0


def test_a_non_mapping_form_is_refused(new_browser, two_owners):
    (_, _, case), _ = two_owners
    page = _debtor_opens(new_browser, case.debtor_token)
    DebtorPortalState.open_form.fn(page, "promise")
    DebtorPortalState.promise.fn(page, ["not", "a", "form"])
    DebtorPortalState.open_form.fn(page, "dispute")
    DebtorPortalState.dispute.fn(page, "texte")
    DebtorPortalState.open_form.fn(page, {"x": 1})  # ignored
    assert page.form == "dispute" and "reason" in page.errors
    assert count(PaymentPromise, case_id=case.id) == 0 and count(Dispute, case_id=case.id) == 0


def test_a_dispute_is_recorded_with_an_alert_and_bad_reasons_are_refused(new_browser, two_owners):
    (_, account_id, case), _ = two_owners
    page = _debtor_opens(new_browser, case.debtor_token)
    DebtorPortalState.open_form.fn(page, "dispute")
    for bad, message in (("", "5 caractères"), ("abc", "5 caractères"), ("<script>x</script>", "< et >")):
        DebtorPortalState.dispute.fn(page, {"reason": bad})
        assert message in page.errors["reason"]
    DebtorPortalState.dispute.fn(page, {"reason": "x" * 1001})
    assert "1\u202f000 caractères" in page.errors["reason"]
    assert count(Dispute, case_id=case.id) == 0
    DebtorPortalState.dispute.fn(page, {"reason": "  La livraison du 12 était incomplète.\r\n\r\n\r\nMerci  "})
    assert page.errors == {} and "transmise" in page.notice and page.view.dispute_note.startswith("Contestation")
    with rx.session() as session:
        (dispute,) = session.exec(select(Dispute).where(Dispute.case_id == case.id)).all()
        assert dispute.reason == "La livraison du 12 était incomplète.\n\nMerci"
        assert (dispute.source, dispute.account_id, dispute.resolved_at) == ("debtor", account_id, None)
        (event,) = session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "dispute"))
        assert event.alert and event.text.startswith("Le client conteste : « La livraison")


def test_at_most_three_promises_or_disputes_a_day_per_case(new_browser, two_owners):
    (_, _, case), (_, _, other) = two_owners
    page = _debtor_opens(new_browser, case.debtor_token)
    for kind in ("promise", "dispute", "promise"):
        DebtorPortalState.open_form.fn(page, kind)
        if kind == "promise":
            DebtorPortalState.promise.fn(page, {"promise_date": TODAY.isoformat(), "promise_amount": "10"})
        else:
            DebtorPortalState.dispute.fn(page, {"reason": "Montant erroné"})
        assert page.errors == {}
    DebtorPortalState.open_form.fn(page, "dispute")
    DebtorPortalState.dispute.fn(page, {"reason": "Encore une fois"})
    assert "déjà envoyé 3 demandes aujourd'hui" in page.errors["form"]
    DebtorPortalState.open_form.fn(page, "promise")
    DebtorPortalState.promise.fn(page, {"promise_date": TODAY.isoformat(), "promise_amount": "10"})
    assert "réessayez demain" in page.errors["form"]
    assert count(PaymentPromise, case_id=case.id) + count(Dispute, case_id=case.id) == 3
    assert count(CaseEvent, case_id=case.id, alert=True, kind="debtor") == 1  # the first visit
    assert count(CaseEvent, case_id=case.id, alert=True) == 1 + 3
    # Another case is not limited by this one.
    other_page = _debtor_opens(new_browser, other.debtor_token)
    DebtorPortalState.open_form.fn(other_page, "dispute")
    DebtorPortalState.dispute.fn(other_page, {"reason": "Facture déjà réglée"})
    assert other_page.errors == {}


def test_with_an_iban_the_page_shows_transfer_details_and_an_epc_qr_code(new_browser, two_owners):
    (_, account_id, case), (_, other_account, _) = two_owners
    with rx.session() as session:
        with pytest.raises(InputError, match="IBAN invalide"):
            set_iban(session, account_id=account_id, iban="FR76 3000 6000 0112 3456 7890 188")
        assert set_iban(session, account_id=account_id, iban="fr76 3000 6000 0112 3456 7890 189") == IBAN
        assert store.account(session, account_id=other_account).iban is None
    page = _debtor_opens(new_browser, case.debtor_token)
    assert (
        page.view.iban == "FR76 3000 6000 0112 3456 7890 189"
        and page.view.reference == f"Facture {invoice_number(case)}"
    )
    assert page.view.qr.startswith("data:image/svg+xml")
    with rx.session() as session:
        assert set_iban(session, account_id=account_id, iban="  ") is None
    assert _debtor_opens(new_browser, case.debtor_token).view.qr == ""


def test_payments_reduce_what_is_due_and_a_settled_case_offers_nothing_to_promise(new_browser, two_owners):
    (_, account_id, case), _ = two_owners
    with rx.session() as session:
        set_iban(session, account_id=account_id, iban=IBAN)
        session.add(
            Payment(
                account_id=account_id,
                case_id=case.id,
                amount_cents=100000,
                paid_on=TODAY - timedelta(days=5),
                method="virement",
                created_at=clock.now(),
            )
        )
        session.commit()
    page = _debtor_opens(new_browser, case.debtor_token)
    assert page.view.paid == "1\u202f000,00\u00a0€" and page.view.payments[0].method == "Virement"
    assert not page.view.settled
    with rx.session() as session:
        owed = cases.case_ledger(session, case=session.get(CollectionCase, case.id), on=TODAY)
        session.add(
            Payment(
                account_id=account_id,
                case_id=case.id,
                amount_cents=store.to_cents(owed.due.quantize(store.CENT)),
                paid_on=TODAY,
                method="cheque",
                created_at=clock.now(),
            )
        )
        session.commit()
    page = _debtor_opens(new_browser, case.debtor_token)
    assert page.view.settled and page.view.amount_due == "0,00\u00a0€" and page.view.qr == ""
    assert [p.method for p in page.view.payments] == ["Virement", "Chèque"]
    DebtorPortalState.open_form.fn(page, "promise")
    DebtorPortalState.promise.fn(page, {"promise_date": TODAY.isoformat(), "promise_amount": ""})
    assert page.errors == {"form": "Il ne reste rien à régler sur ce dossier."}


def test_the_summary_download_is_a_csv_of_this_case(new_browser, two_owners):
    (_, _, case), _ = two_owners
    page = _debtor_opens(new_browser, case.debtor_token)
    spec = DebtorPortalState.download.fn(page)
    text = str(spec)
    assert "_download" in text and "text/csv" in text
    with rx.session() as session:
        csv_text = summary_csv(session, case=session.get(CollectionCase, case.id), today=TODAY)
    assert csv_text.startswith("\ufeffRécapitulatif au;")
    assert f"{invoice_number(case)};" in csv_text and "Reste à payer (€)" in csv_text and "B-" not in csv_text
    assert "L441-10" in csv_text and "D441-5" in csv_text
