"""The onboarding wizard: account (1), reminder scenario (2), first case (3), timeline (4).

The account exists after step 1; each later step is saved in one transaction, and the account remembers the
step reached, so a reload or a sign-in on another phone resumes there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from guide_app.accounts import accounts
from guide_app.accounts.passwords import check_new_password, hash_password, off_loop
from guide_app.accounts.roles import MANAGE, OWNER
from guide_app.accounts.state import AuthState, needs
from guide_app.cases import store
from guide_app.cases.invoice import InvoiceSpec
from guide_app.cases.invoice_form import read_invoice
from guide_app.cases.ledger import DEBTOR_KINDS, agreed_rate_error, public_buyer, public_buyers
from guide_app.cases.risk import CHANNEL_LABELS, TONE_LABELS, Channel, RiskCategory, Tone
from guide_app.core import routes
from guide_app.core.clock import today
from guide_app.core.forms import Form
from guide_app.core.parse import (
    parse_amount,
    parse_choice,
    parse_email,
    parse_name,
    parse_percent,
    parse_phone,
    parse_whole,
)
from guide_app.core.siren import parse_optional_siren, parse_siren
from guide_app.desk.overview import CaseView, case_view
from guide_app.models import Account, Debtor
from guide_app.reminders import store as reminder_store
from guide_app.reminders.scenario import explain_scenario
from guide_app.reminders.steps import ScenarioStep, days_label, validate_steps
from guide_app.reminders.templates import check_template, render, sample_context
from guide_app.reminders.timeline import renderer, unpaid
from guide_app.workshop import lead_store

DRAFT_FIELDS = ("name", "offset_days", "channel", "tone", "subject", "body")
STEP_TITLES = ("Votre compte", "Votre scénario de relance", "Votre premier dossier", "Vos prochaines actions")


def parse_sign_up(form_data: object) -> tuple[dict[str, str], dict[str, str]]:
    """(values, errors): every field checked, each error in French next to its field."""
    form = Form(form_data)
    about_user = tuple(str(form.raw(name)) for name in ("company_name", "contact_name", "email"))
    checks: dict[str, Any] = {
        "company_name": lambda v: parse_name(v, field="Le nom de l'entreprise"),
        "siren": parse_siren,
        "contact_name": lambda v: parse_name(v, field="Votre nom"),
        "email": parse_email,
        "password": lambda v: check_new_password(v, about_user=about_user),
    }
    values = {name: str(value) for name, value in form.fields(checks).items()}
    if not form.checked("consent"):
        form.refuse("consent", "Cochez la case pour accepter le traitement de vos données.")
    return values, form.errors


class OnboardingState(AuthState):
    # The first step until `load` says otherwise: the page a new visitor gets is prerendered with the form already
    # in place (core/first_paint.py), not a spinner that the form then pushes down.
    step: int = 1
    errors: dict[str, str] = {}
    # An advisor's invitation (/inscription?invitation=…): the lead's details, to pre-fill step 1.
    prefill: dict[str, str] = {}

    _invitation: str = ""
    # The form is on the page before the server has run this visit's `load` (Reflex sends a page's load events back
    # once it has handled the hydration), so a quick tap's submit can be handled first: set by such a submit, so that
    # `load` keeps the errors it has just shown instead of wiping them.
    _submitted_before_load: bool = False

    def _read_invitation(self) -> None:
        token = self.router.url.query_parameters.get("invitation", "")
        with rx.session() as session:
            lead = lead_store.invited_lead(session, token=token)
        self._invitation = token if lead is not None else ""
        self.prefill = (
            {"company_name": lead.company_name, "contact_name": lead.contact_name, "email": lead.email}
            if lead is not None
            else {}
        )

    @rx.event
    def load(self) -> rx.event.EventSpec | None:
        if not self._submitted_before_load:
            self.errors = {}  # a new visit: the last one's errors would sit next to empty fields
        self._submitted_before_load = False
        if self._resolve() is None or not self._account_id:
            self._read_invitation()
            self.step = 1
            return None
        with rx.session() as session:
            account = session.get(Account, self._account_id)
            reached = account.onboarding_step if account else 5
        if reached >= 5:
            return rx.redirect(routes.ACCOUNT)
        self.step = reached
        return None

    @rx.event
    async def create_account(self, form_data: dict[str, Any]) -> rx.event.EventType[()] | None:
        if self.step != 1 or self._resolve() is not None:
            return None
        self._submitted_before_load = not self.is_hydrated  # false from the hydration until the load events ran
        values, errors = parse_sign_up(form_data)
        user_id = 0
        if not errors:
            password_hash = await off_loop(hash_password, values["password"])
            with rx.session() as session:
                try:
                    account, user = accounts.create_account(
                        session,
                        company_name=values["company_name"],
                        siren=values["siren"],
                        contact_name=values["contact_name"],
                        email=values["email"],
                        password_hash=password_hash,
                        visitor_token=self._token(),
                    )
                except accounts.EmailTaken:
                    errors["email"] = "Un compte existe déjà avec cette adresse : connectez-vous."
                else:
                    assert account.id is not None and user.id is not None
                    user_id = user.id
                    if self._invitation:  # the lead's diagnostic joins the account before pre-filling from it
                        lead_store.accept_invitation(session, token=self._invitation, account_id=account.id)
                        self._invitation, self.prefill = "", {}
                    level_id, profile = store.diagnostic_of(session, account_id=account.id)
                    reminder_store.create_default_scenarios(
                        session, account_id=account.id, level_id=level_id, profile=profile
                    )
        self.errors = errors
        if errors:
            return None
        self._start_session(user_id)
        self.step = 2
        return ScenarioEditor.open_scenario


# --- Step 2: the reminder scenario -----------------------------------------------------------------


@dataclass
class StepCard:
    index: int
    day: str
    name: str
    channel: str
    tone: str
    preview_subject: str
    preview_body: str


def _risk(raw: object) -> RiskCategory | None:
    try:
        return RiskCategory(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


class ScenarioEditor(OnboardingState):
    risk: str = RiskCategory.STANDARD.value
    cards: list[StepCard] = []
    reasons: list[str] = []
    editing: int = -1  # index of the step in the editor, len(cards) for a new one, -1 when closed
    draft: dict[str, str] = {}
    draft_errors: dict[str, str] = {}
    draft_preview: str = ""
    edit_serial: int = 0  # moves each time a step opens in the editor

    def _steps(self) -> list[ScenarioStep]:
        risk = _risk(self.risk) or RiskCategory.STANDARD
        with rx.session() as session:
            return reminder_store.scenario_steps(session, account_id=self._account_id, risk=risk)

    def _refresh(self) -> None:
        sample = sample_context()
        self.cards = [
            StepCard(
                index=i,
                day=days_label(step.offset_days),
                name=step.name,
                channel=CHANNEL_LABELS[step.channel],
                tone=TONE_LABELS[step.tone],
                preview_subject=render(step.subject, sample),
                preview_body=render(step.body, sample),
            )
            for i, step in enumerate(self._steps())
        ]
        with rx.session() as session:
            level_id, profile = store.diagnostic_of(session, account_id=self._account_id)
        self.reasons = explain_scenario(_risk(self.risk) or RiskCategory.STANDARD, level_id=level_id, profile=profile)

    def _guard(self) -> bool:
        """Signed in, with an account, at this step: otherwise the event is ignored."""
        return self._resolve() is not None and bool(self._account_id) and self.step == 2

    @rx.event
    def open_scenario(self) -> None:
        if self._guard():
            self.editing = -1
            self._refresh()

    @rx.event
    def choose_risk(self, risk: str) -> None:
        if self._guard() and _risk(risk) is not None:
            self.risk = risk
            self.editing = -1
            self._refresh()

    def _save(self, steps: list[ScenarioStep] | list[dict[str, object]]) -> dict[int, dict[str, str]]:
        valid, errors = validate_steps(steps)
        if not errors:
            with rx.session() as session:
                reminder_store.save_scenario(
                    session, account_id=self._account_id, risk=_risk(self.risk) or RiskCategory.STANDARD, steps=valid
                )
            self._refresh()
        return errors

    @rx.event
    def edit(self, index: int) -> None:
        steps = self._steps() if self._guard() else []
        if not isinstance(index, int) or not 0 <= index <= len(steps):
            return None
        step = steps[index] if index < len(steps) else None
        self.editing = index
        self.draft = {
            "name": step.name if step else "Nouvelle relance",
            "offset_days": str(step.offset_days) if step else "5",
            "channel": step.channel.value if step else Channel.EMAIL.value,
            "tone": step.tone.value if step else Tone.RAPPEL.value,
            "subject": step.subject if step else "Facture {facture} : où en est votre règlement ?",
            "body": step.body
            if step
            else "Bonjour {contact},\n\nSauf erreur de notre part, la facture {facture} de {montant_ttc}, échue le "
            "{echeance}, reste à régler.\n\n{entreprise}",
        }
        self.draft_errors = {}
        self._preview()
        self.edit_serial += 1  # the page brings the editor into view (components/effects.scroll_into_view)
        return None

    def _preview(self) -> None:
        errors = check_template(self.draft.get("subject", "")) + check_template(self.draft.get("body", ""))
        if errors:
            self.draft_preview = ""
            return
        sample = sample_context()
        self.draft_preview = (
            render(self.draft.get("subject", ""), sample) + "\n\n" + render(self.draft.get("body", ""), sample)
        )

    @rx.event
    def set_draft(self, field_name: str, value: str) -> None:
        if self.editing < 0 or field_name not in DRAFT_FIELDS or not isinstance(value, str):
            return
        self.draft = {**self.draft, field_name: value[:2000]}
        self._preview()

    @rx.event
    def save_draft(self) -> None:
        if not self._guard() or self.editing < 0:
            return
        steps: list[dict[str, object]] = [s.model_dump(mode="json") for s in self._steps()]
        if self.editing < len(steps):
            steps[self.editing] = dict(self.draft)
            position = self.editing
        else:
            steps.append(dict(self.draft))
            position = len(steps) - 1
        errors = self._save(steps)
        self.draft_errors = errors.get(position, {})
        if not errors:
            self.editing = -1
        elif not self.draft_errors:  # the draft is fine but it clashes with another step
            self.draft_errors = {"name": next(iter(next(iter(errors.values())).values()))}

    @rx.event
    def cancel_draft(self) -> None:
        self.editing = -1
        self.draft_errors = {}

    @rx.event
    def remove(self, index: int) -> None:
        steps = self._steps() if self._guard() else []
        if isinstance(index, int) and 0 <= index < len(steps) and len(steps) > 1:
            self._save([s for i, s in enumerate(steps) if i != index])
            self.editing = -1

    @rx.event
    def move(self, index: int, direction: int) -> None:
        """Swaps the days of a step and its neighbour: the order of the scenario follows the days."""
        steps = self._steps() if self._guard() else []
        other = index + direction if isinstance(index, int) and direction in (-1, 1) else -1
        if not (isinstance(index, int) and 0 <= index < len(steps) and 0 <= other < len(steps)):
            return
        moved = [s.model_dump(mode="json") for s in steps]
        moved[index]["offset_days"], moved[other]["offset_days"] = steps[other].offset_days, steps[index].offset_days
        moved[index], moved[other] = moved[other], moved[index]
        self._save(moved)
        self.editing = -1

    @rx.event
    @needs(OWNER)
    def accept(self) -> rx.event.EventType[()] | None:
        if not self._guard():
            return None
        with rx.session() as session:
            store.set_onboarding_step(session, account_id=self._account_id, step=3)
        self.step = 3
        self.editing = -1
        return CaseForm.open_case


# --- Step 3: the first case ------------------------------------------------------------------------

MAX_INVOICES = 10


def parse_case_form(
    form_data: object, invoice_count: int
) -> tuple[Debtor | None, list[InvoiceSpec], tuple[int, bool], dict[str, str]]:
    """(debtor, invoices, (terms days, end of month), errors by field name); nothing usable when errors."""
    form = Form(form_data)
    read = form.field
    debtor = Debtor(
        account_id=0,
        company_name=read("debtor_name", lambda v: parse_name(v, field="Le nom du client")) or "",
        siren=read("debtor_siren", parse_optional_siren),
        contact_name=read("debtor_contact", lambda v: parse_name(v, field="Le contact", required=False)) or "",
        email=read("debtor_email", lambda v: parse_email(v, field="L'e-mail du client", required=False)) or "",
        phone=read("debtor_phone", lambda v: parse_phone(v, field="Le téléphone du client")) or "",
        risk_category=read("risk", lambda v: parse_choice(v, field="La catégorie", choices=RISK_CHOICES)) or "",
    )
    limit = read("credit_limit", lambda v: parse_amount(v, field="Le plafond d'encours") if str(v).strip() else None)
    debtor.credit_limit_cents = store.to_cents(limit) if limit is not None else None
    debtor.kind = read("debtor_kind", _debtor_kind) or ""
    if debtor.kind == "public":
        debtor.public_buyer = read("public_buyer", _public_buyer) or ""
    agreed = read("agreed_rate", lambda v: parse_percent(v, field="Le taux de pénalité") if str(v).strip() else None)
    if agreed is not None and form.ok("debtor_kind"):
        form.refuse("agreed_rate", agreed_rate_error(debtor.kind, agreed, today()))
    debtor.agreed_rate_bp = int(agreed * 10000) if agreed is not None else None

    invoices: list[InvoiceSpec] = []
    for i in range(invoice_count):
        spec = read_invoice(form, f"_{i}")
        if spec is not None and spec.number in [invoice.number for invoice in invoices]:
            form.refuse(f"number_{i}", "Deux factures portent ce numéro.")
        elif spec is not None:
            invoices.append(spec)
    buyer = public_buyer(debtor.kind, debtor.public_buyer)
    days = read(
        "terms_days",
        lambda v: (
            parse_whole(v, field="Le délai de paiement", maximum=365)
            if str(v or "").strip() or buyer is None
            else buyer.days
        ),  # left empty for a public buyer: its legal term
    )
    end_of_month = form.checked("terms_eom")
    if form.errors:
        return None, [], (0, False), form.errors
    return debtor, invoices, (days, end_of_month), {}


RISK_CHOICES = tuple(risk.value for risk in RiskCategory)


def _debtor_kind(raw: object) -> str:
    return parse_choice(raw or "professionnel", field="Le type de client", choices=tuple(DEBTOR_KINDS))


def _public_buyer(raw: object) -> str:
    return parse_choice(raw or "etat", field="Le type d'acheteur public", choices=tuple(public_buyers()))


class CaseForm(OnboardingState):
    invoice_count: int = 1
    case_errors: dict[str, str] = {}
    default_terms: str = "30"

    @rx.event
    def open_case(self) -> None:
        if self.step != 3 or self._resolve() is None or not self._account_id:
            return
        with rx.session() as session:
            _, profile = store.diagnostic_of(session, account_id=self._account_id)
        terms = (profile or {}).get("payment_terms")
        self.default_terms = str(terms) if isinstance(terms, int) else "30"

    @rx.event
    def add_invoice(self) -> None:
        self.invoice_count = min(self.invoice_count + 1, MAX_INVOICES)

    @rx.event
    def remove_invoice(self) -> None:
        self.invoice_count = max(self.invoice_count - 1, 1)

    @rx.event
    @needs(MANAGE)
    def create_case(self, form_data: dict[str, Any]) -> rx.event.EventType[()] | None:
        if self.step != 3 or self._resolve() is None or not self._account_id:
            return None
        debtor, invoices, (days, end_of_month), errors = parse_case_form(form_data, self.invoice_count)
        if debtor is not None:
            with rx.session() as session:
                for number in store.invoice_number_taken(
                    session, account_id=self._account_id, numbers=[i.number for i in invoices]
                ):
                    index = [i.number for i in invoices].index(number)
                    errors[f"number_{index}"] = "Cette facture existe déjà dans un de vos dossiers."
                if not errors:
                    creditor = store.account(session, account_id=self._account_id)
                    assert creditor is not None
                    reminder_store.create_case(
                        session,
                        account_id=self._account_id,
                        debtor=debtor,
                        invoices=invoices,
                        terms_days=days,
                        terms_end_of_month=end_of_month,
                        today=today(),
                        render=renderer(creditor=creditor, debtor=debtor, owed_on=unpaid(invoices, debtor)),
                    )
                    store.set_onboarding_step(session, account_id=self._account_id, step=4)
        self.case_errors = errors
        if errors:
            return None
        self.step = 4
        return TimelineStep.open_timeline


# --- Step 4: the timeline --------------------------------------------------------------------------


class TimelineStep(OnboardingState):
    view: CaseView = CaseView()

    @rx.event
    def open_timeline(self) -> None:
        if self.step != 4 or self._resolve() is None or not self._account_id:
            return
        with rx.session() as session:
            latest = next(iter(store.cases(session, account_id=self._account_id)), None)
            if latest is not None:
                self.view = case_view(session, case=latest, today=today())

    @rx.event
    @needs(OWNER)
    def finish(self) -> rx.event.EventSpec | None:
        if self.step != 4 or self._resolve() is None or not self._account_id:
            return None
        with rx.session() as session:
            store.set_onboarding_step(session, account_id=self._account_id, step=5)
        return rx.redirect(routes.ACCOUNT)
