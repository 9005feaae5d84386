"""What the app connects at start-up, so that lower features never import higher ones: a case that changes
(payment, new invoice) has its reminders planned again, by the reminders side or by the payment plan or
professional that replaced the scenario (cases -> reminders and cases -> recourse would be upward imports).

Called by the app module (which also hands itself to workshop.live) and by the command-line jobs; calling it again
changes nothing.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from guide_app.cases import lifecycle, store
from guide_app.models import CollectionCase
from guide_app.recourse import plan_store
from guide_app.reminders import store as reminder_store


def replan(session: Session, case: CollectionCase, today: date) -> None:
    """While a payment plan or a professional has replaced the scenario, only the plan's reminders are updated. A case
    a payment just settled thanks its client (when nothing else is owed)."""
    if case.status == "closed":
        reminder_store.thank_payer(session, case=case, today=today)
    elif store.suspension(session, case=case):
        plan_store.settle_reminders(session, case=case)
    else:
        reminder_store.replan(session, case=case, today=today)


def install() -> None:
    lifecycle.set_replanner(replan)
