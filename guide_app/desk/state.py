"""The signed-in owner's collection: the account home and a case page with its day-to-day actions.

Every handler re-checks the session and loads the case through the account it belongs to (never from an id
the browser sent alone); every form is validated here, with a French message next to the field."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import reflex as rx
from sqlmodel import Session

from guide_app.accounts.roles import MANAGE
from guide_app.accounts.state import AuthState, needs
from guide_app.cases import lifecycle as cases
from guide_app.cases import store
from guide_app.cases.invoice import InvoiceSpec
from guide_app.cases.invoice_form import read_invoice
from guide_app.core import clock
from guide_app.core.clock import today
from guide_app.core.format import money
from guide_app.core.forms import Form
from guide_app.core.owner import owned
from guide_app.core.parse import parse_amount, parse_choice, parse_date, parse_name
from guide_app.desk.overview import CaseLine, CaseView, HomeView, case_view, home_view
from guide_app.models import CaseAction, CaseEvent, CollectionCase
from guide_app.recourse.letters import letter_pdf
from guide_app.reminders import store as reminder_store

FILTERS = ("tous", "en_retard", "a_faire", "clos")


class AccountState(AuthState):
    home: HomeView = HomeView()
    live: bool = False
    onboarding_done: bool = True
    filter: str = "tous"
    search: str = ""

    def _load(self) -> rx.event.EventSpec | None:
        redirect = self._require_account()
        if redirect is not None:
            return redirect
        with rx.session() as session:
            account = store.account(session, account_id=self._account_id)
            assert account is not None
            self.live, self.onboarding_done = account.live, account.onboarding_step >= 5
            self.home = home_view(session, account_id=self._account_id, today=today())
        return None

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        return self._load()

    @rx.event
    def set_filter(self, value: str) -> None:
        self.filter = value if value in FILTERS else "tous"

    @rx.event
    def set_search(self, value: str) -> None:
        self.search = value[:80] if isinstance(value, str) else ""

    @rx.var
    def shown_lines(self) -> list[CaseLine]:
        needle = self.search.strip().lower()
        keep = {
            "tous": lambda line: line.open,
            "en_retard": lambda line: line.open and line.overdue,
            "a_faire": lambda line: line.due_today,
            "clos": lambda line: not line.open,
        }[self.filter if self.filter in FILTERS else "tous"]
        return [line for line in self.home.lines if keep(line) and needle in line.debtor.lower()]

    @rx.event
    @needs(MANAGE)
    def dismiss_alert(self, event_id: int) -> rx.event.EventSpec | None:
        if self._resolve() is None:
            return self._sign_in_redirect()
        with rx.session() as session:
            event = owned(session, CaseEvent, event_id, owner=self._account_id)
            if event is not None:
                event.seen_at = clock.now()
                session.add(event)
                session.commit()
        return self._load()


class CaseState(AuthState):
    found: bool = False
    view: CaseView = CaseView()
    errors: dict[str, str] = {}
    notice: str = ""
    today_iso: str = ""  # default of date fields, as the browser's date input wants it
    outcome_for: int = 0  # the action whose form the "outcome" error sits under (one such form per action)
    _case_id: int = 0

    def _case(self, session: Session) -> CollectionCase | None:
        """The case on screen, if it still belongs to the signed-in account."""
        return self._own_case(session, self._case_id)

    def _show(self, session: Session, case: CollectionCase) -> None:
        self.view = case_view(session, case=case, today=today())

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        redirect = self._require_account()
        if redirect is not None:
            return redirect
        self._case_id = self._route_case_id()
        self.errors, self.notice, self.today_iso = {}, "", today().isoformat()
        with rx.session() as session:
            case = self._case(session)
            self.found = case is not None
            if case is not None:
                self._show(session, case)
        return None

    def _act(self, form_data: object, parse: Any, apply: Any, notice: str) -> rx.event.EventSpec | None:
        """Runs one form: parse → errors next to the fields, or apply to the owned, open case and refresh."""
        form = Form(form_data)
        values = parse(form)
        errors = form.errors
        with rx.session() as session:
            case = self._case(session)
            if case is None:
                return self._sign_in_redirect() if self._resolve() is None else None
            if case.status != "open":
                form.refuse("form", "Ce dossier est clos.")
            self.errors = errors
            if errors:
                return None
            apply(session, case, values)  # may refuse, in self.errors, what only the database can tell
            session.refresh(case)
            self._show(session, case)
        self.notice = "" if self.errors else notice
        return None

    @rx.event
    @needs(MANAGE)
    def record_payment(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        def parse(form: Form) -> tuple[Decimal, date, str] | None:
            amount = form.field("pay_amount", lambda v: parse_amount(v, field="Le montant"))
            paid_on = form.field("pay_date", lambda v: parse_date(v, field="La date du paiement"))
            method = form.field(
                "pay_method", lambda v: parse_choice(v, field="Le moyen", choices=tuple(cases.TYPED_METHODS))
            )
            if paid_on and paid_on > today():
                form.refuse("pay_date", "La date du paiement ne peut pas être dans le futur.")
            return (amount, paid_on, method) if not form.errors else None

        def apply(session: Session, case: CollectionCase, values: tuple[Decimal, date, str]) -> None:
            amount, paid_on, method = values
            owed = cases.balance(session, case=case)
            if amount > owed:
                self.errors = {"pay_amount": f"Le montant dépasse le restant dû ({money(owed)})."}
                return
            cases.record_payment(session, case=case, amount=amount, paid_on=paid_on, method=method, today=today())

        return self._act(form_data, parse, apply, "Paiement enregistré.")

    @rx.event
    @needs(MANAGE)
    def record_promise(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        def parse(form: Form) -> tuple[Decimal, date] | None:
            amount = form.field("promise_amount", lambda v: parse_amount(v, field="Le montant promis"))
            when = form.field("promise_date", lambda v: parse_date(v, field="La date promise"))
            if when and not today() <= when <= today() + timedelta(days=90):
                form.refuse("promise_date", "La date promise doit tomber dans les 90 prochains jours.")
            return (amount, when) if not form.errors else None

        def apply(session: Session, case: CollectionCase, values: tuple[Decimal, date]) -> None:
            cases.record_promise(session, case=case, amount=values[0], promised_for=values[1], source="owner")

        return self._act(form_data, parse, apply, "Promesse enregistrée : les relances attendent cette date.")

    @rx.event
    @needs(MANAGE)
    def record_dispute(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        def parse(form: Form) -> str | None:
            return form.field("dispute_reason", lambda v: parse_name(v, field="Le motif", max_length=1000))

        def apply(session: Session, case: CollectionCase, reason: str) -> None:
            cases.record_dispute(session, case=case, reason=reason, source="owner")

        return self._act(form_data, parse, apply, "Litige enregistré : les relances sont suspendues.")

    @rx.event
    @needs(MANAGE)
    def add_note(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        def parse(form: Form) -> str | None:
            return form.field("note", lambda v: parse_name(v, field="La note", max_length=1000))

        def apply(session: Session, case: CollectionCase, text: str) -> None:
            cases.add_note(session, case=case, text=text)

        return self._act(form_data, parse, apply, "Note ajoutée.")

    @rx.event
    @needs(MANAGE)
    def add_invoice(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        def parse(form: Form) -> InvoiceSpec | None:
            return read_invoice(form, "_new")

        def apply(session: Session, case: CollectionCase, spec: InvoiceSpec) -> None:
            if store.invoice_number_taken(session, account_id=case.account_id, numbers=[spec.number]):
                self.errors = {"number_new": "Cette facture existe déjà dans un de vos dossiers."}
                return
            cases.add_invoice(session, case=case, spec=spec, today=today())

        return self._act(form_data, parse, apply, "Facture ajoutée : les relances à venir en tiennent compte.")

    @rx.event
    @needs(MANAGE)
    def mark_done(self, action_id: int, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        def parse(form: Form) -> str | None:
            outcome = form.field(
                "outcome", lambda v: parse_name(v, field="Le résultat", max_length=500, required=False)
            )
            return outcome if not form.errors else None

        self.outcome_for = action_id if isinstance(action_id, int) and not isinstance(action_id, bool) else 0

        def apply(session: Session, case: CollectionCase, outcome: str) -> None:
            action = owned(session, CaseAction, action_id, owner=case.account_id)
            siblings = reminder_store.due_sms_siblings(session, action=action, now=clock.now()) if action else []
            if action is None or not cases.mark_done(session, case=case, action=action, outcome=outcome):
                self.errors = {"form": "Cette action n'est plus à faire."}
                return
            for sibling in siblings:  # one SMS a day for the client: the others went in this one
                other = session.get(CollectionCase, sibling.case_id)
                if other is not None:
                    note = f"Envoyé dans le même SMS que le dossier {case.id}."
                    cases.mark_done(session, case=other, action=sibling, outcome=note)

        return self._act(form_data, parse, apply, "Action notée comme faite.")

    @rx.event
    def download_letter(self, action_id: int) -> rx.event.EventSpec | None:
        """The PDF of one of this account's letter actions (a mise en demeure carries the legal mentions)."""
        if self._resolve() is None or not self._account_id:
            return self._sign_in_redirect()
        with rx.session() as session:
            pdf = letter_pdf(session, account_id=self._account_id, action_id=action_id)
        if pdf is None:
            self.errors = {"form": "Cette lettre n'existe pas dans vos dossiers."}
            return None
        return rx.download(data=pdf, filename=f"lettre-{action_id}.pdf")

    @rx.event
    @needs(MANAGE)
    def resolve_dispute(self) -> rx.event.EventSpec | None:
        return self._act(
            {},
            lambda form: True,
            lambda s, case, _: cases.resolve_disputes(s, case=case),
            "Litige résolu : les relances reprennent.",
        )

    @rx.event
    @needs(MANAGE)
    def close(self) -> rx.event.EventSpec | None:
        def apply(session: Session, case: CollectionCase, _: object) -> None:
            cases.close_case(session, case=case, why="clos par vous")
            session.commit()

        return self._act({}, lambda form: True, apply, "Dossier clos : plus aucune relance ne partira.")
