"""A case day to day, through the real states and database: payments, promises, disputes, notes, manual
actions, new invoices, closing; and nothing of it reachable from another account."""

from __future__ import annotations

from datetime import timedelta

import reflex as rx
from sqlmodel import select

from guide_app.cases import store
from guide_app.core import clock
from guide_app.core.owner import owned
from guide_app.desk.state import AccountState, CaseState
from guide_app.models import CaseAction, CaseEvent, CollectionCase, Payment
from guide_app.reminders import store as reminder_store
from tests.integration.owners import _owner_with_case, sign_up_with_case, sub

TODAY = clock.today()


def _scheduled(case_id: int) -> list[CaseAction]:
    with rx.session() as session:
        return list(
            session.exec(select(CaseAction).where(CaseAction.case_id == case_id, CaseAction.status == "scheduled"))
        )


def test_partial_then_full_payment_closes_the_case_and_cancels_what_was_to_come(new_browser):
    _, page, case_id = _owner_with_case(new_browser, "pay@example.fr")
    planned = len(_scheduled(case_id))
    CaseState.record_payment.fn(page, {"pay_amount": "-10", "pay_date": "demain", "pay_method": "troc"})
    assert set(page.errors) == {"pay_amount", "pay_date", "pay_method"}
    CaseState.record_payment.fn(page, {"pay_amount": "9 999", "pay_date": TODAY.isoformat(), "pay_method": "virement"})
    assert "dépasse le restant dû (2\u202f400,00\u00a0€)" in page.errors["pay_amount"] and page.notice == ""

    CaseState.record_payment.fn(page, {"pay_amount": "400", "pay_date": TODAY.isoformat(), "pay_method": "virement"})
    assert page.errors == {} and page.view.open and page.view.paid == "400,00\u00a0€"
    remaining = _scheduled(case_id)
    assert len(remaining) == planned  # re-planned on what is left: messages ask for 2 000 €, not 2 400 €
    assert any("2\u202f000,00\u00a0€" in a.body for a in remaining)
    assert not any("2\u202f400,00\u00a0€" in a.body for a in remaining)

    CaseState.record_payment.fn(page, {"pay_amount": "2 000", "pay_date": TODAY.isoformat(), "pay_method": "cheque"})
    assert not page.view.open and [a.kind for a in _scheduled(case_id)] == ["merci"]  # only the thank-you is left
    assert page.view.actions and all(a.status == "annulé" for a in page.view.actions if a.name != "Remerciement")
    with rx.session() as session:
        assert len(session.exec(select(Payment).where(Payment.case_id == case_id)).all()) == 2
    CaseState.record_payment.fn(page, {"pay_amount": "1", "pay_date": TODAY.isoformat(), "pay_method": "virement"})
    assert page.errors == {"form": "Ce dossier est clos."}


def test_promise_and_dispute_pause_and_are_in_the_history(new_browser):
    _, page, _ = _owner_with_case(new_browser, "promise@example.fr")
    CaseState.record_promise.fn(
        page, {"promise_date": (TODAY + timedelta(days=200)).isoformat(), "promise_amount": "1"}
    )
    assert "promise_date" in page.errors
    CaseState.record_promise.fn(
        page, {"promise_date": (TODAY + timedelta(days=10)).isoformat(), "promise_amount": "2400"}
    )
    assert page.view.pause.startswith("Relances suspendues : paiement promis")
    CaseState.record_dispute.fn(page, {"dispute_reason": "<script>alert(1)</script>"})
    assert "dispute_reason" in page.errors
    CaseState.record_dispute.fn(page, {"dispute_reason": "Livraison incomplète"})
    assert page.view.disputed and "litige" in page.view.pause
    CaseState.resolve_dispute.fn(page)
    assert not page.view.disputed
    texts = [row.text for row in page.view.history]
    assert any("Livraison incomplète" in t for t in texts) and any("Litige résolu" in t for t in texts)


