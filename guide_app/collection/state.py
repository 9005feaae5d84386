"""The signed-in owner's cases: the account home list and one case's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import reflex as rx

from guide_app import routes
from guide_app.auth.state import AuthState
from guide_app.collection import store
from guide_app.collection.timeline import CaseView, case_view
from guide_app.format import day, money


@dataclass
class CaseLine:
    href: str
    debtor: str
    amount: str
    days_late: int
    next_action: str


class AccountState(AuthState):
    lines: list[CaseLine] = []
    live: bool = False
    onboarding_done: bool = True

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        redirect = self._require_account()
        if redirect is not None:
            return redirect
        today = date.today()
        with rx.session() as session:
            account = store.account(session, account_id=self._account_id)
            assert account is not None
            self.live, self.onboarding_done = account.live, account.onboarding_step >= 5
            lines = []
            for case in store.cases(session, account_id=self._account_id):
                assert case.id is not None
                invoices = store.case_invoices(session, case=case)
                upcoming = [a for a in store.case_actions(session, case=case) if a.status == "scheduled"]
                oldest_due = min(i.due_date for i in invoices)
                lines.append(
                    CaseLine(
                        href=routes.case(case.id),
                        debtor=store.case_debtor(session, case=case).company_name,
                        amount=money(store.from_cents(sum(i.amount_ttc_cents for i in invoices))),
                        days_late=max(0, (today - oldest_due).days),
                        next_action=f"{day(upcoming[0].scheduled_for)} · {upcoming[0].name}" if upcoming else "",
                    )
                )
        self.lines = lines
        return None


class CaseState(AuthState):
    found: bool = False
    view: CaseView = CaseView()

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        redirect = self._require_account()
        if redirect is not None:
            return redirect
        raw = self.router.page.params.get("case_id", "")
        case_id = int(raw) if isinstance(raw, str) and raw.isdigit() and len(raw) < 10 else None
        with rx.session() as session:
            case = store.own_case(session, account_id=self._account_id, case_id=case_id)
            self.found = case is not None
            self.view = (
                case_view(session, account_id=self._account_id, case=case, today=date.today()) if case else CaseView()
            )
        return None
