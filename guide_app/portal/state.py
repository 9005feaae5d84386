"""The debtor's page state. The link's token is the only credential: it is checked against the database on load
and again in every handler (a closed case or a changed token ends access at once). Nothing else of the
account is loaded, and no id ever comes from the browser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx
from sqlmodel import Session

from guide_app.core import clock, throttle
from guide_app.core.clock import today
from guide_app.core.format import day
from guide_app.core.forms import Form
from guide_app.models import CollectionCase
from guide_app.portal import access as portal
from guide_app.portal.view import DebtorView, debtor_view, summary_csv
from guide_app.recourse import plan_store
from guide_app.recourse.plans import PlanError
from guide_app.recourse.view import PlanView, plan_view

FORMS = ("promise", "dispute", "plan")


class DebtorPortalState(rx.State):
    status: str = "loading"  # loading | missing | throttled | shown
    view: DebtorView = DebtorView()
    plan: PlanView = PlanView()  # an instalment plan proposed or running, if any
    form: str = ""  # the action form open: "" | promise | dispute | plan
    errors: dict[str, str] = {}
    notice: str = ""

    _case_id: int = 0
    _token: str = ""

    def _forget(self) -> None:
        self.status = "missing"
        self.view = DebtorView()
        self.form, self.errors, self.notice = "", {}, ""
        self._case_id, self._token = 0, ""

    def _case(self, session: Session) -> CollectionCase | None:
        """The case this browser opened, if its link still opens it; otherwise the page is emptied."""
        case = portal.case_by_token(session, token=self._token) if self._case_id else None
        if case is None or case.id != self._case_id:
            self._forget()
            return None
        return case

    @rx.event
    def load(self) -> None:
        token = self.router.page.params.get("token", "")
        self.form, self.errors, self.notice = "", {}, ""
        guesses = (throttle.WRONG_LINKS, self.router.session.client_ip)
        if throttle.refusal(guesses) is not None:
            self._forget()
            self.status = "throttled"
            return
        with rx.session() as session:
            case = portal.case_by_token(session, token=token)
            if case is None or case.id is None:
                throttle.failed(guesses)
                self._forget()
                return
            self._case_id, self._token = case.id, str(token)
            portal.record_visit(session, case=case)
            self._refresh(session, case)
        self.status = "shown"

    def _refresh(self, session: Session, case: CollectionCase) -> None:
        self.view = debtor_view(session, case=case, today=today())
        self.plan = plan_view(session, case=case, today=today())

    @rx.event
    def accept_plan(self) -> rx.event.EventSpec | None:
        """The debtor agrees to the instalments the creditor proposed (the plan on screen, re-read here)."""
        with rx.session() as session:
            case = self._case(session)
            if case is None or self.plan.state != "proposed_by_owner":
                return None
            try:
                plan_store.accept_plan(session, case=case, plan_id=self.plan.plan_id, today=today())
            except PlanError as error:
                self.errors = {"plan": str(error)}
                return None
            self._refresh(session, case)
        self.errors = {}
        self.notice = f"Merci : l'échéancier est accepté et transmis à {self.view.creditor}."
        return None  # the page brings the notice into view (components/effects.when_changed)

    @rx.event
    def propose_plan(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        """The debtor's own schedule, one instalment a line: « 15/07/2026 ; 800 »."""
        if self.form != "plan":
            return None
        with rx.session() as session:
            case = self._case(session)
            if case is None:
                return None
            try:
                plan_store.counter_propose(session, case=case, schedule=str(Form(form_data).raw("schedule"))[:2000])
            except PlanError as error:
                self.errors = {"schedule": str(error)}
                return None
            self._refresh(session, case)
        self.errors, self.form = {}, ""
        self.notice = f"Votre proposition d'échéancier a été transmise à {self.view.creditor}."
        return None  # the page brings the notice into view (components/effects.when_changed)

    @rx.event
    def open_form(self, which: str) -> None:
        if self.status == "shown" and isinstance(which, str) and which in FORMS:
            self.form, self.errors, self.notice = which, {}, ""

    @rx.event
    def close_form(self) -> None:
        self.form, self.errors = "", {}

    def _record(
        self, which: str, record: Callable[[Session, CollectionCase], dict[str, str]], notice: str
    ) -> rx.event.EventSpec | None:
        """The open form `which` sent: `record` returns French errors by field, or stores it; then `notice`."""
        if self.form != which:
            return None
        with rx.session() as session:
            case = self._case(session)
            if case is None:
                return None
            errors = record(session, case)
            if not errors:
                self._refresh(session, case)
        self.errors = errors
        if errors:
            return None
        self.form = ""
        self.notice = notice.format(creditor=self.view.creditor)
        return None  # the page brings the notice into view (components/effects.when_changed)

    @rx.event
    def promise(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        return self._record(
            "promise",
            lambda session, case: portal.record_promise(
                session,
                case=case,
                raw_date=Form(form_data).raw("promise_date"),
                raw_amount=Form(form_data).raw("promise_amount"),
                today=today(),
                now=clock.now(),
            ),
            "Merci : votre engagement a été transmis à {creditor}.",
        )

    @rx.event
    def dispute(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        return self._record(
            "dispute",
            lambda session, case: portal.record_dispute(
                session, case=case, raw_reason=Form(form_data).raw("reason"), now=clock.now()
            ),
            "Votre contestation a été transmise à {creditor}, qui reviendra vers vous.",
        )

    @rx.event
    def download(self) -> rx.event.EventSpec | None:
        with rx.session() as session:
            case = self._case(session)
            if case is None:
                return None
            data = summary_csv(session, case=case, today=today())
        return rx.download(
            data=data, filename=f"recapitulatif-{day(today()).replace('/', '-')}.csv", mime_type="text/csv"
        )
