"""The owner's "recours" page of a case: payment plan, hand-over to professionals (circular collection), the
legal path and its documents, the evidence bundle and the JSON exchange with a platform.

A sibling of CaseState: every handler re-checks the session and loads the case through the signed-in account
(core.owner.owned) from the server-held case id; arguments are validated here; plan and professional ids are never
taken from the browser alone (the pending proposal is read from the database, professionals are checked against
those recommended for this case)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import reflex as rx
from sqlmodel import Session

from guide_app.accounts.roles import MANAGE
from guide_app.accounts.state import AuthState, needs
from guide_app.cases import lifecycle as cases
from guide_app.core.clock import today
from guide_app.core.forms import Form
from guide_app.core.parse import InputError, parse_amount, parse_date, parse_whole
from guide_app.models import CollectionCase
from guide_app.recourse import dossier, escalation_store, plan_store
from guide_app.recourse.cascade import MAX_PROFESSIONALS, CascadeError
from guide_app.recourse.case_export import ReportError, export_json, read_report
from guide_app.recourse.evidence import bundle, injonction_summary
from guide_app.recourse.plans import MAX_INSTALMENTS, Instalment, PlanError, equal_split, parse_lines
from guide_app.recourse.professionals import DEBTOR_TYPES, REGIONS
from guide_app.recourse.view import RecourseView, recourse_view

DEFAULT_REGION = "IDF"


class RecourseState(AuthState):
    found: bool = False
    view: RecourseView = RecourseView()
    errors: dict[str, str] = {}
    notice: str = ""
    debtor_type: str = "entreprise"
    region: str = DEFAULT_REGION
    choices: list[str] = ["", "", ""]  # the professionals picked, in order (pre-filled with the recommended)
    _case_id: int = 0

    def _case(self, session: Session) -> CollectionCase | None:
        """The case on screen, if it still belongs to the signed-in account."""
        return self._own_case(session, self._case_id)

    def _show(self, session: Session, case: CollectionCase) -> None:
        self.view = recourse_view(session, case=case, today=today(), debtor_type=self.debtor_type, region=self.region)
        ranked = [pro.id for pro in self.view.pros]
        if not self.choices or not self.choices[0] or any(c and c not in ranked for c in self.choices):
            self.choices = [*ranked[:MAX_PROFESSIONALS], *[""] * MAX_PROFESSIONALS][:MAX_PROFESSIONALS]

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        redirect = self._require_account()
        if redirect is not None:
            return redirect
        self._case_id = self._route_case_id()
        self.errors, self.notice = {}, ""
        with rx.session() as session:
            case = self._case(session)
            self.found = case is not None
            if case is None:
                return None
            escalation_store.sync(session, case=case, today=today())
            plan_store.check_plan(session, case=case, today=today())
            running = escalation_store.latest(session, case=case)
            if running is not None:
                self.debtor_type, self.region = running.debtor_type, running.region
            session.refresh(case)
            self._show(session, case)
        return None

    def _run(
        self, apply: Callable[[Session, CollectionCase], str | None], *, needs_open: bool = True
    ) -> rx.event.EventSpec | None:
        """Applies one change to the owned case and refreshes; `apply` returns the notice, or raises a French
        PlanError / CascadeError / ReportError / InputError shown on top of the page."""
        with rx.session() as session:
            case = self._case(session)
            if case is None:
                return self._sign_in_redirect() if self._resolve() is None else None
            if needs_open and case.status != "open":
                self.errors = {"form": "Ce dossier est clos."}
                return None
            try:
                notice = apply(session, case)
            except (PlanError, CascadeError, ReportError, InputError) as error:
                session.rollback()
                self.errors, self.notice = {"form": str(error)}, ""
                return None
            session.refresh(case)
            self._show(session, case)
        self.errors, self.notice = {}, notice or ""
        return None

    def _download(
        self, make: Callable[[Session, CollectionCase], rx.event.EventSpec | None]
    ) -> rx.event.EventSpec | None:
        """A file made on the server and handed to the browser as a data: URL (rx.download takes bytes)."""
        with rx.session() as session:
            case = self._case(session)
            if case is None:
                return self._sign_in_redirect() if self._resolve() is None else None
            self.errors, self.notice = {}, ""
            return make(session, case)

    # --- What the recommendation is based on ------------------------------------------------------------

    @rx.event
    def set_debtor_type(self, value: str) -> rx.event.EventSpec | None:
        self.debtor_type = value if isinstance(value, str) and value in DEBTOR_TYPES else "entreprise"
        return self._run(lambda session, case: None, needs_open=False)

    @rx.event
    def set_region(self, value: str) -> rx.event.EventSpec | None:
        self.region = value if isinstance(value, str) and value in REGIONS else DEFAULT_REGION
        return self._run(lambda session, case: None, needs_open=False)

    @rx.event
    def set_choice(self, index: int, value: str) -> None:
        """The professional picked at rank `index` (0-based); "" for none (ranks 2 and 3)."""
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < MAX_PROFESSIONALS:
            return
        if not isinstance(value, str) or (value and value not in {pro.id for pro in self.view.pros}):
            return
        choices = list(self.choices)
        choices[index] = value
        self.choices = choices

    # --- Payment plan ----------------------------------------------------------------------------------

    @rx.event
    @needs(MANAGE)
    def propose_plan(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        form = Form(form_data)
        schedule: list[Instalment] | None = None
        count: int | None = None
        first: date | None = None
        if form.text("plan_lines"):
            schedule = form.field("plan_lines", parse_lines)
        else:
            count = form.field(
                "plan_count",
                lambda v: parse_whole(v, field="Le nombre d'échéances", minimum=1, maximum=MAX_INSTALMENTS),
            )
            first = form.field("plan_first", lambda v: parse_date(v, field="La première échéance"))
        if form.errors:
            self.errors, self.notice = form.errors, ""
            return None

        def apply(session: Session, case: CollectionCase) -> str:
            plan = schedule
            if plan is None:
                assert count is not None and first is not None
                plan = equal_split(cases.balance(session, case=case), count, first)
            plan_store.propose(session, case=case, schedule=plan, today=today())
            return "Échéancier proposé : le client peut l'accepter depuis sa page de paiement."

        return self._run(apply)

    @rx.event
    @needs(MANAGE)
    def note_agreement(self) -> rx.event.EventSpec | None:
        """The debtor agreed outside the app (phone, e-mail): the owner's own pending proposal becomes active."""

        def apply(session: Session, case: CollectionCase) -> str:
            pending = plan_store.pending_proposal(session, case=case)
            if pending is None or pending.proposed_by != "owner":
                raise PlanError("Aucune proposition de votre part n'attend de réponse.")
            plan_store.accept_plan(session, case=case, plan_id=pending.id, today=today(), by="owner_for_debtor")
            return "Échéancier en place : les relances du scénario sont remplacées par les rappels d'échéance."

        return self._run(apply)

    @rx.event
    @needs(MANAGE)
    def accept_counter(self) -> rx.event.EventSpec | None:
        def apply(session: Session, case: CollectionCase) -> str:
            pending = plan_store.pending_proposal(session, case=case)
            if pending is None or pending.proposed_by != "debtor":
                raise PlanError("Aucune contre-proposition du client n'attend de réponse.")
            plan_store.accept_plan(session, case=case, plan_id=pending.id, today=today(), by="owner")
            return "Contre-proposition acceptée : l'échéancier est en place."

        return self._run(apply)

    @rx.event
    @needs(MANAGE)
    def withdraw_plan(self) -> rx.event.EventSpec | None:
        def apply(session: Session, case: CollectionCase) -> str:
            plan_store.withdraw_proposal(session, case=case)
            return "Proposition retirée."

        return self._run(apply)

    @rx.event
    @needs(MANAGE)
    def resume_reminders(self) -> rx.event.EventSpec | None:
        def apply(session: Session, case: CollectionCase) -> str:
            plan_store.resume_scenario(session, case=case, today=today())
            return "Échéancier arrêté : les relances du scénario reprennent."

        return self._run(apply)

    # --- Hand-over to professionals ----------------------------------------------------------------------

    @rx.event
    @needs(MANAGE)
    def escalate(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        form = Form(form_data)
        chosen: list[str] = []
        for index in range(1, MAX_PROFESSIONALS + 1):
            value = form.raw(f"pro_{index}")
            if isinstance(value, str) and value.strip() and len(value) <= 40:
                if value.strip() not in chosen:
                    chosen.append(value.strip())
            elif value not in ("", None):
                self.errors, self.notice = {"form": "Choix de professionnel illisible."}, ""
                return None
        if not chosen:
            self.errors, self.notice = {"form": "Choisissez au moins un professionnel."}, ""
            return None

        def apply(session: Session, case: CollectionCase) -> str:
            escalation_store.escalate(
                session,
                case=case,
                professional_ids=chosen,
                debtor_type=self.debtor_type,
                region=self.region,
                today=today(),
            )
            return "Dossier confié : le mandat est daté d'aujourd'hui et les relances automatiques sont arrêtées."

        return self._run(apply)

    def _report(self, outcome: str, amount: Decimal, notice: str) -> rx.event.EventSpec | None:
        def apply(session: Session, case: CollectionCase) -> str:
            escalation_store.report(session, case=case, outcome=outcome, amount=amount, today=today())
            return notice

        return self._run(apply)

    @rx.event
    @needs(MANAGE)
    def report_partial(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        form = Form(form_data)
        amount = form.field("recovered", lambda v: parse_amount(v, field="Le montant recouvré"))
        if amount is None:
            self.errors, self.notice = form.errors, ""
            return None
        return self._report("partiel", amount, "Montant recouvré enregistré comme paiement.")

    @rx.event
    @needs(MANAGE)
    def report_recovered(self) -> rx.event.EventSpec | None:
        return self._report("recouvre", Decimal(0), "Créance recouvrée : le dossier est soldé.")

    @rx.event
    @needs(MANAGE)
    def report_failed(self) -> rx.event.EventSpec | None:
        return self._report(
            "echec", Decimal(0), "Échec noté : le dossier passe au professionnel suivant s'il y en a un."
        )

    @rx.event
    @needs(MANAGE)
    def take_back(self) -> rx.event.EventSpec | None:
        def apply(session: Session, case: CollectionCase) -> str:
            escalation_store.take_back(session, case=case, today=today())
            return "Dossier repris : les relances du scénario reprennent."

        return self._run(apply)

    @rx.event
    @needs(MANAGE)
    def import_report(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
        text = Form(form_data).raw("report")

        def apply(session: Session, case: CollectionCase) -> str:
            if read_report(text).case_id != case.id:  # checked before anything is applied
                raise ReportError("Ce retour concerne un autre dossier : il est refusé ici.")
            _, line = escalation_store.apply_report(session, account_id=case.account_id, text=text, today=today())
            return line

        return self._run(apply, needs_open=False)

    # --- Documents --------------------------------------------------------------------------------------

    @rx.event
    def download_bundle(self) -> rx.event.EventSpec | None:
        def make(session: Session, case: CollectionCase) -> rx.event.EventSpec:
            data = bundle(dossier.export_case(session, case=case, today=today()))
            return rx.download(data=data, filename=f"dossier-{case.id}-preuves.zip", mime_type="application/zip")

        return self._download(make)

    @rx.event
    def download_export(self) -> rx.event.EventSpec | None:
        def make(session: Session, case: CollectionCase) -> rx.event.EventSpec:
            text = export_json(dossier.export_case(session, case=case, today=today()))
            return rx.download(data=text, filename=f"dossier-{case.id}.json", mime_type="application/json")

        return self._download(make)

    @rx.event
    def download_letter(self) -> rx.event.EventSpec | None:
        def make(session: Session, case: CollectionCase) -> rx.event.EventSpec | None:
            notice = dossier.export_case(session, case=case, today=today()).formal_notice
            if notice is None:
                self.errors = {"form": "Rien n'est échu : pas de mise en demeure à préparer."}
                return None
            text = f"Objet : {notice.subject}\n\n{notice.body}\n"
            return rx.download(data=text, filename=f"mise-en-demeure-{case.id}.txt", mime_type="text/plain")

        return self._download(make)

    @rx.event
    def download_injonction(self) -> rx.event.EventSpec | None:
        def make(session: Session, case: CollectionCase) -> rx.event.EventSpec | None:
            self._show(session, case)
            if not self.view.court_open:
                self.errors = {"form": "La voie judiciaire n'est pas encore ouverte pour ce dossier."}
                return None
            text = injonction_summary(dossier.export_case(session, case=case, today=today()))
            return rx.download(data=text, filename=f"injonction-de-payer-{case.id}.txt", mime_type="text/plain")

        return self._download(make)
