"""One SMS a day for a client: when several cases of one client (one phone number) have an SMS due, the case page
offers one SMS for all their invoices, and marking it sent marks the others sent."""

from __future__ import annotations

import reflex as rx
from sqlmodel import select

from guide_app.accounts.state import AuthState
from guide_app.cases import lifecycle
from guide_app.cases.ledger import combine
from guide_app.core import clock
from guide_app.core.format import money
from guide_app.desk.state import CaseState
from guide_app.models import CaseAction, CollectionCase, Debtor, Dispute
from tests.integration.form_specs import _page, signed_in
from tests.integration.owners import TODAY, fresh_case, sign_up_with_case, sub

PHONE = "06 12 34 56 78"


def _sms_today(case: CollectionCase) -> int:
    """An SMS step of the case, due today (the others are left as planned)."""
    with rx.session() as session:
        row = CaseAction(
            account_id=case.account_id,
            case_id=case.id,
            step_position=50,
            name="SMS de dernière relance",
            channel="sms",
            tone="ferme",
            scheduled_for=TODAY,
            body=f"SMS du dossier {case.id}",
            created_at=clock.now(),
        )
        session.add(row)
        debtor = session.get(Debtor, case.debtor_id)
        debtor.phone = PHONE if case.id % 2 else "+33 6 12 34 56 78"  # the same number, written two ways
        session.add(debtor)
        session.commit()
        return row.id


def test_one_sms_covers_the_clients_due_sms_and_marks_them_sent(new_browser):
    root, account_id, _ = sign_up_with_case(new_browser, company="Atelier SMS", debtor="Client Un", number="U-1")
    user_id = sub(root, AuthState)._user_id
    first = fresh_case(account_id, debtor="Boulangerie Martin SARL", prefix="SMS")
    second = fresh_case(account_id, debtor="Boulangerie Martin SARL", prefix="SMS")
    disputed = fresh_case(account_id, debtor="Boulangerie Martin SARL", prefix="SMS")
    ids = [_sms_today(case) for case in (first, second, disputed)]
    with rx.session() as session:
        session.add(
            Dispute(
                account_id=account_id, case_id=disputed.id, reason="Livraison", source="owner", created_at=clock.now()
            )
        )
        session.commit()
        owed = combine(
            [lifecycle.case_ledger(session, case=session.get(CollectionCase, c.id)) for c in (first, second)]
        )

    page = _page(signed_in(user_id), CaseState, f"/compte/dossiers/{first.id}", case_id=str(first.id))
    CaseState.load.fn(page)
    [sms] = [a for a in page.view.actions if a.id == ids[0]]
    numbers = [line.number for line in owed.lines]
    assert all(number in sms.body for number in numbers) and money(owed.principal) in sms.body
    assert "SMS du dossier" not in sms.body and sms.link.startswith("sms:+33612345678?body=")
    assert sms.note.startswith("Un seul SMS pour ce client aujourd'hui : il couvre aussi 1 autre dossier")

    CaseState.mark_done.fn(page, ids[0], {"outcome": ""})
    with rx.session() as session:
        rows = {row.id: row for row in session.exec(select(CaseAction).where(CaseAction.id.in_(ids)))}
    assert rows[ids[0]].status == "done"
    assert (rows[ids[1]].status, rows[ids[1]].outcome) == (
        "done",
        f"Envoyé dans le même SMS que le dossier {first.id}.",
    )
    assert rows[ids[2]].status == "scheduled"  # a disputed case is not claimed in the SMS

    alone = fresh_case(account_id, debtor="Garage Lemoine", prefix="SMS")
    lone = _sms_today(alone)
    with rx.session() as session:
        debtor = session.get(Debtor, alone.debtor_id)
        debtor.phone = "07 00 00 00 01"
        session.add(debtor)
        session.commit()
    page = _page(signed_in(user_id), CaseState, f"/compte/dossiers/{alone.id}", case_id=str(alone.id))
    CaseState.load.fn(page)
    [sms] = [a for a in page.view.actions if a.id == lone]
    assert sms.body == f"SMS du dossier {alone.id}" and sms.note == ""