def test_manual_action_done_with_its_outcome_and_a_new_invoice_over_the_credit_limit_alerts(new_browser):
    root, page, case_id = _owner_with_case(new_browser, "manual@example.fr")
    call = next(a for a in page.view.actions if a.manual)
    CaseState.mark_done.fn(page, call.id, {"outcome": "Rappel promis vendredi"})
    done = next(a for a in page.view.actions if a.id == call.id)
    assert done.status == "fait" and done.note == "Rappel promis vendredi"
    CaseState.mark_done.fn(page, call.id, {"outcome": "encore"})
    assert page.errors == {"form": "Cette action n'est plus à faire."}

    with rx.session() as session:
        case = owned(session, CollectionCase, case_id, owner=page._account_id)
        debtor = store.case_debtor(session, case=case)
        debtor.credit_limit_cents = 300000
        session.add(debtor)
        session.commit()
    form = {
        "number_new": "F-NEW-1",
        "issue_new": TODAY.isoformat(),
        "due_new": (TODAY + timedelta(days=30)).isoformat(),
        "amount_new": "1 000",
        "vat_new": "20",
    }
    CaseState.add_invoice.fn(page, form)
    assert page.errors == {} and len(page.view.invoices) == 2
    assert page.view.credit_warning.startswith("Encours autorisé dépassé")
    CaseState.add_invoice.fn(page, form)
    assert page.errors == {"number_new": "Cette facture existe déjà dans un de vos dossiers."}
    home = sub(root, AccountState)
    AccountState.load.fn(home)
    assert any("Encours autorisé dépassé" in alert.text for alert in home.home.alerts)
    AccountState.dismiss_alert.fn(home, home.home.alerts[0].id)
    assert not any("Encours" in alert.text for alert in home.home.alerts)


def test_account_home_totals_filters_and_search(new_browser):
    root, _, _ = _owner_with_case(new_browser, "home@example.fr")
    home = sub(root, AccountState)
    AccountState.load.fn(home)
    assert home.home.outstanding == "2\u202f400,00\u00a0€" and home.home.overdue == "0,00\u00a0€"
    assert home.home.buckets[0] == ["Non échu", "2\u202f400,00\u00a0€"]
    assert [line.debtor for line in home.shown_lines] == ["Boulangerie Martin SARL"]
    AccountState.set_search.fn(home, "zzz")
    assert home.shown_lines == []
    AccountState.set_search.fn(home, "martin")
    AccountState.set_filter.fn(home, "clos")
    assert home.shown_lines == []
    AccountState.set_filter.fn(home, {"forged": 1})
    assert home.filter == "tous"


def test_another_account_cannot_act_on_a_case_or_its_actions_or_alerts(new_browser):
    _, victim_page, victim_case = _owner_with_case(new_browser, "victim2@example.fr")
    victim_action = victim_page.view.actions[0].id
    intruder_root, intruder_page, _ = _owner_with_case(new_browser, "intruder2@example.fr", siren="552100554")
    intruder_page._case_id = victim_case  # even a leaked backend id is re-checked against the account
    CaseState.record_payment.fn(
        intruder_page, {"pay_amount": "1", "pay_date": TODAY.isoformat(), "pay_method": "virement"}
    )
    CaseState.add_note.fn(intruder_page, {"note": "intrusion"})
    CaseState.close.fn(intruder_page)
    own = sub(intruder_root, CaseState)
    CaseState.load.fn(own)
    CaseState.mark_done.fn(own, victim_action, {"outcome": "intrusion"})
    with rx.session() as session:
        assert not session.exec(select(Payment).where(Payment.case_id == victim_case)).all()
        assert not session.exec(
            select(CaseEvent).where(CaseEvent.case_id == victim_case, CaseEvent.text == "intrusion")
        ).all()
        assert session.get(CaseAction, victim_action).status == "scheduled"
        victim_event = session.exec(select(CaseEvent).where(CaseEvent.case_id == victim_case)).first()
    home = sub(intruder_root, AccountState)
    if victim_event is not None:
        AccountState.dismiss_alert.fn(home, victim_event.id)
        with rx.session() as session:
            assert session.get(CaseEvent, victim_event.id).seen_at is None


def test_a_case_entered_late_starts_with_the_first_reminder_and_skips_the_stale_pre_reminder(new_browser):
    """The invoice is 20 days late when entered: the standard scenario's J+3, J+10 and J+20 are all past."""
    root, _, case = sign_up_with_case(new_browser, company="Atelier Tardif", debtor="Client Tardif", number="T-1")
    case_id = case.id
    page = sub(root, CaseState)
    page.router.page.params["case_id"] = str(case_id)
    CaseState.load.fn(page)
    with rx.session() as session:
        actions = list(session.exec(select(CaseAction).where(CaseAction.case_id == case_id)))
        shift = session.get(CollectionCase, case_id).schedule_shift_days
    skipped = [a for a in actions if a.status == "skipped"]
    assert [(a.step_position, a.outcome) for a in skipped] == [
        (0, reminder_store.PAST_DUE_NOTE)
    ]  # the J−7 pre-reminder
    now = [a for a in actions if a.status == "scheduled" and a.scheduled_for <= TODAY]
    assert now and {a.step_position for a in now} == {1}  # only the first reminder goes at once
    assert shift > 0 and all(a.scheduled_for > TODAY for a in actions if a.step_position > 1)
    shown = {row.name: (row.status, row.note) for row in page.view.actions}
    assert ("annulé", reminder_store.PAST_DUE_NOTE) in shown.values()
